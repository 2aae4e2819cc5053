"""The indicator tree of `jixiao.scheme/1`: branches, leaves and their method fields."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.engine.formats.fields import Checker, child
from jixiao.engine.formats.issues import IssueCode
from jixiao.engine.methods import DEFINITION_FIELDS, METHOD_RULES
from jixiao.engine.model import AppliesTo, Branch, Indicator, Leaf, Method

_COMMON = ("periods", "applies_to", "key_project", "binding", "scorers")
_ONE = Decimal(1)


class _Tree:
    def __init__(
        self, checker: Checker, periods: tuple[str, ...], groups: set[str], units: set[str]
    ) -> None:
        self.checker = checker
        self.periods = periods
        self.groups = groups
        self.units = units
        self.seen: dict[str, str] = {}

    def nodes(self, raw: object, path: str) -> tuple[Indicator, ...]:
        result: list[Indicator] = []
        items = self.checker.items(raw, path)
        if isinstance(raw, list) and not raw:
            self.checker.add(path, "指标列表不能为空", IssueCode.OUT_OF_RANGE)
        for index, item in enumerate(items):
            node = self.node(item, child(path, index))
            if node is not None:
                result.append(node)
        return tuple(result)

    def node(self, raw: object, path: str) -> Indicator | None:
        checker = self.checker
        if isinstance(raw, Mapping) and "children" in raw:
            entry = checker.mapping(raw, path, required=("code", "name", "children"))
            if entry is None:
                return None
            code = self.code(entry.get("code"), path)
            name = checker.text(entry.get("name"), child(path, "name"))
            children = self.nodes(entry.get("children"), child(path, "children"))
            if code is None or name is None or not children:
                return None
            return Branch(code, name, children)
        entry = checker.mapping(
            raw,
            path,
            required=("code", "name", "points", "method"),
            optional=(*DEFINITION_FIELDS, *_COMMON),
        )
        if entry is None:
            return None
        return self.leaf(entry, path)

    def code(self, raw: object, path: str) -> str | None:
        code = self.checker.text(raw, child(path, "code"))
        if code is not None and code in self.seen:
            self.checker.add(
                child(path, "code"),
                f"指标代码“{code}”重复（与 {self.seen[code]} 相同）",
                IssueCode.DUPLICATE,
            )
            return None
        if code is not None:
            self.seen[code] = path
        return code

    def leaf(self, entry: Mapping[str, Any], path: str) -> Leaf | None:
        checker = self.checker
        code = self.code(entry.get("code"), path)
        name = checker.text(entry.get("name"), child(path, "name"))
        points = checker.number(
            entry.get("points"), child(path, "points"), positive=True, what="分值"
        )
        method_name = checker.choice(
            entry.get("method"), child(path, "method"), [m.value for m in Method], "评分方法"
        )
        method = Method(method_name) if method_name is not None else None
        fields = self.method_fields(entry, path, method) if method is not None else None
        periods = self.shares(entry.get("periods"), child(path, "periods"), "periods" in entry)
        applies_to = self.applies_to(entry.get("applies_to", "all"), child(path, "applies_to"))
        key_project = checker.flag(entry.get("key_project", False), child(path, "key_project"))
        binding = checker.flag(entry.get("binding", False), child(path, "binding"))
        scorers: list[str] = []
        for index, item in enumerate(
            checker.items(entry.get("scorers", []), child(path, "scorers"))
        ):
            scorer = checker.text(item, child(child(path, "scorers"), index))
            if scorer is not None:
                scorers.append(scorer)
        if (
            code is None
            or name is None
            or points is None
            or method is None
            or fields is None
            or periods is None
            or applies_to is None
            or key_project is None
            or binding is None
        ):
            return None
        return Leaf(
            code=code,
            name=name,
            points=points,
            method=method,
            periods=periods,
            applies_to=applies_to,
            key_project=key_project,
            binding=binding,
            scorers=tuple(scorers),
            **fields,
        )

    def method_fields(
        self, entry: Mapping[str, Any], path: str, method: Method
    ) -> dict[str, Any] | None:
        checker = self.checker
        before = len(checker.issues)
        allowed = METHOD_RULES[method].definition
        for key in DEFINITION_FIELDS:
            if key in entry and key not in allowed:
                checker.add(
                    child(path, key),
                    f"字段“{key}”不适用于 {method.value} 方法",
                    IssueCode.UNKNOWN_KEY,
                )
        for key in METHOD_RULES[method].required:
            if key not in entry:
                checker.add(
                    child(path, key),
                    f"{method.value} 方法缺少必填字段“{key}”",
                    IssueCode.MISSING_FIELD,
                )
        fields: dict[str, Any] = {}
        if "target" in allowed and "target" in entry:
            positive = method is Method.RATIO
            fields["target"] = checker.number(
                entry["target"], child(path, "target"), positive=positive, what="目标值"
            )
        if "floor" in allowed and "floor" in entry:
            fields["floor"] = checker.number(entry["floor"], child(path, "floor"), what="下限")
            target = fields.get("target")
            if fields["floor"] is not None and target is not None and fields["floor"] >= target:
                checker.add(
                    child(path, "floor"),
                    f"下限 {fields['floor']} 必须小于目标值 {target}",
                    IssueCode.OUT_OF_RANGE,
                )
        if "lower_is_better" in allowed and "lower_is_better" in entry:
            fields["lower_is_better"] = checker.flag(
                entry["lower_is_better"], child(path, "lower_is_better")
            )
        if "per_incident" in allowed and "per_incident" in entry:
            fields["per_incident"] = checker.number(
                entry["per_incident"], child(path, "per_incident"), positive=True, what="每次扣分"
            )
        if "table" in allowed and "table" in entry:
            fields["table"] = self.rank_table(entry["table"], child(path, "table"))
        return fields if len(checker.issues) == before else None

    def rank_table(self, raw: object, path: str) -> dict[int, Decimal]:
        checker = self.checker
        table: dict[int, Decimal] = {}
        if not isinstance(raw, Mapping) or not raw:
            checker.add(path, "名次表应为非空映射，如 {1: 1, 2: 0.9}", IssueCode.WRONG_TYPE)
            return table
        for key, value in raw.items():
            key_path = child(path, str(key))
            rank = int(key) if isinstance(key, str) and key.isdigit() else key
            rank = checker.integer(rank, key_path, minimum=1, what="名次")
            factor = checker.number(
                value, key_path, minimum=Decimal(0), maximum=_ONE, what="得分系数"
            )
            if rank is not None and rank in table:
                checker.add(key_path, f"名次 {rank} 重复", IssueCode.DUPLICATE)
            elif rank is not None and factor is not None:
                table[rank] = factor
        return table

    def shares(self, raw: object, path: str, given: bool) -> dict[str, Decimal] | None:
        checker = self.checker
        if not given:
            if self.periods and "Q4" not in self.periods:
                checker.add(
                    path, "未填写时默认全部在 Q4，但方案没有 Q4 考评周期", IssueCode.MISSING_FIELD
                )
                return None
            return {"Q4": _ONE}
        if not isinstance(raw, Mapping) or not raw:
            checker.add(path, "应为非空映射，如 {Q2: 0.5, Q4: 0.5}", IssueCode.WRONG_TYPE)
            return None
        shares: dict[str, Decimal] = {}
        complete = True
        for period, value in raw.items():
            key_path = child(path, str(period))
            if period not in self.periods:
                checker.add(
                    key_path,
                    f"方案没有考评周期“{period}”（方案周期：{'、'.join(self.periods)}）",
                    IssueCode.UNKNOWN_CODE,
                )
                complete = False
                continue
            share = checker.number(value, key_path, positive=True, maximum=_ONE, what="份额")
            if share is None:
                complete = False
            else:
                shares[period] = share
        if not complete:
            return None
        total = sum(shares.values(), Decimal(0))
        if total != _ONE:
            checker.add(path, f"各期份额之和为 {total}，应为 1", IssueCode.SUM_MISMATCH)
            return None
        return {period: shares[period] for period in self.periods if period in shares}

    def applies_to(self, raw: object, path: str) -> AppliesTo | None:
        checker = self.checker
        if raw == "all":
            return AppliesTo()
        if isinstance(raw, list):
            units = self.codes(raw, path, self.units, "考评对象", "单位")
            return None if units is None else AppliesTo(all=False, units=units)
        if isinstance(raw, Mapping):
            entry = checker.mapping(raw, path, optional=("groups", "units"))
            if entry is None or not entry:
                checker.add(path, "应至少包含 groups 或 units", IssueCode.MISSING_FIELD)
                return None
            groups = self.codes(
                entry.get("groups", []), child(path, "groups"), self.groups, "考评分组", "分组"
            )
            units = self.codes(
                entry.get("units", []), child(path, "units"), self.units, "考评对象", "单位"
            )
            if groups is None or units is None:
                return None
            return AppliesTo(all=False, groups=groups, units=units)
        checker.add(
            path,
            "应为 all、单位代码列表，或 {groups: [...], units: [...]}",
            IssueCode.WRONG_TYPE,
        )
        return None

    def codes(
        self, raw: object, path: str, known: set[str], what: str, short: str
    ) -> tuple[str, ...] | None:
        checker = self.checker
        codes: list[str] = []
        complete = True
        for index, item in enumerate(checker.items(raw, path)):
            item_path = child(path, index)
            code = checker.text(item, item_path)
            if code is None:
                complete = False
            elif code not in known:
                checker.add(
                    item_path,
                    f'未知的{what}代码 "{code}"（方案中没有此{short}）',
                    IssueCode.UNKNOWN_CODE,
                )
                complete = False
            elif code in codes:
                checker.add(item_path, f'代码 "{code}" 重复', IssueCode.DUPLICATE)
            else:
                codes.append(code)
        return tuple(codes) if complete and isinstance(raw, list) else None


def parse_indicators(
    checker: Checker,
    raw: object,
    periods: tuple[str, ...],
    groups: set[str],
    units: set[str],
) -> tuple[Indicator, ...]:
    """Validate the indicator tree; every code unique across the tree."""
    return _Tree(checker, periods, groups, units).nodes(raw, "scheme.indicators")
