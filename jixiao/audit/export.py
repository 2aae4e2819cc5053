"""Exports of the audit log and the sign-in log as CSV or XLSX (audit:export), audited.

Times are written in the tenant's time zone (date cells in XLSX). Actions, actors and outcomes
are in words beside their codes. Cells that a spreadsheet would run as a formula (`=…`, `+…`,
`-…`, `@…`) are kept as text: a quote in CSV, the string type in XLSX.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from jixiao.audit import search, service
from jixiao.audit.labels import ACTOR_KIND_LABELS, OUTCOME_LABELS, action_label
from jixiao.audit.models import AuditEvent
from jixiao.identity.models import SignInLog
from jixiao.identity.queries import SignInFilter, search_sign_ins
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.spreadsheet import INTEGER, Column, ExportFile, Sheet, export_file

__all__ = ["ExportFile", "ExportFormat", "export_audit_events", "export_sign_ins", "record_export"]

MAX_ROWS = 10_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CSV_TYPE = "text/csv; charset=utf-8"
SIGN_IN_OUTCOMES = {
    "success": "成功",
    "failed": "失败",
    "locked": "已锁定",
    "refused": "被拒绝",
    "pending": "待输入验证码",
}


def _word(words: dict[str, str], value: Any) -> str | None:
    if value is None:
        return None
    code = str(value.value if isinstance(value, Enum) else value)
    return words.get(code, code)


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("序号", lambda e: e.seq, 8, INTEGER),
    Column("时间", lambda e: e.at, 20),
    Column("操作者类型", lambda e: _word(ACTOR_KIND_LABELS, e.actor_kind), 10),
    Column("操作者", lambda e: e.actor_name, 14),
    Column("操作者标识", lambda e: e.actor_id, 18),
    Column("操作", lambda e: action_label(e.action), 18),
    Column("操作代码", lambda e: e.action, 22),
    Column("对象类型", lambda e: e.target_type, 14),
    Column("对象标识", lambda e: e.target_id, 18),
    Column("结果", lambda e: _word(OUTCOME_LABELS, e.outcome), 8),
    Column("原因", lambda e: e.reason, 30),
    Column("来源地址", lambda e: e.client_address, 16),
    Column("请求编号", lambda e: e.request_id, 18),
    Column("变更前", lambda e: e.before, 40),
    Column("变更后", lambda e: e.after, 40),
    Column("哈希", lambda e: e.hash, 20),
)
SIGN_IN_COLUMNS: tuple[Column, ...] = (
    Column("时间", lambda r: r.at, 20),
    Column("用户名", lambda r: r.username, 14),
    Column("结果", lambda r: _word(SIGN_IN_OUTCOMES, r.outcome), 12),
    Column("原因", lambda r: r.reason, 30),
    Column("来源地址", lambda r: r.client_address, 16),
    Column("浏览器", lambda r: r.user_agent, 40),
    Column("用户标识", lambda r: r.user_id, 18),
)


def export_audit_events(
    session: JixiaoSession, filters: search.AuditFilter, fmt: ExportFormat, *, actor: Subject
) -> ExportFile:
    """The matching audit events (newest first) as a file; more than MAX_ROWS is refused."""
    events, more = search.collect(session, filters, limit=MAX_ROWS)
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


def record_export(
    session: JixiaoSession,
    actor: Subject,
    action: str,
    *,
    target_type: str,
    target_id: str | None = None,
    details: dict[str, Any],
    rows: int,
) -> None:
    """An export is an audited read: who took which rows, under which filters."""
    service.record(
        session,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        after={**details, "rows": rows},
    )


def _record(
    session: JixiaoSession, actor: Subject, kind: str, fmt: ExportFormat, filters: Any, rows: int
) -> None:
    details = {"format": fmt, "filters": dataclasses.asdict(filters)}
    record_export(session, actor, "audit.export", target_type=kind, details=details, rows=rows)


def _render(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[AuditEvent] | Sequence[SignInLog],
    fmt: ExportFormat,
    zone: ZoneInfo,
) -> ExportFile:
    if fmt is ExportFormat.XLSX:
        return export_file(title, [Sheet(title, columns, rows)], zone, utcnow())
    table = [[_cell(column.value(row), zone) for column in columns] for row in rows]
    stamp = utcnow().astimezone(zone).strftime("%Y%m%d-%H%M%S")
    content = _csv([column.header for column in columns], table)
    return ExportFile(f"{title}-{stamp}.csv", CSV_TYPE, content, len(table))


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
