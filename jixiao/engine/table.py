"""A terminal table of results, one ranking per group, with CJK characters counted double width."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from jixiao.engine.model import ANNUAL, INDICATORS_COMPONENT, Scheme, period_name
from jixiao.engine.results import Flag, Results, UnitResult

FLAG_LABELS: dict[str, str] = {
    Flag.ACCOUNTABILITY: "问责",
    Flag.ADMONISHMENT: "诫勉谈话",
    Flag.BINDING_FAILED: "约束性指标未完成",
    Flag.HEAD_NOT_ELIGIBLE: "负责人不得评先",
    Flag.KEY_PROJECT_BOTTOM: "重点项目后位",
    Flag.NO_AWARD: "取消评优",
    Flag.NO_BONUS: "不发绩效奖",
    Flag.ORGANIZATIONAL_HANDLING: "组织处理",
    Flag.PUBLIC_EXPLANATION: "公开说明",
}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide and fullwidth characters count 2."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cell(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def format_rows(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Align rows under a header; columns in `right` are right-aligned."""
    widths = [display_width(title) for title in header]
    for row in rows:
        for index, text in enumerate(row):
            widths[index] = max(widths[index], display_width(text))
    lines = ["  ".join(_cell(t, widths[i], i in right) for i, t in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(_cell(t, widths[i], i in right) for i, t in enumerate(row)).rstrip())
    return lines


def _figure(value: object) -> str:
    return "-" if value is None else f"{value}"


def _row(scheme: Scheme, result: UnitResult, names: dict[str, str], annual: bool) -> list[str]:
    row = [str(result.rank), names.get(result.unit, result.unit), f"{result.total:.2f}"]
    if annual:
        row += [f"{result.components[c.code]:.2f}" for c in scheme.components]
        row += [_figure(result.bonus), _figure(result.deductions)]
        row += [result.base_grade or "-", result.grade or "-", _figure(result.bonus_amount)]
    row.append(str(result.overall_rank))
    notes = [FLAG_LABELS.get(flag, flag) for flag in result.flags]
    if result.missing:
        notes.append(f"缺{len(result.missing)}项（暂定）")
    row.append("、".join(notes))
    return row


def render_table(scheme: Scheme, results: Results) -> str:
    """Results as text: a heading, then each group's ranking."""
    annual = results.period == ANNUAL
    period = period_name(results.period)
    title = f"{scheme.name}（{scheme.code}）· {period}结果"
    if results.provisional:
        title += " · 暂定（有缺项）"
    header = ["名次", "单位", "总分"]
    right = {0, 2}
    if annual:
        header += [c.name for c in scheme.components]
        header += ["加分", "扣分", "基础等次", "等次", "绩效奖"]
        right |= set(range(3, 3 + len(scheme.components) + 2)) | {len(header) - 1}
    else:
        header[2] = next(
            (c.name for c in scheme.components if c.code == INDICATORS_COMPONENT), "指标得分"
        )
    header += ["总排名", "说明"]
    right.add(len(header) - 2)
    names = {unit.code: unit.name for unit in scheme.units}
    out = [title, ""]
    for group in scheme.groups:
        members = [r for r in results.units if r.group == group.code]
        if not members:
            continue
        out.append(f"【{group.name}】{group.code}（{len(members)}个单位）")
        out.extend(format_rows(header, [_row(scheme, r, names, annual) for r in members], right))
        out.append("")
    return "\n".join(out)
