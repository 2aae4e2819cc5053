"""`jixiao.data/1`: raw mapping → Data validated against its Scheme, and reading it from a file."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.engine.collector import collector_paused
from jixiao.engine.formats.fast_json import Decimals, loads_exact, with_decimals
from jixiao.engine.formats.fields import Checker, child, describe
from jixiao.engine.formats.issues import FormatError, IssueCode
from jixiao.engine.formats.reading import BOM, is_json, parse_bytes, read_bytes
from jixiao.engine.formats.scheme import check_format
from jixiao.engine.formats.score_columns import quick_scores
from jixiao.engine.formats.score_rules import BASE_FIELDS, LeafRule, build_rules, quick_entry
from jixiao.engine.formats.typed_json import SECTIONS, TypedData
from jixiao.engine.model import (
    INDICATORS_COMPONENT,
    Adjustment,
    AdjustmentKind,
    CityItem,
    Data,
    Method,
    PreviousOutcome,
    Rating,
    Scheme,
    ScoreEntry,
)

DATA_FORMAT = "jixiao.data/1"
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_ENTRY_FIELDS = (
    "unit",
    "indicator",
    "period",
    "scorer",
    "value",
    "actual",
    "met",
    "incidents",
    "rank",
)
_ENTRY_FIELD_SET = frozenset(_ENTRY_FIELDS)


def load_data(path: Path, scheme: Scheme) -> Data:
    """Read a data file (YAML or JSON) and validate it against its scheme.

    A JSON file is first decoded against the scheme (`typed_json.TypedData`: the score entries
    checked as they are read); one that path cannot vouch for, if `fast_json.loads_exact` reads
    it exactly and every score entry is well formed, is validated a column at a time with its
    floats still floats until checked; anything else (and any refusal, for its messages) takes
    the exact path.
    """
    file = str(path)
    raw = read_bytes(path)
    with collector_paused():
        if is_json(path, raw):
            body = raw.removeprefix(BOM)
            rules = build_rules(scheme)
            typed = TypedData(rules).decode(body)
            if typed is not None:
                document, scores = typed
                return _parse_data(document, scheme, file, None, scores=scores, rules=rules)
            fast = loads_exact(body)
            if fast is not None:
                try:
                    return _parse_data(fast, scheme, file, Decimals(), rules=rules)
                except (_NotQuick, FormatError):
                    return _parse_data(with_decimals(fast), scheme, file, None, rules=rules)
        return parse_data(parse_bytes(raw, path), scheme, file)


_RATING_KEYS = frozenset(("unit", "component", "value"))


def _quick_ratings(
    raw: object, units: Mapping[str, str], components: Collection[str]
) -> tuple[Rating, ...] | None:
    """The ratings if every one is well formed, else None (`ratings` then says what is wrong).

    The same checks as the full path, without a message path made for each entry: at city
    scale (18,000 ratings, in process) that path took 0.05–0.12 s, this one 0.02–0.03 s.
    """
    if type(raw) is not list:
        return None
    ratings: list[Rating] = []
    for item in raw:
        if type(item) is not dict or item.keys() != _RATING_KEYS:
            return None
        unit, component, value = item["unit"], item["component"], item["value"]
        if type(unit) is not str or unit not in units:
            return None
        if type(component) is not str or component not in components:
            return None
        if type(value) is int:
            value = Decimal(value)
        elif type(value) is not Decimal or not value.is_finite():
            return None
        if value < _ZERO or value > _HUNDRED:
            return None
        ratings.append(Rating(units[unit], component, value))
    return tuple(ratings)


class _NotQuick(Exception):
    """Some score entry needs the entry-by-entry validation."""


def parse_data(raw: object, scheme: Scheme, file: str = "data") -> Data:
    """Validate a loaded `jixiao.data/1` document against a scheme; report every issue at once."""
    return _parse_data(raw, scheme, file, None)


def _parse_data(
    raw: object,
    scheme: Scheme,
    file: str,
    decimals: Decimals | None,
    *,
    scores: Sequence[ScoreEntry] | None = None,
    rules: dict[str, LeafRule] | None = None,
) -> Data:
    """`parse_data`; with `decimals`, floats stand for the numbers read by `loads_exact`; with
    `scores`, the document's score entries were checked already (`typed_json`) and left out."""
    if decimals is not None and type(raw) is dict:
        raw = {
            key: value if key == "scores" else with_decimals(value, decimals)
            for key, value in raw.items()
        }
    checker = Checker(file)
    top = check_format(checker, raw, DATA_FORMAT)
    checker.raise_if_any()
    assert top is not None
    checker.mapping(top, "", required=("format", "scheme"), optional=SECTIONS)
    code = checker.text(top.get("scheme"), "scheme")
    if code is not None and code != scheme.code:
        checker.add(
            "scheme",
            f'数据文件属于方案 "{code}"，而不是 "{scheme.code}"（{scheme.name}）',
            IssueCode.SCHEME_MISMATCH,
        )
    checker.raise_if_any()
    reader = _DataReader(checker, scheme, rules)
    with collector_paused():
        if scores is None:
            scores = reader.quick_scores(top.get("scores", []), decimals)
        ratings = reader.ratings(top.get("ratings", []))
        adjustments = reader.adjustments(top.get("adjustments", []))
        city_items = reader.city_items(top.get("city_items", []))
        previous = reader.previous(top.get("previous", []))
    checker.raise_if_any()
    return Data(scheme.code, scores, ratings, adjustments, city_items, previous)


class _DataReader:
    def __init__(
        self, checker: Checker, scheme: Scheme, rules: dict[str, LeafRule] | None = None
    ) -> None:
        self.checker = checker
        self.scheme = scheme
        self.units = {unit.code: unit.code for unit in scheme.units}
        self.periods = {period: period for period in scheme.periods}
        self.rules = build_rules(scheme) if rules is None else rules

    def unit(self, raw: object, path: str) -> str | None:
        if type(raw) is str and raw in self.units:
            return self.units[raw]
        if self.checker.text(raw, path) is not None:
            self.checker.add(
                path, f'未知的考评对象代码 "{raw}"（方案中没有此单位）', IssueCode.UNKNOWN_CODE
            )
        return None

    def quick_scores(self, raw: object, decimals: Decimals | None) -> Sequence[ScoreEntry]:
        """The entries checked a column at a time, else one by one (for the messages)."""
        entries = quick_scores(raw, self.rules, self.units, self.periods, decimals)
        if entries is not None:
            return entries
        if decimals is not None:
            raise _NotQuick
        return self.scores(raw)

    def scores(self, raw: object) -> tuple[ScoreEntry, ...]:
        checker = self.checker
        entries: list[ScoreEntry] = []
        seen: dict[tuple[str, ...], int] = {}
        rules, units, periods = self.rules, self.units, self.periods
        for index, item in enumerate(checker.items(raw, "scores")):
            entry = quick_entry(item, rules, units, periods)
            if entry is None:
                entry = self.score(item, f"scores[{index}]")
                if entry is None:
                    continue
            key = (entry.unit, entry.indicator, entry.period, entry.scorer or "")
            first = seen.setdefault(key, index)
            if first != index:
                who = f"、评分人 {entry.scorer}" if entry.scorer else ""
                checker.add(
                    f"scores[{index}]",
                    f"与 scores[{first}] 重复：考评对象 {entry.unit}、指标 {entry.indicator}、"
                    f"周期 {entry.period}{who} 只能有一条",
                    IssueCode.DUPLICATE,
                )
                continue
            entries.append(entry)
        return tuple(entries)

    def score(self, item: object, path: str) -> ScoreEntry | None:
        checker = self.checker
        if not isinstance(item, Mapping):
            checker.add(path, f"应为映射（键: 值），实际是{describe(item)}", IssueCode.WRONG_TYPE)
            return None
        indicator = item.get("indicator")
        rule = self.rules.get(indicator) if type(indicator) is str else None
        fields = rule.fields if rule is not None else _ENTRY_FIELD_SET
        if not item.keys() <= fields or not all(key in item for key in BASE_FIELDS):
            expected = (*BASE_FIELDS, *rule.required) if rule is not None else BASE_FIELDS
            method = rule.leaf.method.value if rule is not None else ""
            for key in item:
                if key not in fields:
                    why = (
                        f"指标 {indicator}（{method} 方法）不使用字段“{key}”"
                        if key in _ENTRY_FIELDS
                        else f"未知的字段“{key}”（可用字段：{'、'.join(expected)}）"
                    )
                    checker.add(child(path, str(key)), why, IssueCode.UNKNOWN_KEY)
            for key in BASE_FIELDS:
                if key not in item:
                    checker.add(child(path, key), f"缺少必填字段“{key}”", IssueCode.MISSING_FIELD)
        unit = self.unit(item.get("unit"), child(path, "unit")) if "unit" in item else None
        if rule is None:
            if "indicator" in item and checker.text(indicator, child(path, "indicator")):
                checker.add(
                    child(path, "indicator"),
                    f'未知的指标代码 "{indicator}"（方案中没有此叶子指标）',
                    IssueCode.UNKNOWN_CODE,
                )
            return None
        period = self.period(item, path, rule)
        if unit is not None and unit not in rule.units:
            checker.add(
                child(path, "unit"),
                f'指标 {indicator}（{rule.leaf.name}）不适用于考评对象 "{unit}"',
                IssueCode.NOT_APPLICABLE,
            )
            unit = None
        values = self.method_values(item, path, rule, period)
        if unit is None or period is None or values is None:
            return None
        return ScoreEntry(unit, rule.leaf.code, period, **values)

    def period(self, item: Mapping[str, Any], path: str, rule: LeafRule) -> str | None:
        raw = item.get("period")
        if type(raw) is str and raw in rule.available:
            return self.periods[raw]
        if "period" not in item or self.checker.text(raw, child(path, "period")) is None:
            return None
        if raw not in self.periods:
            message = f'方案没有考评周期 "{raw}"（方案周期：{"、".join(self.scheme.periods)}）'
            self.checker.add(child(path, "period"), message, IssueCode.UNKNOWN_CODE)
        else:
            shares = "、".join(rule.available)
            message = f"指标 {rule.leaf.code} 在 {raw} 没有分值份额（只在 {shares} 考评）"
            self.checker.add(child(path, "period"), message, IssueCode.NOT_APPLICABLE)
        return None

    def method_values(
        self, item: Mapping[str, Any], path: str, rule: LeafRule, period: str | None
    ) -> dict[str, Any] | None:
        checker = self.checker
        before = len(checker.issues)
        leaf = rule.leaf
        for key in rule.required:
            if key not in item:
                why = (
                    "约束性指标须填写 met（是否完成）"
                    if key == "met"
                    else f"{leaf.method.value} 方法的指标须填写"
                )
                checker.add(
                    child(path, key), f"缺少必填字段“{key}”：{why}", IssueCode.MISSING_FIELD
                )
        values: dict[str, Any] = {}
        method = leaf.method
        if method is Method.MANUAL and "value" in item:
            maximum = rule.available.get(period) if period is not None else None
            values["value"] = checker.number(
                item["value"], child(path, "value"), minimum=_ZERO, maximum=maximum, what="分值"
            )
            if "scorer" in item:
                values["scorer"] = checker.text(item["scorer"], child(path, "scorer"))
        elif "actual" in item and method in (Method.RATIO, Method.LINEAR):
            values["actual"] = checker.number(item["actual"], child(path, "actual"), what="实际值")
        elif method is Method.DEDUCTION and "incidents" in item:
            values["incidents"] = checker.integer(
                item["incidents"], child(path, "incidents"), minimum=0, what="次数"
            )
        elif method is Method.RANK and "rank" in item:
            values["rank"] = checker.integer(
                item["rank"], child(path, "rank"), minimum=1, what="名次"
            )
        if "met" in item and "met" in rule.fields:
            values["met"] = checker.flag(item["met"], child(path, "met"))
        return values if len(checker.issues) == before else None

    def ratings(self, raw: object) -> tuple[Rating, ...]:
        components = {c.code for c in self.scheme.components if c.code != INDICATORS_COMPONENT}
        quick = _quick_ratings(raw, self.units, components)
        if quick is not None:
            return quick
        checker = self.checker
        ratings: list[Rating] = []
        for index, item in enumerate(checker.items(raw, "ratings")):
            path = f"ratings[{index}]"
            entry = checker.mapping(item, path, required=("unit", "component", "value"))
            if entry is None:
                continue
            unit = self.unit(entry.get("unit"), child(path, "unit")) if "unit" in entry else None
            component = checker.text(entry.get("component"), child(path, "component"))
            if component is not None and component not in components:
                why = (
                    "指标考核构成由 scores 计算，不能直接录入"
                    if component == INDICATORS_COMPONENT
                    else "方案中没有此构成"
                )
                checker.add(
                    child(path, "component"),
                    f'未知的考评构成代码 "{component}"（{why}）',
                    IssueCode.UNKNOWN_CODE,
                )
                component = None
            value = checker.number(
                entry.get("value"),
                child(path, "value"),
                minimum=_ZERO,
                maximum=_HUNDRED,
                what="评分",
            )
            if unit is not None and component is not None and value is not None:
                ratings.append(Rating(unit, component, value))
        return tuple(ratings)

    def adjustments(self, raw: object) -> tuple[Adjustment, ...]:
        checker = self.checker
        adjustments: list[Adjustment] = []
        kinds = [kind.value for kind in AdjustmentKind]
        for index, item in enumerate(checker.items(raw, "adjustments")):
            path = f"adjustments[{index}]"
            entry = checker.mapping(item, path, required=("unit", "kind", "points", "reason"))
            if entry is None:
                continue
            unit = self.unit(entry.get("unit"), child(path, "unit")) if "unit" in entry else None
            kind = checker.choice(entry.get("kind"), child(path, "kind"), kinds, "加减分类型")
            points = checker.number(
                entry.get("points"), child(path, "points"), minimum=_ZERO, what="分值"
            )
            reason = checker.text(entry.get("reason"), child(path, "reason"))
            if unit is not None and kind is not None and points is not None and reason is not None:
                adjustments.append(Adjustment(unit, AdjustmentKind(kind), points, reason))
        return tuple(adjustments)

    def city_items(self, raw: object) -> tuple[CityItem, ...]:
        checker = self.checker
        items: list[CityItem] = []
        seen: dict[tuple[str, str], int] = {}
        for index, raw_item in enumerate(checker.items(raw, "city_items")):
            path = f"city_items[{index}]"
            entry = checker.mapping(raw_item, path, required=("unit", "item", "last"))
            if entry is None:
                continue
            unit = self.unit(entry.get("unit"), child(path, "unit")) if "unit" in entry else None
            name = checker.text(entry.get("item"), child(path, "item"))
            last = checker.flag(entry.get("last"), child(path, "last"))
            if unit is None or name is None or last is None:
                continue
            first = seen.setdefault((unit, name), index)
            if first != index:
                checker.add(
                    path,
                    f"与 city_items[{first}] 重复：单位 {unit} 的项目“{name}”只能有一条",
                    IssueCode.DUPLICATE,
                )
                continue
            items.append(CityItem(unit, name, last))
        return tuple(items)

    def previous(self, raw: object) -> tuple[PreviousOutcome, ...]:
        checker = self.checker
        outcomes: list[PreviousOutcome] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(checker.items(raw, "previous")):
            path = f"previous[{index}]"
            entry = checker.mapping(item, path, required=("unit", "last_in_group"))
            if entry is None:
                continue
            unit = self.unit(entry.get("unit"), child(path, "unit")) if "unit" in entry else None
            last = checker.flag(entry.get("last_in_group"), child(path, "last_in_group"))
            if unit is None or last is None:
                continue
            first = seen.setdefault(unit, index)
            if first != index:
                checker.add(
                    path, f"与 previous[{first}] 重复：单位 {unit} 只能有一条", IssueCode.DUPLICATE
                )
                continue
            outcomes.append(PreviousOutcome(unit, last))
        return tuple(outcomes)


__all__ = ["DATA_FORMAT", "FormatError", "load_data", "parse_data"]
