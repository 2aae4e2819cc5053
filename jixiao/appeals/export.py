"""The appeal list as Excel (申诉列表): the appeals the reader may read, as the page lists
them (newest first), under the page's filters. Audited."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.appeals.models import Appeal, AppealState
from jixiao.appeals.queries import list_appeals
from jixiao.audit.export import record_export
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.spreadsheet import TWO_PLACES, Column, ExportFile, Sheet, export_file
from jixiao.schemes.lookup import scheme_names
from jixiao.scoring.runs.service import PERIOD_LABELS

MAX_ROWS = 10_000
_PAGE = 100  # the largest page keyset_page gives


def _period(value: str) -> str | None:
    return PERIOD_LABELS.get(value, value) if value else None


def columns(scheme_names: dict[str, str]) -> list[Column]:
    """The page's columns, each part of a cell in its own column."""
    return [
        Column("考评方案", lambda a: scheme_names.get(a.scheme_code, a.scheme_code), 24),
        Column("考评期", lambda a: _period(a.period), 10),
        Column("考评对象", lambda a: a.unit_name, 20),
        Column("申诉事项", lambda a: a.line_label, 26),
        Column("事项类型", lambda a: a.line_kind.label, 10),
        Column("事项所属期", lambda a: _period(a.line_period), 10),
        Column("公布分值", lambda a: a.line_figure, 10, TWO_PLACES),
        Column("申诉理由", lambda a: a.reason, 40),
        Column("状态", lambda a: a.state.label, 10),
        Column("提出时间", lambda a: a.raised_at, 20),
        Column("提出人", lambda a: a.raised_by, 14),
        Column("承办单位", lambda a: a.handler_name or None, 18),
        Column("转办说明", lambda a: a.route_note or None, 24),
        Column("答复", lambda a: a.answer or None, 40),
        Column("答复时间", lambda a: a.answered_at, 20),
        Column("裁定意见", lambda a: a.decision_note or None, 40),
        Column("裁定时间", lambda a: a.decided_at, 20),
    ]


def readable_appeals(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str | None,
    states: Sequence[AppealState],
) -> list[Appeal]:
    """Every appeal the subject reads under the filters, newest first; past MAX_ROWS refused."""
    found: list[Appeal] = []
    after: str | None = None
    while len(found) <= MAX_ROWS:
        page = list_appeals(
            session, subject, scheme_code=scheme_code, states=states, first=_PAGE, after=after
        )
        found.extend(page.items)
        if not page.has_next:
            break
        after = page.cursors[-1]
    if len(found) > MAX_ROWS:
        raise InvalidInput(
            f"符合条件的申诉超过 {MAX_ROWS} 条，请选择考评方案或状态后再导出", field="states"
        )
    return found[::-1]


def export_appeals(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str | None = None,
    states: Sequence[AppealState] = (),
) -> ExportFile:
    """The appeals the subject reads as an .xlsx file; recorded as `appeal.export`."""
    appeals = readable_appeals(session, subject, scheme_code, states)
    codes = sorted({a.scheme_code for a in appeals})
    names = scheme_names(session, codes)
    sheet = Sheet("申诉列表", columns(names), appeals)
    exported = export_file("申诉列表", [sheet], tenant_zone(session), utcnow())
    record_export(
        session,
        subject,
        "appeal.export",
        target_type="appeal",
        details={"scheme": scheme_code, "states": [s.value for s in states]},
        rows=exported.rows,
    )
    return exported
