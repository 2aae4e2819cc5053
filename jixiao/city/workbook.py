"""The ranking as an Excel workbook (市级排名): one row per item, one column per district.

The template names the parent's districts in its header; an import reads it back whole or
not at all: every problem names its row and column (第 3 行「西夏区」列).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from jixiao.city.rankings import (
    ItemEntry,
    Places,
    RankEntry,
    Ranking,
    RankingInvalid,
    children,
    ranking,
    set_ranking,
)
from jixiao.org import sheets
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession

SHEET = "市级排名"
ITEM = "考评项目"
NOTES = (
    "每行一个考评项目，每列一个下级单位（区县），单元格填该区县在该项目上的名次（1 为第一名）。",
    "同一项目至少填两个区县；名次须为 1 到该项目所填区县数之间的整数，并列可填相同名次。",
    "名次最大（且不为 1）的区县即该项目的末位（三区末位），下发后由区县确定责任单位。",
    "导入将替换本年度已录入的全部排名；有任何错误则不做任何修改。",
)


def template(session: JixiaoSession, subject: Subject, year: int) -> bytes:
    """The year's ranking as a workbook (the districts in columns; empty when none yet)."""
    current = ranking(session, subject, year)
    names = [tenant.name for tenant in current.children]
    workbook, sheet = sheets.new_sheet(SHEET, [ITEM, *names], [40, *(14 for _ in names)])
    for item in current.items:
        sheet.append([item.item, *(item.ranks.get(tenant.id) for tenant in current.children)])
    sheets.add_notes(workbook, NOTES)
    return sheets.to_bytes(workbook)


@dataclass(frozen=True)
class _Cells(Places):
    """Problems named by the workbook's rows and columns."""

    rows: tuple[int, ...]
    columns: tuple[tuple[str, ...], ...]  # per item: the header of each of its ranks

    def field(self, item: int, rank: int | None, name: str) -> str:
        return "content"

    def row(self, item: int) -> str:
        return f"第 {self.rows[item]} 行"

    def cell(self, item: int, rank: int) -> str:
        return f"第 {self.rows[item]} 行「{self.columns[item][rank]}」列"


def import_ranking(session: JixiaoSession, subject: Subject, year: int, content: bytes) -> Ranking:
    """Replace the year's working copy with the workbook's (all or nothing)."""
    known = [tenant.name for tenant in children(session)]
    problems: list[str] = []
    headers = _headers(content)
    unknown = [h for h in headers[1:] if h and h not in known]
    for name in unknown:
        column = get_column_letter(headers.index(name) + 1)
        problems.append(f"第 1 行 {column} 列「{name}」不是本级的下级单位")
    districts = [h for h in headers[1:] if h in known]
    rows = sheets.read_rows(content, SHEET, [ITEM, *districts], [ITEM])
    entries: list[ItemEntry] = []
    numbers: list[int] = []
    columns: list[tuple[str, ...]] = []
    for number, values in rows:
        ranks: list[RankEntry] = []
        for name in districts:
            cell = sheets.text(values.get(name))
            if not cell:
                continue
            if not cell.isdigit():
                problems.append(f"第 {number} 行「{name}」列：名次须为正整数，收到「{cell}」")
                continue
            ranks.append(RankEntry(name, int(cell)))
        entries.append(ItemEntry(sheets.text(values.get(ITEM)), tuple(ranks)))
        numbers.append(number)
        columns.append(tuple(rank.tenant_code for rank in ranks))
    if problems:
        raise sheets.WorkbookInvalid(problems)
    if not entries:
        raise sheets.WorkbookInvalid([f"工作表「{SHEET}」中没有任何项目"])
    try:
        return set_ranking(
            session,
            subject,
            year,
            entries,
            source="excel",
            places=_Cells(tuple(numbers), tuple(columns)),
        )
    except RankingInvalid as error:
        raise sheets.WorkbookInvalid([message for _, message in error.problems]) from None


def _headers(content: bytes) -> list[str]:
    """The first row of the ranking sheet (read_rows refuses a file that is not .xlsx)."""
    import io

    from openpyxl import load_workbook

    sheets.read_rows(content, SHEET, [], [])  # the readable-file check, in words
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    first = next(sheet.iter_rows(values_only=True, max_row=1), ()) or ()
    workbook.close()
    return [sheets.text(cell) for cell in first]
