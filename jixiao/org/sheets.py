"""Small helpers for the Excel workbooks offices exchange (openpyxl): writing, reading, cells."""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from jixiao.platform.errors import InvalidInput

_LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
YES = ("是", "yes", "true", "y", "1", "√")
NO = ("否", "no", "false", "n", "0", "")
MAX_PROBLEMS = 30


class WorkbookInvalid(InvalidInput):
    """A workbook was refused; `problems` names each row and column that is wrong."""

    def __init__(self, problems: Sequence[str], *, field: str = "content") -> None:
        self.problems = tuple(problems)
        shown = list(self.problems[:MAX_PROBLEMS])
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"……另有 {len(self.problems) - MAX_PROBLEMS} 处错误")
        super().__init__(
            f"Excel 中有 {len(self.problems)} 处错误，未做任何修改：\n" + "\n".join(shown),
            field=field,
        )


def new_sheet(title: str, headers: Sequence[str], widths: Sequence[int]) -> tuple[Workbook, Any]:
    """A workbook whose first sheet has a bold, frozen header row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return workbook, sheet


def add_notes(workbook: Workbook, lines: Sequence[str]) -> None:
    """A second sheet, 填写说明, with one instruction per line."""
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    for line in lines:
        notes.append([line])


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_base64(workbook: Workbook) -> str:
    """The workbook as base64 text (what GraphQL carries)."""
    return base64.b64encode(to_bytes(workbook)).decode("ascii")


def from_base64(text: str) -> bytes:
    """Bytes of an uploaded workbook sent as base64."""
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("上传内容不是有效的 base64 编码", field="content") from None


def read_rows(
    content: bytes, sheet_title: str, headers: Sequence[str], required: Sequence[str]
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values by header) of every non-empty row under the header row."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not .xlsx
        raise InvalidInput(
            "无法读取文件：请上传 .xlsx 格式的 Excel 工作簿", field="content"
        ) from None
    sheet = workbook[sheet_title] if sheet_title in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None) or ()
    found = [str(cell).strip() if cell is not None else "" for cell in first]
    missing = [name for name in required if name not in found]
    if missing:
        raise WorkbookInvalid([f"第1行缺少列：{'、'.join(missing)}"])
    columns = {name: found.index(name) for name in headers if name in found}
    result = []
    for number, row in enumerate(rows, start=2):
        values = {name: row[i] if i < len(row) else None for name, i in columns.items()}
        if any(text(v) for v in values.values()):
            result.append((number, values))
    workbook.close()
    return result


def text(value: Any) -> str:
    """A cell as trimmed text ('' for empty); whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split_list(value: Any) -> list[str]:
    """Items of a cell listing several values (、 , ； or new lines between them)."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text(value)) if item.strip()]


def number(value: Any) -> Decimal | None:
    """An exact number from a cell (None when empty); raises ValueError when not a number."""
    if value is None or text(value) == "":
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    try:
        figure = Decimal(repr(value)) if isinstance(value, float) else Decimal(text(value))
    except InvalidOperation:
        raise ValueError(text(value)) from None
    if not figure.is_finite():
        raise ValueError(text(value))
    return figure


def cell_number(value: Decimal | None) -> int | float | None:
    """A figure as Excel stores it (a whole number stays whole)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def flag(value: Any) -> bool:
    """是/否 (also yes/no, true/false, 1/0); raises ValueError for anything else."""
    word = text(value).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(word)


def yes_no(value: bool) -> str:
    """是 or 否."""
    return "是" if value else "否"
