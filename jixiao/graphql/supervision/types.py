"""Types of supervision: the board's rows and counts, supervision notices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.org.models import Unit
from jixiao.org.queries import units_by_id
from jixiao.platform.db import JixiaoSession
from jixiao.supervision import board
from jixiao.supervision.models import NoticeState, SupervisionNotice

LightEnum = strawberry.enum(
    board.Light,
    name="SupervisionLight",
    description="红黄绿灯: how an assignment stands against its milestone and report deadline.",
)
describe_values(
    "SupervisionLight",
    {
        "GREEN": "正常: progress at or above the green threshold, or sent up on time.",
        "YELLOW": "预警: progress between the thresholds, a report waiting for someone, or due "
        "soon (within the reminder days) and not sent up.",
        "RED": "滞后: past the report deadline and not sent up, or progress below the yellow "
        "threshold.",
        "NONE": "未到期: not due yet and nothing to measure.",
    },
)
NoticeStateEnum = strawberry.enum(
    NoticeState,
    name="SupervisionNoticeState",
    description="Where a supervision notice (督办通知) stands.",
)
describe_values(
    "SupervisionNoticeState",
    {
        "OPEN": "待回复: sent; the unit has not replied yet.",
        "REPLIED": "已回复: the unit replied; it may reply again until closed.",
        "CLOSED": "已办结: closed by the supervision group; no more replies.",
    },
)


@strawberry.type(description="One assignment in one period as supervision follows it.")
class SupervisionRow:
    assignment_id: strawberry.ID = strawberry.field(
        description="Global id of the assignment (任务分解)."
    )
    unit_code: str = strawberry.field(description="Code of the unit the task was given to.")
    unit_name: str = strawberry.field(description="Name of that unit.")
    indicator_code: str = strawberry.field(description="The indicator's code within the scheme.")
    indicator_name: str = strawberry.field(description="The indicator's name.")
    period: str = strawberry.field(description="The period followed: `Q1`…`Q4`.")
    due: date | None = strawberry.field(description="The period's report deadline.")
    milestone_text: str = strawberry.field(
        description="The assignment's milestone for the period (季度节点); empty when none."
    )
    milestone_value: Decimal | None = strawberry.field(
        description="The milestone's value, in the indicator's unit; null when it has none "
        "(progress is then the reported completion %)."
    )
    report_id: strawberry.ID | None = strawberry.field(description="The latest report version.")
    report_status: str | None = strawberry.field(
        description="The latest report version's status in lower case (e.g. `reported`); "
        "null when nothing was saved."
    )
    report_status_label: str | None = strawberry.field(
        description="That status in Chinese, e.g. 已上报; null when nothing was saved."
    )
    late: bool = strawberry.field(
        description="The latest report was saved or submitted after the deadline (逾期上报)."
    )
    progress: Decimal | None = strawberry.field(description="Percent of the milestone reached.")
    light: LightEnum = strawberry.field(  # type: ignore[valid-type]
        description="The light (红黄绿灯) against the milestone and the deadline; see `why`."
    )
    light_label: str = strawberry.field(
        description="The light in Chinese: 正常, 预警, 滞后 or 未到期."
    )
    why: str = strawberry.field(description="Why this light, in words.")
    overdue: bool = strawberry.field(
        description="Past the period's report deadline and not sent up (逾期未报)."
    )
    missing: bool = strawberry.field(description="No report, or only a draft.")
    submitted: bool = strawberry.field(
        description="The latest version was submitted to the unit head (or went further)."
    )
    approved: bool = strawberry.field(
        description="The unit head approved it (领导已审), or it went further."
    )
    reported: bool = strawberry.field(description="It was sent up (上报) or verified.")
    verified: bool = strawberry.field(description="The monitoring department verified it (已核实).")
    scored: bool = strawberry.field(
        description="A submitted score exists for the unit, indicator and period."
    )

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
    scheme_code: str = strawberry.field(description="The scheme's code.")
    period: str = strawberry.field(description="The period counted: `Q1`…`Q4`.")
    today: date = strawberry.field(
        description="Today in the tenant's time zone, the day the lights were judged on."
    )
    due: date | None = strawberry.field(
        description="The period's report deadline (填报截止日); null when none is set."
    )
    green_percent: Decimal = strawberry.field(
        description="Progress (percent of the milestone) at or above which a light is green"
        " (tenant setting)."
    )
    yellow_percent: Decimal = strawberry.field(
        description="Progress (percent of the milestone) below which a light is red (tenant"
        " setting)."
    )
    total: int = strawberry.field(description="Assignments of the period the viewer may see.")
    green: int = strawberry.field(description="Rows with a green light (正常).")
    yellow: int = strawberry.field(description="Rows with a yellow light (预警).")
    red: int = strawberry.field(description="Rows with a red light (滞后).")
    none: int = strawberry.field(description="Rows not yet due with nothing to measure (未到期).")
    overdue: int = strawberry.field(
        description="Rows past the deadline and not sent up (逾期未报)."
    )
    missing: int = strawberry.field(description="Rows with no report, or only a draft.")
    submitted: int = strawberry.field(
        description="Rows whose latest report was submitted to the unit head or went further."
    )
    approved: int = strawberry.field(
        description="Rows approved by the unit head (领导已审) or further."
    )
    reported: int = strawberry.field(description="Rows sent up (上报) or verified.")
    verified: int = strawberry.field(
        description="Rows verified by the monitoring department (已核实)."
    )
    scored: int = strawberry.field(description="Rows with a submitted score for the period.")

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
class SupervisionNoticeType(Node):
    unit_code: str = strawberry.field(description="Code of the unit the notice was sent to.")
    unit_name: str = strawberry.field(description="Name of that unit.")
    id: strawberry.ID = strawberry.field(description="The notice's global id.")
    title: str = strawberry.field(
        description="What the unit is asked to do (督办事项), up to 200 characters."
    )
    body: str = strawberry.field(description="Details of the request; may be empty.")
    period: str | None = strawberry.field(
        description="The period it is about (`Q1`…`Q4`); null when none was named."
    )
    assignment_id: strawberry.ID | None = strawberry.field(
        description="Global id of the assignment it is about; null for a general notice."
    )
    reply_due: date = strawberry.field(
        description="The day the unit's reply is due (回复期限), in the tenant's calendar."
    )
    overdue: bool = strawberry.field(description="Open past its reply deadline.")
    state: NoticeStateEnum = strawberry.field(  # type: ignore[valid-type]
        description="Where the notice stands."
    )
    state_label: str = strawberry.field(
        description="The state in Chinese: 待回复, 已回复 or 已办结."
    )
    reply: str = strawberry.field(
        description="The unit's reply (办理情况); empty until it replies; a later reply "
        "replaces it."
    )
    replied_at: datetime | None = strawberry.field(
        description="When the unit last replied; null before."
    )
    replied_by: str | None = strawberry.field(description="Who replied for the unit; null before.")
    closed_at: datetime | None = strawberry.field(
        description="When the supervision group closed it (办结); null while open."
    )
    closed_by: str | None = strawberry.field(description="Who closed it; null while open.")
    close_note: str = strawberry.field(description="The note given when closing; may be empty.")
    created_at: datetime = strawberry.field(description="When it was sent.")
    created_by: str | None = strawberry.field(description="Who sent it; null if unknown.")

    @classmethod
    def of(cls, row: SupervisionNotice, unit: Unit | None, today: date) -> SupervisionNoticeType:
        """The notice sent to `unit` (None: a unit no longer found), as seen on `today`."""
        return cls(
            unit_code=unit.code if unit else "",
            unit_name=unit.name if unit else "",
            id=to_global_id("SupervisionNotice", row.id),
            title=row.title,
            body=row.body,
            period=row.period,
            assignment_id=to_global_id("Assignment", row.assignment_id)
            if row.assignment_id
            else None,
            reply_due=row.reply_due,
            overdue=row.state is NoticeState.OPEN and today > row.reply_due,
            state=row.state,
            state_label=row.state.label,
            reply=row.reply,
            replied_at=row.replied_at,
            replied_by=row.replied_by,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
            close_note=row.close_note,
            created_at=row.created_at,
            created_by=row.created_by,
        )

    @classmethod
    def of_rows(
        cls, session: JixiaoSession, rows: list[SupervisionNotice]
    ) -> list[SupervisionNoticeType]:
        """Notices with their units' codes and names (one query)."""
        units = units_by_id(session, sorted({row.unit_id for row in rows}))
        today = board.tenant_today(session)
        return [cls.of(row, units.get(row.unit_id), today) for row in rows]


SupervisionNoticeConnection = Connection[SupervisionNoticeType]


@strawberry.type(description="The supervision notice after the step, or why it was refused.")
class SupervisionNoticePayload:
    notice: SupervisionNoticeType | None = strawberry.field(
        default=None, description="The notice as it is now; null when the step was refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )
