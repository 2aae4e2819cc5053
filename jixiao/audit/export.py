"""Exports of the audit log and the sign-in log as CSV or XLSX (audit:export), audited.

Times are written in the tenant's time zone. Cells that a spreadsheet would run as a formula
(`=…`, `+…`, `-…`, `@…`) are kept as text: a quote in CSV, the string type in XLSX.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jixiao.audit import service
from jixiao.audit.models import AuditEvent
from jixiao.audit.signins import SignInFilter, search_sign_ins
from jixiao.identity.models import SignInLog
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow

MAX_ROWS = 10_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    content_type: str
    content: bytes
    rows: int


Column = tuple[str, Callable[[Any], Any]]
EVENT_COLUMNS: tuple[Column, ...] = (
    ("序号", lambda e: e.seq),
    ("时间", lambda e: e.at),
    ("操作者类型", lambda e: e.actor_kind),
    ("操作者", lambda e: e.actor_name),
    ("操作者标识", lambda e: e.actor_id),
    ("操作", lambda e: e.action),
    ("对象类型", lambda e: e.target_type),
    ("对象标识", lambda e: e.target_id),
    ("结果", lambda e: e.outcome),
    ("原因", lambda e: e.reason),
    ("来源地址", lambda e: e.client_address),
    ("请求编号", lambda e: e.request_id),
    ("变更前", lambda e: e.before),
    ("变更后", lambda e: e.after),
    ("哈希", lambda e: e.hash),
)
SIGN_IN_COLUMNS: tuple[Column, ...] = (
    ("时间", lambda r: r.at),
    ("用户名", lambda r: r.username),
    ("结果", lambda r: r.outcome),
    ("原因", lambda r: r.reason),
    ("来源地址", lambda r: r.client_address),
    ("浏览器", lambda r: r.user_agent),
    ("用户标识", lambda r: r.user_id),
)


def export_audit_events(
    session: JixiaoSession, filters: service.AuditFilter, fmt: ExportFormat, *, actor: Subject
) -> ExportFile:
    """The matching audit events (newest first) as a file; more than MAX_ROWS is refused."""
    events, more = service.collect(session, filters, limit=MAX_ROWS)
    _refuse_more(more)
    exported = _render("审计日志", EVENT_COLUMNS, events, fmt, tenant_zone(session))
    _record(session, actor, "audit_events", fmt, filters, exported.rows)
    return exported


def export_sign_ins(
    session: JixiaoSession, filters: SignInFilter, fmt: ExportFormat, *, actor: Subject
) -> ExportFile:
    """The matching sign-in attempts (newest first) as a file; more than MAX_ROWS is refused."""
    rows: list[SignInLog] = []
    after: str | None = None
    while len(rows) <= MAX_ROWS:
        page = search_sign_ins(session, filters, first=100, after=after)
        rows.extend(page.items)
        if not page.has_next:
            break
        after = page.cursors[-1]
    _refuse_more(len(rows) > MAX_ROWS)
    exported = _render("登录日志", SIGN_IN_COLUMNS, rows, fmt, tenant_zone(session))
    _record(session, actor, "sign_in_log", fmt, filters, exported.rows)
    return exported


def _refuse_more(more: bool) -> None:
    if more:
        raise InvalidInput(
            f"符合条件的记录超过 {MAX_ROWS} 条，请缩小时间范围或增加筛选条件后再导出",
            field="filter",
        )


def _record(
    session: JixiaoSession, actor: Subject, kind: str, fmt: ExportFormat, filters: Any, rows: int
) -> None:
    service.record(
        session,
        actor=actor,
        action="audit.export",
        target_type=kind,
        after={"format": fmt, "filters": dataclasses.asdict(filters), "rows": rows},
    )


def _render(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[AuditEvent] | Sequence[SignInLog],
    fmt: ExportFormat,
    zone: ZoneInfo,
) -> ExportFile:
    table = [[_cell(get(row), zone) for _, get in columns] for row in rows]
    headers = [name for name, _ in columns]
    stamp = utcnow().astimezone(zone).strftime("%Y%m%d-%H%M%S")
    name = f"{title}-{stamp}.{fmt.value}"
    content = _csv(headers, table) if fmt is ExportFormat.CSV else _xlsx(title, headers, table)
    return ExportFile(name, CONTENT_TYPES[fmt], content, len(table))


def _cell(value: Any, zone: ZoneInfo) -> str | int | None:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _csv(headers: list[str], table: list[list[str | int | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in table:
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
                         for v in row])  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel reads it as UTF-8


def _xlsx(title: str, headers: list[str], table: list[list[str | int | None]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for row in table:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
