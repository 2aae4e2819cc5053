"""Types of score entry: workbench cells, stored entries, inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.assignments.models import ProgressReport
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.graphql.scoring.entry.scorers import scorer_name
from jixiao.scoring.entry import service
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.models import Score, ScoreStatus

Quarter = Annotated[
    str,
    strawberry.argument(description="The quarter: one of the scheme's periods, e.g. `Q1`."),
]
ScoreStatusEnum = strawberry.enum(
    ScoreStatus, name="ScoreStatus", description="Whether a score is a draft or recorded."
)
describe_values(
    "ScoreStatus",
    {
        "RECORDED": "已提交: imported, or submitted and locked until the office reopens it.",
        "DRAFT": "草稿: entered, not submitted; the scorer may still change or withdraw it.",
    },
)


@strawberry.type(
    name="ScoreEntry",
    description="A stored score (赋分) of a unit's indicator in a period (one per scorer for "
    "manual indicators).",
)
class ScoreEntryType:
    """One stored entry of a unit's indicator in a period (by one scorer for manual ones)."""

    scorer: str = strawberry.field(
        description="The scorer code (username or unit code); empty when the method has none."
    )
    value: Decimal | None = strawberry.field(description="Points given (manual indicators).")
    actual: Decimal | None = strawberry.field(
        description="The actual value (ratio and linear methods)."
    )
    met: bool | None = strawberry.field(
        description="Whether it was met (pass_fail and binding indicators)."
    )
    incidents: int | None = strawberry.field(description="Incidents counted (deduction method).")
    rank: int | None = strawberry.field(description="The rank placed (rank method).")
    status: ScoreStatusEnum = strawberry.field(  # type: ignore[valid-type]
        description="Draft or recorded."
    )
    status_label: str = strawberry.field(description="The status in Chinese: 草稿 or 已提交.")
    entered_by: str | None = strawberry.field(
        description="Who entered it last (name); null for an import."
    )
    entered_at: datetime = strawberry.field(description="When it was last entered or imported.")
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
    report_id: strawberry.ID = strawberry.field(description="The ProgressReport's global id.")
    status: str = strawberry.field(
        description="draft, submitted, approved, reported, verified or returned."
    )
    status_label: str = strawberry.field(description="The status in Chinese, e.g. 已核实.")
    completion: Decimal | None = strawberry.field(description="Reported completion, percent.")
    actual: Decimal | None = strawberry.field(description="The value the unit reported.")
    verified_value: Decimal | None = strawberry.field(
        description="The value the monitoring department verified (the engine uses it)."
    )
    verify_note: str = strawberry.field(
        description="The monitoring department's note on its check; empty for none."
    )
    narrative: str = strawberry.field(description="The unit's account of its progress.")
    evidence_count: int = strawberry.field(description="Evidence files (佐证材料) attached.")
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


@strawberry.type(
    description="A unit × indicator the viewer may score in the period, with its current entry."
)
class WorkbenchCell:
    """A unit × indicator this scorer may score in the period, with its current entry."""

    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    indicator_code: str = strawberry.field(description="The leaf indicator's code.")
    indicator_name: str = strawberry.field(description="The leaf indicator's name.")
    method: str = strawberry.field(
        description="How it scores: manual, ratio, linear, pass_fail, deduction or rank."
    )
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
    score: ScoreEntryType | None = strawberry.field(
        description="The entry stored under the viewer's scorer code; null when none."
    )
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


@strawberry.input(
    description="One cell of a bulk entry: give the figure the indicator's method reads."
)
class ScoreEntryInput:
    """One cell of a bulk entry: `value` for manual indicators, `actual`, `met`, `incidents`
    or `rank` for the other methods; a reason whenever a manual value is below full points."""

    unit_code: str = strawberry.field(description="The unit's code.")
    indicator_code: str = strawberry.field(description="The leaf indicator's code.")
    value: Decimal | None = strawberry.field(
        default=None, description="Points, 0 to full points in the period (manual)."
    )
    actual: Decimal | None = strawberry.field(
        default=None, description="The actual value (ratio and linear)."
    )
    met: bool | None = strawberry.field(
        default=None, description="Whether it was met (pass_fail and binding indicators)."
    )
    incidents: int | None = strawberry.field(
        default=None, description="Incidents in the period (deduction)."
    )
    rank: int | None = strawberry.field(default=None, description="The rank placed (rank).")
    reason: str | None = strawberry.field(
        default=None, description="Why less than full points: required then (manual)."
    )

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


@strawberry.type(description="The outcome of entering, submitting or correcting scores.")
class ScoreEntriesPayload:
    scores: list[ScoreEntryType] = strawberry.field(
        default_factory=list, description="The entries as stored now; empty on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The outcome of reopenScores.")
class ReopenScoresPayload:
    reopened: int = strawberry.field(default=0, description="Scores returned to draft.")
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
