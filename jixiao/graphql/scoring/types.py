"""Types of score entry: workbench cells, stored entries, inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection
from jixiao.scoring.entry import service
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
        )


@strawberry.type
class WorkbenchCell:
    """A unit × indicator this scorer may score in the period, with its current entry."""

    unit_code: str
    unit_name: str
    indicator_code: str
    indicator_name: str
    method: str
    available: Decimal
    scorer: str | None = strawberry.field(
        description="The scorer code the viewer enters as; null when it may only look."
    )
    score: ScoreEntryType | None
    verified_progress: str | None = strawberry.field(
        description="Reserved: the verified progress report of the cell (assignments domain)."
    )

    @classmethod
    def of(cls, cell: service.Cell) -> WorkbenchCell:
        return cls(
            unit_code=cell.unit.code,
            unit_name=cell.unit.name,
            indicator_code=cell.leaf.code,
            indicator_name=cell.leaf.name,
            method=cell.leaf.method.value,
            available=cell.available,
            scorer=cell.scorer,
            score=ScoreEntryType.of(cell.score) if cell.score else None,
            verified_progress=None,
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

    def to_domain(self) -> service.ScoreInput:
        return service.ScoreInput(
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
