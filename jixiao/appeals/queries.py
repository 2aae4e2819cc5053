"""Reading appeals: the list each reader may see, the marks (申诉中) on results under appeal,
and statistics per scorer and indicator."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import col, select

from jixiao.appeals import window
from jixiao.appeals.models import Appeal, AppealState, LineKind
from jixiao.appeals.service import own_units
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page, keyset_page
from jixiao.policies import permissions as p
from jixiao.scoring.runs.lookup import pointer_by_code
from jixiao.scoring.runs.models import ResultRun, RunStatus
from jixiao.scoring.runs.scope import ResultScope
from jixiao.tenants.values import setting_number

OPEN = (AppealState.ROUTING, AppealState.ANSWERING, AppealState.DECIDING)


def _readable(subject: Subject) -> ColumnElement[bool]:
    """The appeals a subject reads: the office all; a unit its own; a handler those routed to
    it (a subject with several of these powers reads the union)."""
    if subject.can(p.APPEAL_HANDLE.code):
        return col(Appeal.id).is_not(None)
    parts: list[ColumnElement[bool]] = []
    if subject.can(p.APPEAL_WRITE.code):
        parts.append(col(Appeal.unit_id).in_(sorted(own_units(subject))))
    if subject.can(p.SCORE_WRITE.code) and subject.scope.scorer_codes:
        parts.append(col(Appeal.handler).in_(sorted(subject.scope.scorer_codes)))
    return or_(*parts) if parts else false()


def parse_state(value: str | None) -> AppealState | None:
    if value is None:
        return None
    try:
        return AppealState(value)
    except ValueError:
        raise InvalidInput(f"申诉状态「{value}」无效", field="state") from None


def list_appeals(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str | None = None,
    states: Sequence[AppealState] = (),
    first: int | None = None,
    after: str | None = None,
) -> Page[Appeal]:
    """The appeals the subject reads, oldest first."""
    statement = select(Appeal).where(_readable(subject))
    if scheme_code is not None:
        statement = statement.where(Appeal.scheme_code == scheme_code)
    if states:
        statement = statement.where(col(Appeal.state).in_(list(states)))
    return keyset_page(session, statement, col(Appeal.id), first=first, after=after)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Mark:
    """A line of a unit's result under appeal (申诉中)."""

    unit_code: str
    line_kind: LineKind
    line_key: str
    line_period: str
    state: AppealState


def marks(session: JixiaoSession, subject: Subject, scheme_code: str, period: str) -> list[Mark]:
    """The open appeals of a scheme's period on the units whose results the subject reads."""
    scope = ResultScope.of(subject)
    statement = select(Appeal).where(
        Appeal.scheme_code == scheme_code,
        Appeal.period == period,
        col(Appeal.state).in_(OPEN),
    )
    if scope.unit_ids is not None:
        statement = statement.where(col(Appeal.unit_id).in_(sorted(scope.unit_ids)))
    rows = session.exec(statement.order_by(col(Appeal.unit_code), col(Appeal.id))).all()
    return [Mark(a.unit_code, a.line_kind, a.line_key, a.line_period, a.state) for a in rows]


@dataclass(frozen=True)
class Tally:
    """Appeals of one scorer on one indicator (or other line), and how they ended."""

    handler: str
    handler_name: str
    line_kind: LineKind
    line_key: str
    line_label: str
    appeals: int
    open: int
    upheld: int
    rejected: int
    withdrawn: int

    @property
    def upheld_rate(self) -> Decimal | None:
        """Upheld of the decided ones, in percent (two places); None before any decision."""
        decided = self.upheld + self.rejected
        if not decided:
            return None
        rate = Decimal(self.upheld * 100) / Decimal(decided)
        return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def statistics(session: JixiaoSession, scheme_code: str, period: str | None = None) -> list[Tally]:
    """Per scorer (the handler routed to; "" before routing) and line: counts and upheld rate."""
    statement = select(Appeal).where(Appeal.scheme_code == scheme_code)
    if period is not None:
        statement = statement.where(Appeal.period == period)
    groups: dict[tuple[str, LineKind, str], list[Appeal]] = {}
    for appeal in session.exec(statement).all():
        groups.setdefault((appeal.handler, appeal.line_kind, appeal.line_key), []).append(appeal)
    tallies = []
    for (handler, kind, key), rows in groups.items():
        states = [a.state for a in rows]
        tallies.append(
            Tally(
                handler=handler,
                handler_name=rows[-1].handler_name,
                line_kind=kind,
                line_key=key,
                line_label=rows[-1].line_label,
                appeals=len(rows),
                open=sum(s.open for s in states),
                upheld=states.count(AppealState.UPHELD),
                rejected=states.count(AppealState.REJECTED),
                withdrawn=states.count(AppealState.WITHDRAWN),
            )
        )
    return sorted(tallies, key=lambda t: (t.handler_name, t.line_kind.value, t.line_key))


@dataclass(frozen=True)
class WindowView:
    """The appeal window of the published result of a scheme's period, as a unit reads it."""

    run_id: uuid.UUID
    days: int
    published_at: datetime | None
    closes_at: datetime | None
    open: bool
    publicity: bool = False  # the window of a run in 公示: until the 公示 ends


def window_of(
    session: JixiaoSession, subject: Subject, scheme_code: str, period: str
) -> WindowView | None:
    """The window of the result published now for a scheme's period, or of the run in 公示
    (None: none published, or not one the subject may see)."""
    pointer = pointer_by_code(session, scheme_code, period)
    shown = None if pointer is None else pointer.publicity_run_id or pointer.published_run_id
    if shown is None:
        return None
    run = session.get(ResultRun, (session.require_tenant(), shown))
    if run is None or not ResultScope.of(subject).sees_run(run):
        return None
    if run.status is RunStatus.PUBLICITY:  # objections until the 公示 ends
        ends = run.publicity_ends_at
        days = setting_number(session, "publicity_days")
        is_open = bool(ends and utcnow() < ends)
        return WindowView(run.id, days, run.publicity_started_at, ends, is_open, publicity=True)
    published = window.first_published(session, run)
    days = window.window_days(session)
    closes = None if published is None else window.closes_at(published, days, tenant_zone(session))
    return WindowView(run.id, days, published, closes, closes is not None and utcnow() < closes)
