"""The indicator sheet (指标体系) in the layout offices use: template, export and import.

One row per leaf (二级指标) with its first-level indicator (一级指标) repeated or merged above
it; a row with only 一级指标 is a top-level branch, or a top-level leaf when it carries points
or a method. Codes are optional on import (generated when blank) and always exported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from jixiao.engine.methods import METHOD_RULES
from jixiao.engine.model import QUARTERS, Method
from jixiao.org.queries import all_units
from jixiao.org.sheets import (
    WorkbookInvalid,
    add_notes,
    cell_number,
    flag,
    new_sheet,
    number,
    read_rows,
    split_list,
    text,
    to_base64,
)
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.schemes import scorers
from jixiao.schemes.document import SchemeParts, load_parts
from jixiao.schemes.models import Indicator, Scheme
from jixiao.schemes.tree import IndicatorFields
from jixiao.schemes.treesync import NodeSpec, TreeReplaced, replace_tree

SHEET = "指标体系"
HEADERS = (
    "一级指标", "二级指标", "分值", "评分标准", "责任单位", "考评主体", "评分方法", "目标值",
    "下限", "越低越好", "每次扣分", "名次系数", "各期分值比例", "重点项目", "约束性指标",
    "佐证材料要求", "一级指标代码", "二级指标代码",
)  # fmt: skip
WIDTHS = (16, 24, 8, 40, 20, 16, 10, 8, 8, 8, 8, 18, 18, 8, 10, 24, 12, 12)
METHOD_LABELS = {method: rule.label for method, rule in METHOD_RULES.items()}
_METHODS = {label: m for m, label in METHOD_LABELS.items()} | {m.value: m for m in Method}
ALL_UNITS = "全部"
_PAIR = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(\S+)\s*$")
_LEAF_COLUMNS = HEADERS[2:16]
NOTES = (
    "每行一个二级指标（叶子指标），一级指标可重复填写或合并单元格；只填一级指标的行是一个一级指标。",
    "一级指标行若填了分值或评分方法，则它本身就是一个叶子指标。指标代码可留空，导入时自动生成。",
    "评分方法：手工评分、完成比例（目标值；越低越好）、线性插值（目标值、下限）、达标制、"
    "扣分制（每次扣分）、名次（名次系数，如 1:1、2:0.95）。",
    "各期分值比例：如 Q2:0.5、Q4:0.5，合计为 1；留空表示全部在 Q4。",
    "责任单位：全部，或分组、考评对象的名称或代码，多个用“、”分隔。"
    "考评主体：评分领导的姓名或实施监控职能部门的名称（重名时填代码），多个用“、”分隔。",
    "越低越好、重点项目、约束性指标：是/否。导入会替换草稿方案的整个指标体系（按代码保留已有指标）。",
)


def indicator_template() -> str:
    """The empty indicator sheet with its instructions, as base64 .xlsx."""
    workbook, _sheet = new_sheet(SHEET, HEADERS, WIDTHS)
    add_notes(workbook, NOTES)
    return to_base64(workbook)


def _pairs(values: dict[Any, str] | None) -> str:
    return "、".join(f"{key}:{value}" for key, value in (values or {}).items())


def _applies(node: Indicator, groups: dict[str, str], units: dict[str, str]) -> str:
    if node.applies_all:
        return ALL_UNITS
    names = [groups.get(code, code) for code in node.applies_groups]
    return "、".join(names + [units.get(code, code) for code in node.applies_units])


def _scorer_words(session: JixiaoSession, codes: list[str]) -> dict[str, str]:
    """What the sheet writes for each scorer code: the name when the import reads it back as
    that code (one active scorer of that name), else the code itself."""
    by_name = _scorer_codes(session)
    return {
        code: scorer.name if by_name.get(scorer.name) == code else code
        for code, scorer in scorers.named(session, codes).items()
    }


def _scorer_codes(session: JixiaoSession) -> dict[str, str]:
    """Name → code of everyone who may score, for names only one of them has."""
    taken: dict[str, set[str]] = {}
    for scorer in scorers.choices(session):
        taken.setdefault(scorer.name, set()).add(scorer.code)
    return {name: next(iter(codes)) for name, codes in taken.items() if len(codes) == 1}


def export_indicators(session: JixiaoSession, scheme: Scheme) -> str:
    """The scheme's indicator tree as the office sheet, base64 .xlsx (two levels at most)."""
    parts = load_parts(session, scheme)
    groups = {g.code: g.name for g in parts.groups}
    units = {u.code: u.name for u in all_units(session)}
    words = _scorer_words(session, [c for node, _ in parts.walk() for c in node.scorers])
    workbook, sheet = new_sheet(SHEET, HEADERS, WIDTHS)
    for node, depth in parts.walk():
        if depth > 1 or (depth == 1 and not node.is_leaf):
            raise InvalidInput(
                f"指标「{node.name}」在第三级或是二级分类：Excel 指标表只支持两级指标，"
                "请改用方案文件导出",
                field="schemeCode",
            )
    for top in parts.children.get(None, []):
        kids = parts.children.get(top.id, [])
        if top.is_leaf:
            sheet.append(_row(top.name, top.code, None, (groups, units, words), top))
        elif not kids:
            sheet.append([top.name, *[None] * 15, top.code, None])
        else:
            first = sheet.max_row + 1
            for kid in kids:
                sheet.append(_row(top.name, top.code, kid, (groups, units, words), kid))
            if len(kids) > 1:
                for column in (1, 17):
                    sheet.merge_cells(
                        start_row=first,
                        end_row=sheet.max_row,
                        start_column=column,
                        end_column=column,
                    )
    add_notes(workbook, NOTES)
    return to_base64(workbook)


def _row(
    top: str,
    top_code: str,
    leaf: Indicator | None,
    names: tuple[dict[str, str], dict[str, str], dict[str, str]],
    node: Indicator,
) -> list[Any]:
    groups, units, words = names
    return [
        top,
        leaf.name if leaf else None,
        cell_number(node.points),
        node.criteria or None,
        _applies(node, groups, units),
        "、".join(words.get(code, code) for code in node.scorers) or None,
        METHOD_LABELS[node.method] if node.method else None,
        cell_number(node.target),
        cell_number(node.floor),
        "是" if node.lower_is_better else None,
        cell_number(node.per_incident),
        _pairs(node.rank_table) or None,
        _pairs(node.periods) or None,
        "是" if node.key_project else None,
        "是" if node.binding else None,
        node.evidence or None,
        top_code,
        leaf.code if leaf else None,
    ]


def import_indicators(
    session: JixiaoSession, scheme: Scheme, content: bytes, *, actor: Subject
) -> TreeReplaced:
    """Replace the draft's tree with the sheet's; every row checked first, all or nothing."""
    parts = load_parts(session, scheme)
    reader = _Reader(parts, {u.code: u.name for u in all_units(session)}, _scorer_codes(session))
    for number_, values in read_rows(content, SHEET, HEADERS, ("一级指标", "二级指标", "分值")):
        reader.row(number_, values)
    specs = reader.specs()
    if reader.problems:
        raise WorkbookInvalid(reader.problems)
    return replace_tree(session, scheme, specs, actor=actor)


class _Reader:
    def __init__(self, parts: SchemeParts, units: dict[str, str], scorers: dict[str, str]) -> None:
        self.problems: list[str] = []
        self.tops: list[tuple[str, IndicatorFields]] = []  # (key, fields)
        self.children: dict[str, list[IndicatorFields]] = {}
        self.current: str | None = None
        self.groups = {g.name: g.code for g in parts.groups} | {
            g.code: g.code for g in parts.groups
        }
        self.units = {name: code for code, name in units.items()} | {c: c for c in units}
        self.scorers = scorers  # a scorer's name → its code; anything else is taken as a code

    def row(self, line: int, values: dict[str, Any]) -> None:
        """Read one sheet row into the tree being built, recording its problems."""

        def bad(column: str, message: str) -> None:
            self.problems.append(f"第{line}行 {column}：{message}")

        top, top_code = text(values.get("一级指标")), text(values.get("一级指标代码"))
        name, code = text(values.get("二级指标")), text(values.get("二级指标代码"))
        is_leaf_row = bool(name or code)
        has_rules = any(text(values.get(column)) for column in _LEAF_COLUMNS)
        if top or top_code:
            key = top_code or top
            if not top:
                return bad("一级指标", "不能为空")
            if is_leaf_row or not has_rules:
                if not self._branch(key, top_code, top, bad):
                    return None
            else:
                fields = self._leaf(top_code or f"I{len(self.tops) + 1}", top, values, bad)
                self.tops.append((key, fields))
                self.current = None
                return None
        elif self.current is None:
            return bad("一级指标", "缺少一级指标（上方也没有可沿用的一级指标）")
        if is_leaf_row:
            assert self.current is not None
            if not name:
                return bad("二级指标", "不能为空")
            siblings = self.children[self.current]
            parent_code = next(f.code for k, f in self.tops if k == self.current)
            fallback = f"{parent_code}.{len(siblings) + 1}"
            siblings.append(self._leaf(code or fallback, name, values, bad))
        return None

    def _branch(self, key: str, code: str, name: str, bad: Callable[..., None]) -> bool:
        found = next((f for k, f in self.tops if k == key), None)
        if found is None:
            fields = IndicatorFields(
                code=code or f"I{len(self.tops) + 1}", name=name, is_leaf=False
            )
            self.tops.append((key, fields))
            self.children[key] = []
        elif found.is_leaf:
            bad("一级指标", f"「{name}」已是一个叶子指标，不能再有二级指标")
            return False
        self.current = key
        return True

    def _leaf(
        self, code: str, name: str, values: dict[str, Any], bad: Callable[..., None]
    ) -> IndicatorFields:
        def figure(column: str) -> Decimal | None:
            try:
                return number(values.get(column))
            except ValueError:
                bad(column, f"「{text(values.get(column))}」不是数字")
                return None

        def yes(column: str) -> bool:
            try:
                return flag(values.get(column))
            except ValueError:
                bad(column, f"「{text(values.get(column))}」无效，应为 是 或 否")
                return False

        method_text = text(values.get("评分方法"))
        method = _METHODS.get(method_text) if method_text else None
        if method_text and method is None:
            bad("评分方法", f"「{method_text}」无效，可选：{'、'.join(METHOD_LABELS.values())}")
        applies = split_list(values.get("责任单位"))
        groups, units = [], []
        for token in applies if applies != [ALL_UNITS] else []:
            if token in self.groups:
                groups.append(self.groups[token])
            elif token in self.units:
                units.append(self.units[token])
            else:
                bad("责任单位", f"「{token}」既不是本方案的分组，也不是考评对象")
        table = self._pairs(values.get("名次系数"), "名次系数", bad, rank=True)
        periods = self._pairs(values.get("各期分值比例"), "各期分值比例", bad, rank=False)
        return IndicatorFields(
            code=code,
            name=name,
            points=figure("分值"),
            method=method,
            target=figure("目标值"),
            floor=figure("下限"),
            lower_is_better=yes("越低越好"),
            per_incident=figure("每次扣分"),
            rank_table={int(k): v for k, v in table.items()} if table else None,
            periods=periods or None,
            applies_all=not applies or applies == [ALL_UNITS],
            applies_groups=groups,
            applies_units=units,
            key_project=yes("重点项目"),
            binding=yes("约束性指标"),
            scorers=[self.scorers.get(s, s) for s in split_list(values.get("考评主体"))],
            criteria=text(values.get("评分标准")),
            evidence=text(values.get("佐证材料要求")),
        )

    def _pairs(
        self, value: Any, column: str, bad: Callable[..., None], *, rank: bool
    ) -> dict[str, Decimal]:
        pairs: dict[str, Decimal] = {}
        for item in split_list(value):
            match = _PAIR.match(item)
            key = match.group(1) if match else ""
            ok_key = key.isdigit() and int(key) >= 1 if rank else key in QUARTERS
            try:
                figure = number(match.group(2)) if match else None
            except ValueError:
                figure = None
            if not match or not ok_key or figure is None:
                example = "1:1、2:0.95" if rank else "Q2:0.5、Q4:0.5"
                bad(column, f"「{item}」无效，应写成如 {example}")
                continue
            pairs[str(int(key)) if rank else key] = figure
        return pairs

    def specs(self) -> list[NodeSpec]:
        """Parents before children, siblings in sheet order; duplicate codes are problems."""
        specs: list[NodeSpec] = []
        for key, fields in self.tops:
            specs.append(NodeSpec(fields, None))
            specs.extend(NodeSpec(kid, fields.code) for kid in self.children.get(key, []))
        seen: set[str] = set()
        for spec in specs:
            if spec.fields.code in seen:
                self.problems.append(f"指标代码「{spec.fields.code}」重复")
            seen.add(spec.fields.code)
        return specs
