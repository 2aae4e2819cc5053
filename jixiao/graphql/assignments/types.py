"""GraphQL types of task decomposition, progress reports and their evidence."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from jixiao.assignments import evidence, reports
from jixiao.assignments.models import Assignment, ProgressReport, ReportStatus
from jixiao.assignments.models import EvidenceFile as EvidenceRow
from jixiao.assignments.models import ReportEvent as ReportEventRow
from jixiao.graphql.assignments.files import EVIDENCE_FILES
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.graphql.scoring.entry.scorers import ScorerType, scorers_of
from jixiao.org.models import Unit
from jixiao.org.queries import units_by_id
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator
from jixiao.schemes.repository import indicators_by_id

strawberry.enum(
    ReportStatus,
    name="ReportStatus",
    description="草稿 / 已提交 / 领导已审 / 已上报 / 已核实 / 已退回",
)
describe_values(
    "ReportStatus",
    {
        "DRAFT": "草稿: saved by the unit's reporter, not yet submitted; it may still change.",
        "SUBMITTED": "已提交: submitted to the unit head for review.",
        "APPROVED": "领导已审: approved by the unit head, not yet sent up (two-step approval).",
        "REPORTED": "已上报: sent up; the monitoring department is to verify it.",
        "VERIFIED": "已核实: verified; its verified value feeds the score.",
        "RETURNED": "已退回: returned with a reason; the next draft is a new version.",
    },
)
# The enum itself is registered as `ReportApproval` by jixiao/graphql/viewer/types.py.
describe_values(
    "ReportApproval",
    {
        "ONE_STEP": "审核通过即上报: the unit head's approval sends the report up at once.",
        "TWO_STEP": "审核通过后另行上报: approval marks it 领导已审; the head sends it up "
        "separately.",
    },
)


@strawberry.type(description="A period's milestone of an assignment (季度节点).")
class Milestone:
    period: str = strawberry.field(description="The scheme's period it is due in: `Q1`…`Q4`.")
    text: str = strawberry.field(
        description="What the unit should have done by the end of the period."
    )
    value: Decimal | None = strawberry.field(
        description="The value to reach by then, in the indicator's unit; null when none."
    )


@strawberry.input(description="A period's milestone: its text and an optional value.")
class MilestoneInput:
    period: str = strawberry.field(description="One of the scheme's periods: `Q1`…`Q4`.")
    text: str = strawberry.field(
        description="What is due by the end of the period (up to 500 characters)."
    )
    value: Decimal | None = strawberry.field(
        default=None, description="The value to reach by then, in the indicator's unit; optional."
    )


@strawberry.type(name="Assignment", description="A leaf indicator given to a unit (任务分解).")
class AssignmentType(Node):
    id: strawberry.ID = strawberry.field(description="The assignment's global id.")
    scheme_id: strawberry.ID = strawberry.field(
        description="Global id of the scheme the indicator belongs to."
    )
    indicator_id: strawberry.ID = strawberry.field(
        description="Global id of the leaf indicator given."
    )
    indicator_code: str = strawberry.field(description="The indicator's code within the scheme.")
    indicator_name: str = strawberry.field(description="The indicator's name.")
    unit_id: strawberry.ID = strawberry.field(description="Global id of the unit it was given to.")
    unit_name: str = strawberry.field(description="The unit's name.")
    target_value: Decimal | None = strawberry.field(
        description="The numeric target (目标值), in the indicator's unit; null when the "
        "target is only text."
    )
    target_text: str = strawberry.field(description="The target in words (任务目标); may be empty.")
    deadline: date | None = strawberry.field(
        description="When the task is to be done (完成时限); null when none was set."
    )
    milestones: list[Milestone] = strawberry.field(
        description="Quarterly milestones (季度节点), at most one per period."
    )
    scorers: list[str] = strawberry.field(description="Scorer codes; see `scorerDetails`.")
    criteria: str = strawberry.field(description="The indicator's scoring criteria (评分标准).")
    evidence_required: str = strawberry.field(
        description="What evidence the indicator asks for (佐证材料要求)."
    )
    binding: bool = strawberry.field(
        default=False,
        description="约束性指标: its entries say whether it was met (verification included).",
    )

    @classmethod
    def of(cls, row: Assignment, indicator: Indicator, unit: Unit) -> AssignmentType:
        return cls(
            id=to_global_id("Assignment", row.id),
            scheme_id=to_global_id("Scheme", row.scheme_id),
            indicator_id=to_global_id("Indicator", row.indicator_id),
            indicator_code=indicator.code,
            indicator_name=indicator.name,
            unit_id=to_global_id("Unit", row.unit_id),
            unit_name=unit.name,
            target_value=row.target_value,
            target_text=row.target_text,
            deadline=row.deadline,
            milestones=[
                Milestone(
                    period=period,
                    text=str(m.get("text", "")),
                    value=None if m.get("value") is None else Decimal(str(m["value"])),
                )
                for period, m in row.milestones.items()
            ],
            scorers=list(row.scorers),
            criteria=indicator.criteria,
            binding=indicator.binding,
            evidence_required=indicator.evidence,
        )

    @classmethod
    def of_rows(cls, session: JixiaoSession, rows: list[Assignment]) -> list[AssignmentType]:
        """Assignments with their indicator and unit names (two queries)."""
        indicators = indicators_by_id(session, (r.indicator_id for r in rows))
        units = units_by_id(session, (r.unit_id for r in rows))
        return [cls.of(r, indicators[r.indicator_id], units[r.unit_id]) for r in rows]

    @strawberry.field(description="Who the scorer codes name (people and departments), in order.")
    async def scorer_details(self, info: Info) -> list[ScorerType]:
        return await scorers_of(info.context, self.scorers)


@strawberry.type(description="A transition of a report: who, when, and why.")
class ReportEvent:
    action: str = strawberry.field(
        description="What happened: `create`, `submit`, `approve`, `report`, `return` or `verify`."
    )
    from_status: str | None = strawberry.field(
        description="The status before, in lower case (e.g. `submitted`); null for `create`."
    )
    to_status: str = strawberry.field(
        description="The status after, in lower case (e.g. `approved`)."
    )
    reason: str = strawberry.field(
        description="A return's reason or a verification's note; else empty."
    )
    value: Decimal | None = strawberry.field(
        description="The verified value (核实值) of a `verify`; else null."
    )
    actor_name: str | None = strawberry.field(
        description="Display name (else username) of who did it; null if unknown."
    )
    at: datetime = strawberry.field(description="When it happened.")


@strawberry.type(description="An evidence file (佐证材料) of a report.")
class EvidenceFile:
    id: strawberry.ID = strawberry.field(description="The file's global id.")
    file_name: str = strawberry.field(description="The name it was uploaded with.")
    content_type: str = strawberry.field(description="Its media type, e.g. `application/pdf`.")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of its content, hex, to check a download.")
    url: str = strawberry.field(
        description="Where to GET it (`/files/evidence/<id>`), for whoever may read the report."
    )


@strawberry.type(name="ProgressReport", description="One version of a unit's progress report.")
class ProgressReportType(Node):
    id: strawberry.ID = strawberry.field(description="Global id of this version of the report.")
    assignment_id: strawberry.ID = strawberry.field(
        description="Global id of the assignment it reports on."
    )
    unit_id: strawberry.ID = strawberry.field(description="Global id of the reporting unit.")
    indicator_id: strawberry.ID = strawberry.field(
        description="Global id of the assignment's indicator."
    )
    period: str = strawberry.field(description="The period reported on: `Q1`…`Q4`.")
    version: int = strawberry.field(
        description="1, then one more for each new draft after a return."
    )
    narrative: str = strawberry.field(
        description="The unit's account of its progress (进展情况); may be empty."
    )
    completion: Decimal | None = strawberry.field(
        description="完成进度: percent done, 0–100; null when not given."
    )
    actual: Decimal | None = strawberry.field(description="The value the unit reported.")
    verified_value: Decimal | None = strawberry.field(description="The verified value (核实值).")
    verify_note: str = strawberry.field(
        description="The monitoring department's note on verification; else empty."
    )
    return_reason: str = strawberry.field(
        description="Why it was returned (by the unit head or the monitoring department); "
        "else empty."
    )
    status: ReportStatus = strawberry.field(
        description="Where this version stands in the workflow."
    )
    late: bool = strawberry.field(
        description="Saved or submitted after its period's report deadline (逾期上报)."
    )
    late_label: str | None = strawberry.field(description="逾期上报 when late, else null.")
    updated_at: datetime = strawberry.field(description="When this version last changed.")
    history: list[ReportEvent] = strawberry.field(
        description="Its transitions, oldest first (append-only)."
    )
    evidence: list[EvidenceFile] = strawberry.field(description="Its evidence files (佐证材料).")

    @classmethod
    def of(
        cls, row: ProgressReport, events: list[ReportEventRow], files: list[EvidenceRow]
    ) -> ProgressReportType:
        return cls(
            id=to_global_id("ProgressReport", row.id),
            assignment_id=to_global_id("Assignment", row.assignment_id),
            unit_id=to_global_id("Unit", row.unit_id),
            indicator_id=to_global_id("Indicator", row.indicator_id),
            period=row.period,
            version=row.version,
            narrative=row.narrative,
            completion=row.completion,
            actual=row.actual,
            verified_value=row.verified_value,
            verify_note=row.verify_note,
            return_reason=row.return_reason,
            status=row.status,
            late=row.late,
            late_label="逾期上报" if row.late else None,
            updated_at=row.updated_at,
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
                for e in events
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
                for f in files
            ],
        )

    @classmethod
    def of_rows(
        cls, session: JixiaoSession, rows: list[ProgressReport]
    ) -> list[ProgressReportType]:
        """Reports with their history and evidence (two queries)."""
        ids: list[uuid.UUID] = [r.id for r in rows]
        events, files = reports.history(session, ids), evidence.evidence_of(session, ids)
        return [cls.of(r, events[r.id], files[r.id]) for r in rows]


AssignmentConnection = Connection[AssignmentType]
ProgressReportConnection = Connection[ProgressReportType]


@strawberry.type(description="The assignments made or changed, or why nothing was kept.")
class AssignmentsPayload:
    assignments: list[AssignmentType] | None = strawberry.field(
        description="The assignments made or changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why nothing was kept; empty on success."
    )


@strawberry.type(description="The report after the step, or why it was refused.")
class ProgressReportPayload:
    report: ProgressReportType | None = strawberry.field(
        description="The report version as it is now; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done."
    )
