"""The bonus table (绩效奖金表) for the finance bureau, as rows and as an Excel workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jixiao.engine.table import FLAG_LABELS
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.runs.queries import RunView, UnitFigures, published_annual
from jixiao.scoring.runs.scope import ResultScope

CENT = Decimal("0.01")
HEADER = (
    "序号",
    "考评分组",
    "单位代码",
    "单位名称",
    "人数",
    "总分",
    "名次",
    "等次",
    "人均基数（元）",
    "系数",
    "绩效奖（元）",
    "说明",
)


@dataclass(frozen=True)
class BonusTable:
    """The bonus rows of a published annual run, in publication order."""

    run: RunView
    rows: list[UnitFigures]

    @property
    def total(self) -> Decimal:
        """The sum of every amount (groups without a bonus setting count nothing)."""
        return sum((row.bonus_amount or Decimal(0) for row in self.rows), Decimal(0))


def bonus_table(session: JixiaoSession, scope: ResultScope, scheme_code: str) -> BonusTable:
    """The bonus table of a scheme's published annual result."""
    published = published_annual(session, scope, scheme_code)
    return BonusTable(published.run, published.units)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


def _note(row: UnitFigures) -> str:
    if row.bonus_amount is None:
        return "该分组不设绩效奖"
    return "、".join(FLAG_LABELS.get(flag, flag) for flag in row.flags)


def workbook_bytes(table: BonusTable) -> bytes:
    """The table as an .xlsx workbook; figures are exact decimals, never floats."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "绩效奖金表"
    run = table.run.run
    sheet.append([f"{run.scheme_name}（{run.scheme_code}）全年绩效奖金表"])
    sheet["A1"].font = Font(bold=True, size=14)
    published = run.published_at.strftime("%Y-%m-%d %H:%M UTC") if run.published_at else "-"
    sheet.append([f"结果公布时间：{published}；版本：{run.inputs_version[:12]}"])
    sheet.append(list(HEADER))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(table.rows, start=1):
        sheet.append(_cells(number, row))
    sheet.append(["合计", *[""] * (len(HEADER) - 3), _money(table.total), ""])
    for column, width in zip(
        "ABCDEFGHIJKL", (6, 14, 16, 20, 8, 10, 6, 10, 14, 8, 14, 30), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=4, min_col=9, max_col=11):
        for cell in cells:
            cell.number_format = "#,##0.00" if cell.column != 10 else "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(number: int, row: UnitFigures) -> Sequence[object]:
    return (
        number,
        row.group_name,
        row.unit_code,
        row.unit_name,
        row.headcount,
        row.total,
        row.rank,
        row.grade or "-",
        _money(row.base_per_head),
        row.bonus_coefficient,
        _money(row.bonus_amount),
        _note(row),
    )
