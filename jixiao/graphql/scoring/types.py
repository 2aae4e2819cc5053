"""Types of score entry: workbench cells, stored entries, inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.assignments.models import ProgressReport
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.graphql.scoring.scorers import scorer_name
from jixiao.scoring.entry import service
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.models import Score, ScoreStatus

ScoreStatusEnum = strawberry.enum(ScoreStatus, name="ScoreStatus")


@strawberry.type(name="ScoreEntry")
class ScoreEntryType:
    """One stored entry of a unit's indicator in a period (by one scorer for manual ones)."""

    scorer: str
    value: Decimal | None
    actual: Decimal | None
    met: bool | None
    incidents: int | None
    rank: int | None
    status: ScoreStatusEnum  # type: ignore[valid-type]
    status_label: str
    entered_by: str | None
    entered_at: datetime
    reason: str = strawberry.field(description="Why less than full points; empty otherwise.")

    @strawberry.field(description="Who the scorer code names (empty code: none).")
    async def scorer_name(self, info: Info) -> str | None:
        return await scorer_name(info, self.scorer)

    @classmethod
    def of(cls, row: Score) -> ScoreEntryType:
        return cls(
            scorer=row.scorer,
            value=row.value,
            actual=row.actual,
            met=row.met,
            incidents=row.incidents,
            rank=row.rank,
            status=row.status,
            status_label=service.STATUS_LABELS[row.status],
            entered_by=row.entered_by,
            entered_at=row.entered_at,
            reason=row.reason,
        )


@strawberry.type(description="What the unit reported, and what the monitoring department verified.")
class CellProgress:
    report_id: strawberry.ID
    status: str
    status_label: str
    completion: Decimal | None = strawberry.field(description="Reported completion, percent.")
    actual: Decimal | None = strawberry.field(description="The value the unit reported.")
    verified_value: Decimal | None = strawberry.field(
        description="The value the monitoring department verified (the engine uses it)."
    )
    verify_note: str
    narrative: str
    evidence_count: int
    late: bool = strawberry.field(description="Sent after the report deadline (逾期上报).")

    @classmethod
    def of(cls, report: ProgressReport, evidence_count: int) -> CellProgress:
        return cls(
            report_id=to_global_id("ProgressReport", report.id),
            status=report.status.value,
            status_label=report.status.label,
            completion=report.completion,
            actual=report.actual,
            verified_value=report.verified_value,
            verify_note=report.verify_note,
            narrative=report.narrative,
            evidence_count=evidence_count,
            late=report.late,
        )


@strawberry.type
class WorkbenchCell:
    """A unit × indicator this scorer may score in the period, with its current entry."""

    unit_code: str
    unit_name: str
    indicator_code: str
    indicator_name: str
    method: str
    available: Decimal = strawberry.field(description="Full points in the period (满分).")
    points: Decimal = strawberry.field(description="The indicator's points over the year.")
    binding: bool = strawberry.field(
        description="A binding indicator (约束性): its entry says whether it was met."
    )
    criteria: str = strawberry.field(description="The indicator's scoring criteria (评分标准).")
    evidence_required: str = strawberry.field(
        description="What evidence the indicator asks for (佐证材料要求)."
    )
    scorer: str | None = strawberry.field(
        description="The scorer code the viewer enters as; null when it may only look."
    )
    score: ScoreEntryType | None
    score_points: Decimal | None = strawberry.field(
        description="The points the stored entry gives in the period, as the engine scores "
        "it (0 for a binding indicator not met); null without an entry."
    )
    progress: CellProgress | None = strawberry.field(
        description="The unit's latest progress report of this indicator and period."
    )
    self_score: Decimal | None = strawberry.field(
        default=None,
        description="The unit's own score (自评) given with its report; never in the total.",
    )
    self_gap: Decimal | None = strawberry.field(
        default=None,
        description="The entry's points minus the self score (null without either).",
    )

    @strawberry.field(description="Who the viewer enters as, by name.")
    async def scorer_name(self, info: Info) -> str | None:
        return await scorer_name(info, self.scorer)

    @classmethod
    def of(cls, cell: service.Cell) -> WorkbenchCell:
        points = cell.points
        return cls(
            unit_code=cell.unit.code,
            unit_name=cell.unit.name,
            indicator_code=cell.leaf.code,
            indicator_name=cell.leaf.name,
            method=cell.leaf.method.value,
            available=cell.available,
            points=cell.leaf.points,
            binding=cell.leaf.binding,
            criteria=cell.criteria,
            evidence_required=cell.evidence,
            scorer=cell.scorer,
            score=ScoreEntryType.of(cell.score) if cell.score else None,
            score_points=points,
            progress=CellProgress.of(cell.progress, cell.evidence_count) if cell.progress else None,
            self_score=cell.self_score,
            self_gap=None
            if cell.self_score is None or points is None
            else points - cell.self_score,
        )


WorkbenchConnection = Connection[WorkbenchCell]


@strawberry.input
class ScoreEntryInput:
    """One cell of a bulk entry: `value` for manual indicators, `actual`, `met`, `incidents`
    or `rank` for the other methods; a reason whenever a manual value is below full points."""

    unit_code: str
    indicator_code: str
    value: Decimal | None = None
    actual: Decimal | None = None
    met: bool | None = None
    incidents: int | None = None
    rank: int | None = None
    reason: str | None = None

    def to_domain(self) -> ScoreInput:
        return ScoreInput(
            unit=self.unit_code,
            indicator=self.indicator_code,
            value=self.value,
            actual=self.actual,
            met=self.met,
            incidents=self.incidents,
            rank=self.rank,
            reason=self.reason,
        )


@strawberry.type
class ScoreEntriesPayload:
    scores: list[ScoreEntryType] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ReopenScoresPayload:
    reopened: int = 0
    errors: list[UserError] = strawberry.field(default_factory=list)
