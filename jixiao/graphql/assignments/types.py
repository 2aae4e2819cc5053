"""GraphQL types of task decomposition, progress reports and their evidence."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry
from sqlmodel import col, select

from jixiao.assignments import evidence, reports
from jixiao.assignments.models import Assignment, ProgressReport, ReportStatus
from jixiao.graphql.assignments.files import EVIDENCE_FILES
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.graphql.scoring.scorers import ScorerType, scorers_of
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator

strawberry.enum(
    ReportStatus,
    name="ReportStatus",
    description="草稿 / 已提交 / 领导已审 / 已上报 / 已核实 / 已退回",
)


@strawberry.type(description="A period's milestone of an assignment (季度节点).")
class Milestone:
    period: str
    text: str
    value: Decimal | None


@strawberry.input(description="A period's milestone: its text and an optional value.")
class MilestoneInput:
    period: str
    text: str
    value: Decimal | None = None


@strawberry.type(name="Assignment", description="A leaf indicator given to a unit (任务分解).")
class AssignmentType:
    id: strawberry.ID
    scheme_id: strawberry.ID
    indicator_id: strawberry.ID
    indicator_code: str
    indicator_name: str
    unit_id: strawberry.ID
    unit_name: str
    target_value: Decimal | None
    target_text: str
    deadline: date | None
    milestones: list[Milestone]
    scorers: list[str] = strawberry.field(description="Scorer codes; see `scorerDetails`.")
    criteria: str = strawberry.field(description="The indicator's scoring criteria (评分标准).")
    evidence_required: str = strawberry.field(
        description="What evidence the indicator asks for (佐证材料要求)."
    )
    binding: bool = strawberry.field(
        default=False,
        description="约束性指标: its entries say whether it was met (verification included).",
    )

    @strawberry.field(description="Who the scorer codes name (people and departments), in order.")
    async def scorer_details(self, info: Info) -> list[ScorerType]:
        return await scorers_of(info.context, self.scorers)


@strawberry.type(description="A transition of a report: who, when, and why.")
class ReportEvent:
    action: str
    from_status: str | None
    to_status: str
    reason: str
    value: Decimal | None
    actor_name: str | None
    at: datetime


@strawberry.type(description="An evidence file (佐证材料) of a report.")
class EvidenceFile:
    id: strawberry.ID
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    url: str


@strawberry.type(name="ProgressReport", description="One version of a unit's progress report.")
class ProgressReportType:
    id: strawberry.ID
    assignment_id: strawberry.ID
    unit_id: strawberry.ID
    indicator_id: strawberry.ID
    period: str
    version: int
    narrative: str
    completion: Decimal | None
    actual: Decimal | None = strawberry.field(description="The value the unit reported.")
    verified_value: Decimal | None = strawberry.field(description="The verified value (核实值).")
    verify_note: str
    return_reason: str
    status: ReportStatus
    late: bool = strawberry.field(
        description="Saved or submitted after its period's report deadline (逾期上报)."
    )
    late_label: str | None = strawberry.field(description="逾期上报 when late, else null.")
    updated_at: datetime
    history: list[ReportEvent]
    evidence: list[EvidenceFile]


AssignmentConnection = Connection[AssignmentType]
ProgressReportConnection = Connection[ProgressReportType]


@strawberry.type
class AssignmentsPayload:
    assignments: list[AssignmentType] | None
    errors: list[UserError]


@strawberry.type
class ProgressReportPayload:
    report: ProgressReportType | None
    errors: list[UserError]


def shown_assignments(session: JixiaoSession, rows: list[Assignment]) -> list[AssignmentType]:
    """GraphQL assignments with their indicator and unit names (two queries)."""
    indicators = {
        i.id: i
        for i in session.exec(
            select(Indicator).where(col(Indicator.id).in_({r.indicator_id for r in rows}))
        ).all()
    }
    units = {
        u.id: u
        for u in session.exec(select(Unit).where(col(Unit.id).in_({r.unit_id for r in rows}))).all()
    }
    return [
        AssignmentType(
            id=to_global_id("Assignment", r.id),
            scheme_id=to_global_id("Scheme", r.scheme_id),
            indicator_id=to_global_id("Indicator", r.indicator_id),
            indicator_code=indicators[r.indicator_id].code,
            indicator_name=indicators[r.indicator_id].name,
            unit_id=to_global_id("Unit", r.unit_id),
            unit_name=units[r.unit_id].name,
            target_value=r.target_value,
            target_text=r.target_text,
            deadline=r.deadline,
            milestones=[
                Milestone(
                    period=period,
                    text=str(m.get("text", "")),
                    value=None if m.get("value") is None else Decimal(str(m["value"])),
                )
                for period, m in r.milestones.items()
            ],
            scorers=list(r.scorers),
            criteria=indicators[r.indicator_id].criteria,
            binding=indicators[r.indicator_id].binding,
            evidence_required=indicators[r.indicator_id].evidence,
        )
        for r in rows
    ]


def shown_reports(session: JixiaoSession, rows: list[ProgressReport]) -> list[ProgressReportType]:
    """GraphQL reports with their history and evidence (two queries)."""
    ids: list[uuid.UUID] = [r.id for r in rows]
    events, files = reports.history(session, ids), evidence.evidence_of(session, ids)
    return [
        ProgressReportType(
            id=to_global_id("ProgressReport", r.id),
            assignment_id=to_global_id("Assignment", r.assignment_id),
            unit_id=to_global_id("Unit", r.unit_id),
            indicator_id=to_global_id("Indicator", r.indicator_id),
            period=r.period,
            version=r.version,
            narrative=r.narrative,
            completion=r.completion,
            actual=r.actual,
            verified_value=r.verified_value,
            verify_note=r.verify_note,
            return_reason=r.return_reason,
            status=r.status,
            late=r.late,
            late_label="逾期上报" if r.late else None,
            updated_at=r.updated_at,
            history=[
                ReportEvent(
                    action=e.action,
                    from_status=e.from_status,
                    to_status=e.to_status,
                    reason=e.reason,
                    value=e.value,
                    actor_name=e.actor_name,
                    at=e.at,
                )
                for e in events[r.id]
            ],
            evidence=[
                EvidenceFile(
                    id=(gid := to_global_id("EvidenceFile", f.id)),
                    file_name=f.file_name,
                    content_type=f.content_type,
                    size_bytes=f.size_bytes,
                    sha256=f.sha256,
                    url=f"{EVIDENCE_FILES}/{gid}",
                )
                for f in files[r.id]
            ],
        )
        for r in rows
    ]
