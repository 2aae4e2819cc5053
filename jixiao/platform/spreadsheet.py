"""Tables a user sees, as Excel workbooks (.xlsx): the one way every export writes them.

Headers in Chinese, bold and frozen. Figures are numeric cells (a Decimal stays exact, with a
number format), times are date cells in the tenant's time zone, and text is always text: a
cell that starts with `=`, `+`, `-` or `@` is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TWO_PLACES = "0.00"
FOUR_PLACES = "0.0000"
MONEY = "#,##0.00"
INTEGER = "0"
DATETIME = "yyyy-mm-dd hh:mm:ss"
DATE = "yyyy-mm-dd"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MAX_SHEET_TITLE = 31  # Excel's limit
_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read its value from a row, and how to show it."""

    header: str
    value: Callable[[Any], Any]
    width: int = 14
    number_format: str | None = None  # of numeric cells; dates get DATETIME or DATE


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Any]


@dataclass(frozen=True)
class ExportFile:
    """A file to hand to the user: its name, type, bytes and how many data rows it holds."""

    file_name: str
    content_type: str
    content: bytes
    rows: int


def workbook_bytes(sheets: Sequence[Sheet], zone: ZoneInfo, notes: Sequence[str] = ()) -> bytes:
    """The sheets (and a 说明 sheet of notes, when given) as .xlsx bytes."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    used: set[str] = set()
    for sheet in sheets:
        _write(book.create_sheet(_title(sheet.title, used)), sheet, zone)
    if notes:
        extra = book.create_sheet(_title("说明", used))
        extra.column_dimensions["A"].width = 100
        for line in notes:
            extra.append([_text(line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_file(
    name: str,
    sheets: Sequence[Sheet],
    zone: ZoneInfo,
    now: datetime,
    notes: Sequence[str] = (),
    *,
    rows: int | None = None,
) -> ExportFile:
    """The workbook as a file named `<name>-<local time>.xlsx`; `rows` counts what was
    exported (by default every sheet's rows: pass it when sheets show the same rows twice)."""
    stamp = now.astimezone(zone).strftime("%Y%m%d-%H%M%S")
    content = workbook_bytes(sheets, zone, notes)
    count = sum(len(sheet.rows) for sheet in sheets) if rows is None else rows
    return ExportFile(f"{_file_safe(name)}-{stamp}.xlsx", XLSX_TYPE, content, count)


def _write(target: Any, sheet: Sheet, zone: ZoneInfo) -> None:
    target.append([column.header for column in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        header = target.cell(row=1, column=index)
        header.font, header.fill = Font(bold=True), _HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        target.column_dimensions[get_column_letter(index)].width = column.width
    target.freeze_panes = "A2"
    for number, row in enumerate(sheet.rows, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            _put(target.cell(row=number, column=index), column.value(row), column, zone)


def _put(cell: Any, value: Any, column: Column, zone: ZoneInfo) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = "是" if value else "否"
        cell.data_type = "s"
    elif isinstance(value, int | Decimal | float):
        cell.value = value
        if column.number_format:
            cell.number_format = column.number_format
    elif isinstance(value, datetime):
        local = value.astimezone(zone) if value.tzinfo else value
        cell.value = local.replace(tzinfo=None)
        cell.number_format = DATETIME
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE
    else:
        cell.value = _text(value)
        cell.data_type = "s"  # never a formula, whatever it starts with


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        value = label if isinstance(label, str) else value.value
    text: str = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text


def _title(title: str, used: set[str]) -> str:
    base = (title.translate(_TITLE_FORBIDDEN).strip("'") or "Sheet")[:_MAX_SHEET_TITLE]
    name, number = base, 2
    while name.lower() in used:
        suffix = f"({number})"
        name, number = base[: _MAX_SHEET_TITLE - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _file_safe(name: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in name).strip() or "导出"
