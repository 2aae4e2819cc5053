"""A scheme's periods: their three deadlines, closing and reopening (the office), and how each
stands (`schemePeriods`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from jixiao.engine.model import period_name
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError, attempt
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires, requires_any
from jixiao.supervision import periods as service
from jixiao.supervision.models import PeriodDeadline

PeriodStateEnum = strawberry.enum(
    service.PeriodStateKind,
    name="PeriodState",
    description="Whether a scheme's period still takes entries.",
)
describe_values(
    "PeriodState",
    {
        "OPEN": "进行中: reports, verifications, scores and other entries of it are taken.",
        "CLOSED": "已关闭: closed by the office; its entries are read-only until reopened.",
    },
)
READERS = (p.ASSIGNMENT_READ, p.SUPERVISION_READ, p.REPORT_READ)


@strawberry.type(description="A period's stored deadlines and closing.")
class PeriodDeadlineType:
    period: str = strawberry.field(
        description="`Q1`…`Q4`, or `annual` (全年: ratings, adjustments and other entries of "
        "the year)."
    )
    period_name: str = strawberry.field(description="第一季度 …, 全年.")
    report_due: date | None = strawberry.field(description="填报截止日.")
    verify_due: date | None = strawberry.field(description="核实截止日.")
    score_due: date | None = strawberry.field(description="评分截止日.")
    closed: bool = strawberry.field(
        description="Whether the office has closed it: its entries are then read-only."
    )
    closed_at: datetime | None = strawberry.field(
        description="When it was closed; null while open."
    )
    closed_by: str | None = strawberry.field(description="Who closed it; null while open.")
    close_reason: str = strawberry.field(description="Why it was closed; empty while open.")
    updated_at: datetime = strawberry.field(
        description="When its deadlines or closing last changed."
    )
    updated_by: str | None = strawberry.field(description="Who last changed them; null if unknown.")

    @classmethod
    def of(cls, row: PeriodDeadline) -> PeriodDeadlineType:
        return cls(
            period=row.period,
            period_name=period_name(row.period),
            report_due=row.report_due,
            verify_due=row.verify_due,
            score_due=row.score_due,
            closed=row.closed_at is not None,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
            close_reason=row.close_reason,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )


@strawberry.type(description="One period of a scheme (then 全年): state, deadlines, reports.")
class SchemePeriod:
    scheme_code: str = strawberry.field(description="The scheme's code.")
    period: str = strawberry.field(description="`Q1`…`Q4`, or `annual` (全年).")
    name: str = strawberry.field(description="The period in words: 第一季度 …, 全年.")
    state: PeriodStateEnum = strawberry.field(  # type: ignore[valid-type]
        description="Whether entries of the period are still taken."
    )
    state_label: str = strawberry.field(description="进行中 / 已关闭.")
    report_due: date | None = strawberry.field(description="填报截止日.")
    verify_due: date | None = strawberry.field(description="核实截止日.")
    score_due: date | None = strawberry.field(description="评分截止日.")
    closed_at: datetime | None = strawberry.field(
        description="When the office closed it; null while open."
    )
    closed_by: str | None = strawberry.field(description="Who closed it; null while open.")
    close_reason: str = strawberry.field(description="Why it was closed; empty while open.")
    reports_expected: int = strawberry.field(
        description="Assignments (that the viewer may see) reporting this period."
    )
    reports_sent_up: int = strawberry.field(
        description="Of which the latest report was sent up (上报) or verified."
    )
    late_reports: int = strawberry.field(
        description="Of which the latest report is marked late (逾期上报)."
    )

    @classmethod
    def of(cls, state: service.PeriodState) -> SchemePeriod:
        closed_at, closed_by, reason = (
            state.value(name) for name in ("closed_at", "closed_by", "close_reason")
        )
        return cls(
            scheme_code=state.scheme_code,
            period=state.period,
            name=state.name,
            state=state.state,
            state_label=state.state.label,
            report_due=_day(state, "report_due"),
            verify_due=_day(state, "verify_due"),
            score_due=_day(state, "score_due"),
            closed_at=closed_at if isinstance(closed_at, datetime) else None,
            closed_by=closed_by if isinstance(closed_by, str) else None,
            close_reason=reason if isinstance(reason, str) else "",
            reports_expected=state.expected,
            reports_sent_up=state.sent_up,
            late_reports=state.late,
        )


def _day(state: service.PeriodState, name: str) -> date | None:
    found = state.value(name)
    return found if isinstance(found, date) and not isinstance(found, datetime) else None


@strawberry.input(description="A period's deadlines; an omitted one stays as it is.")
class PeriodDeadlineInput:
    period: str = strawberry.field(
        description="One of the scheme's periods (`Q1`…`Q4`) or `annual`; each at most once."
    )
    report_due: date | None = strawberry.field(
        default=strawberry.UNSET, description="填报截止日; null clears it."
    )
    verify_due: date | None = strawberry.field(
        default=strawberry.UNSET, description="核实截止日; null clears it."
    )
    score_due: date | None = strawberry.field(
        default=strawberry.UNSET, description="评分截止日; null clears it."
    )

    def entry(self) -> service.DeadlineInput:
        def due(value: date | None) -> service.Due:
            return service.KEEP if value is strawberry.UNSET else value

        return service.DeadlineInput(
            self.period, due(self.report_due), due(self.verify_due), due(self.score_due)
        )


@strawberry.type(description="The periods' deadlines as stored now, or why nothing was kept.")
class PeriodDeadlinesPayload:
    deadlines: list[PeriodDeadlineType] = strawberry.field(
        description="Every stored period row of the scheme after the change; empty when refused.",
        default_factory=list,
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing was kept; empty on success.", default_factory=list
    )


@strawberry.type(description="The period after closing or reopening, or why it was refused.")
class SchemePeriodPayload:
    period: SchemePeriod | None = strawberry.field(
        default=None, description="The period as it stands now; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


def _state(session: JixiaoSession, info: Info, scheme_code: str, period: str) -> SchemePeriod:
    subject = info.context.subject
    found = service.scheme_periods(session, subject, scheme_code)
    match = next((state for state in found if state.period == period), None)
    if match is None:  # the service has just checked the period
        raise NotFound(f"没有期间「{period}」", field="period")
    return SchemePeriod.of(match)


@strawberry.type
class PeriodQueries:
    @strawberry.field(
        permission_classes=[requires_any(*READERS)],
        description="The stored deadlines and closing of a scheme's periods.",
    )
    async def period_deadlines(self, info: Info, scheme_code: str) -> list[PeriodDeadlineType]:
        rows = await info.context.read(lambda s: service.period_deadlines(s, scheme_code))
        return [PeriodDeadlineType.of(row) for row in rows]

    @strawberry.field(
        permission_classes=[requires_any(*READERS)],
        description="Every period of a scheme, then 全年: state (进行中/已关闭), the three "
        "deadlines, who closed it when and why, and its reports (over the assignments the "
        "viewer may see).",
    )
    async def scheme_periods(self, info: Info, scheme_code: str) -> list[SchemePeriod]:
        subject = info.context.subject
        found = await info.context.read(lambda s: service.scheme_periods(s, subject, scheme_code))
        return [SchemePeriod.of(state) for state in found]


@strawberry.type
class PeriodMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Set or clear the deadlines (report, verification, scoring) of a scheme's "
        "periods; all or none. An omitted deadline stays as it is.",
        metadata={AUDIT_ACTION: "supervision.deadlines"},
    )
    async def set_period_deadlines(
        self,
        info: Info,
        scheme_code: str,
        deadlines: Annotated[
            list[PeriodDeadlineInput],
            strawberry.argument(
                description="One entry per period to change; deadlines fall in the order report, "
                "verification, scoring."
            ),
        ],
    ) -> PeriodDeadlinesPayload:
        subject = info.context.subject
        entries = [d.entry() for d in deadlines]

        def work(session: JixiaoSession) -> list[PeriodDeadlineType]:
            rows = service.set_period_deadlines(session, subject, scheme_code, entries)
            return [PeriodDeadlineType.of(row) for row in rows]

        found, errors = await attempt(lambda: info.context.write(work))
        return PeriodDeadlinesPayload(deadlines=found or [], errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Close a period with a reason: its entries are read-only until reopened.",
        metadata={AUDIT_ACTION: "period.close"},
    )
    async def close_period(
        self, info: Info, scheme_code: str, period: str, reason: str
    ) -> SchemePeriodPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> SchemePeriod:
            service.close_period(session, subject, scheme_code, period, reason)
            return _state(session, info, scheme_code, period)

        found, errors = await attempt(lambda: info.context.write(work))
        return SchemePeriodPayload(period=found, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Reopen a closed period, with a reason.",
        metadata={AUDIT_ACTION: "period.reopen"},
    )
    async def reopen_period(
        self, info: Info, scheme_code: str, period: str, reason: str
    ) -> SchemePeriodPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> SchemePeriod:
            service.reopen_period(session, subject, scheme_code, period, reason)
            return _state(session, info, scheme_code, period)

        found, errors = await attempt(lambda: info.context.write(work))
        return SchemePeriodPayload(period=found, errors=errors)
