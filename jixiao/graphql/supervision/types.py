"""Types of supervision: the board's rows and counts, supervision notices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from sqlmodel import col, select

from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.supervision import board
from jixiao.supervision.models import NoticeState, SupervisionNotice

LightEnum = strawberry.enum(board.Light, name="SupervisionLight")
NoticeStateEnum = strawberry.enum(NoticeState, name="SupervisionNoticeState")


@strawberry.type(description="One assignment in one period as supervision follows it.")
class SupervisionRow:
    assignment_id: strawberry.ID
    unit_code: str
    unit_name: str
    indicator_code: str
    indicator_name: str
    period: str
    due: date | None = strawberry.field(description="The period's report deadline.")
    milestone_text: str
    milestone_value: Decimal | None
    report_id: strawberry.ID | None = strawberry.field(description="The latest report version.")
    report_status: str | None
    report_status_label: str | None
    late: bool = strawberry.field(
        description="The latest report was saved or submitted after the deadline (逾期上报)."
    )
    progress: Decimal | None = strawberry.field(description="Percent of the milestone reached.")
    light: LightEnum  # type: ignore[valid-type]
    light_label: str
    why: str = strawberry.field(description="Why this light, in words.")
    overdue: bool
    missing: bool = strawberry.field(description="No report, or only a draft.")
    submitted: bool
    approved: bool
    reported: bool
    verified: bool
    scored: bool

    @classmethod
    def of(cls, row: board.BoardRow) -> SupervisionRow:
        report = row.report
        return cls(
            assignment_id=to_global_id("Assignment", row.assignment.id),
            unit_code=row.unit.code,
            unit_name=row.unit.name,
            indicator_code=row.indicator.code,
            indicator_name=row.indicator.name,
            period=row.period,
            due=row.due,
            milestone_text=row.milestone_text,
            milestone_value=row.milestone_value,
            report_id=to_global_id("ProgressReport", report.id) if report else None,
            report_status=report.status.value if report else None,
            report_status_label=report.status.label if report else None,
            late=report.late if report else False,
            progress=row.progress,
            light=row.light,
            light_label=row.light.label,
            why=row.why,
            overdue=row.overdue,
            missing=row.missing,
            submitted=row.submitted,
            approved=row.approved,
            reported=row.reported,
            verified=row.verified,
            scored=row.scored,
        )


SupervisionRowConnection = Connection[SupervisionRow]


@strawberry.type(description="How a period stands: counts of lights and of stages passed.")
class SupervisionSummary:
    scheme_code: str
    period: str
    today: date
    due: date | None
    green_percent: Decimal
    yellow_percent: Decimal
    total: int
    green: int
    yellow: int
    red: int
    none: int
    overdue: int
    missing: int
    submitted: int
    approved: int
    reported: int
    verified: int
    scored: int

    @classmethod
    def of(cls, found: board.Board) -> SupervisionSummary:
        counts = found.counts()
        due = found.rows[0].due if found.rows else None
        return cls(
            scheme_code=found.scheme.code,
            period=found.period,
            today=found.today,
            due=due,
            green_percent=found.thresholds.green,
            yellow_percent=found.thresholds.yellow,
            **{
                name: counts.get(name, 0)
                for name in (
                    "total",
                    "green",
                    "yellow",
                    "red",
                    "none",
                    "overdue",
                    "missing",
                    "submitted",
                    "approved",
                    "reported",
                    "verified",
                    "scored",
                )
            },
        )


@strawberry.type(name="SupervisionNotice", description="A supervision notice (督办通知).")
class SupervisionNoticeType:
    model: strawberry.Private[SupervisionNotice]
    unit_code: str
    unit_name: str
    today: strawberry.Private[date]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("SupervisionNotice", self.model.id)

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field
    def period(self) -> str | None:
        return self.model.period

    @strawberry.field
    def assignment_id(self) -> strawberry.ID | None:
        found = self.model.assignment_id
        return to_global_id("Assignment", found) if found else None

    @strawberry.field
    def reply_due(self) -> date:
        return self.model.reply_due

    @strawberry.field(description="Open past its reply deadline.")
    def overdue(self) -> bool:
        return self.model.state is NoticeState.OPEN and self.today > self.model.reply_due

    @strawberry.field
    def state(self) -> NoticeStateEnum:  # type: ignore[valid-type]
        return self.model.state

    @strawberry.field
    def state_label(self) -> str:
        return self.model.state.label

    @strawberry.field
    def reply(self) -> str:
        return self.model.reply

    @strawberry.field
    def replied_at(self) -> datetime | None:
        return self.model.replied_at

    @strawberry.field
    def replied_by(self) -> str | None:
        return self.model.replied_by

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.model.closed_at

    @strawberry.field
    def closed_by(self) -> str | None:
        return self.model.closed_by

    @strawberry.field
    def close_note(self) -> str:
        return self.model.close_note

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def created_by(self) -> str | None:
        return self.model.created_by


SupervisionNoticeConnection = Connection[SupervisionNoticeType]


@strawberry.type
class SupervisionNoticePayload:
    notice: SupervisionNoticeType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def shown_notices(
    session: JixiaoSession, notices: list[SupervisionNotice]
) -> list[SupervisionNoticeType]:
    """Notices with their units' codes and names (one query)."""
    ids = sorted({notice.unit_id for notice in notices})
    units = (
        {unit.id: unit for unit in session.exec(select(Unit).where(col(Unit.id).in_(ids))).all()}
        if ids
        else {}
    )
    today = board.tenant_today(session)
    return [
        SupervisionNoticeType(
            model=notice,
            unit_code=units[notice.unit_id].code if notice.unit_id in units else "",
            unit_name=units[notice.unit_id].name if notice.unit_id in units else "",
            today=today,
        )
        for notice in notices
    ]
