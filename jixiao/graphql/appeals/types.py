"""Types of appeals (申诉): the appeal, its marks on results, the window, the statistics."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.appeals.models import Appeal, AppealState, LineKind
from jixiao.appeals.queries import Mark, Tally
from jixiao.graphql.errors import UserError
from jixiao.graphql.inspections.types import RecordFileType, upload_url
from jixiao.graphql.relay import Connection, from_global_id, to_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.entry.record_files import files_of
from jixiao.scoring.records import RecordOwner
from jixiao.scoring.runs.service import PERIOD_LABELS

AppealStateEnum = strawberry.enum(AppealState, name="AppealState")
LineKindEnum = strawberry.enum(LineKind, name="AppealLineKind")


def shown_key(kind: LineKind, key: str) -> str:
    """An adjustment line is named by the Adjustment's global id, as the API names it."""
    if kind is LineKind.ADJUSTMENT:
        return str(to_global_id("Adjustment", uuid.UUID(key)))
    return key


def stored_key(kind: LineKind, key: str) -> str:
    if kind is LineKind.ADJUSTMENT:
        return str(from_global_id(key, "Adjustment", field="lineKey"))
    return key


@strawberry.type(name="Appeal", description="申诉: a unit's appeal on one line of its result.")
class AppealType:
    model: strawberry.Private[Appeal]
    files: list[RecordFileType] = strawberry.field(description="The unit's evidence (申诉材料).")
    upload_url: str = strawberry.field(
        description="Where the unit POSTs a file while the appeal is open (`/files/records`)."
    )

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Appeal", self.model.id)

    @strawberry.field
    def scheme_code(self) -> str:
        return self.model.scheme_code

    @strawberry.field
    def period(self) -> str:
        return self.model.period

    @strawberry.field
    def period_label(self) -> str:
        return PERIOD_LABELS.get(self.model.period, self.model.period)

    @strawberry.field(description="The published run the appeal was raised on.")
    def run_id(self) -> strawberry.ID:
        return to_global_id("ResultRun", self.model.run_id)

    @strawberry.field
    def unit_code(self) -> str:
        return self.model.unit_code

    @strawberry.field
    def unit_name(self) -> str:
        return self.model.unit_name

    @strawberry.field
    def line_kind(self) -> LineKindEnum:  # type: ignore[valid-type]
        return self.model.line_kind

    @strawberry.field
    def line_kind_label(self) -> str:
        return self.model.line_kind.label

    @strawberry.field(description="Indicator code, component code, or the Adjustment's global id.")
    def line_key(self) -> str:
        return shown_key(self.model.line_kind, self.model.line_key)

    @strawberry.field(description="An indicator line's own period (Q1..Q4).")
    def line_period(self) -> str:
        return self.model.line_period

    @strawberry.field
    def line_label(self) -> str:
        return self.model.line_label

    @strawberry.field(description="The figure as published when the appeal was raised.")
    def line_figure(self) -> str:
        return str(self.model.line_figure)

    @strawberry.field
    def reason(self) -> str:
        return self.model.reason

    @strawberry.field
    def state(self) -> AppealStateEnum:  # type: ignore[valid-type]
        return self.model.state

    @strawberry.field
    def state_label(self) -> str:
        return self.model.state.label

    @strawberry.field(description="Not yet decided nor withdrawn (申诉中).")
    def open(self) -> bool:
        return self.model.state.open

    @strawberry.field
    def raised_at(self) -> datetime:
        return self.model.raised_at

    @strawberry.field
    def raised_by(self) -> str | None:
        return self.model.raised_by

    @strawberry.field(description="The scorer code it was routed to (person or department).")
    def handler(self) -> str:
        return self.model.handler

    @strawberry.field
    def handler_name(self) -> str:
        return self.model.handler_name

    @strawberry.field
    def route_note(self) -> str:
        return self.model.route_note

    @strawberry.field
    def routed_at(self) -> datetime | None:
        return self.model.routed_at

    @strawberry.field
    def routed_by(self) -> str | None:
        return self.model.routed_by

    @strawberry.field
    def answer(self) -> str:
        return self.model.answer

    @strawberry.field
    def answered_at(self) -> datetime | None:
        return self.model.answered_at

    @strawberry.field
    def answered_by(self) -> str | None:
        return self.model.answered_by

    @strawberry.field
    def decision_note(self) -> str:
        return self.model.decision_note

    @strawberry.field
    def decided_at(self) -> datetime | None:
        return self.model.decided_at

    @strawberry.field
    def decided_by(self) -> str | None:
        return self.model.decided_by

    @strawberry.field(description="The republished run of an upheld appeal.")
    def corrected_run_id(self) -> strawberry.ID | None:
        found = self.model.corrected_run_id
        return to_global_id("ResultRun", found) if found else None

    @strawberry.field
    def withdrawn_at(self) -> datetime | None:
        return self.model.withdrawn_at


AppealConnection = Connection[AppealType]


def shown_appeals(session: JixiaoSession, appeals: list[Appeal]) -> list[AppealType]:
    """Appeals with their evidence files (one query)."""
    files = files_of(session, RecordOwner.APPEAL, [a.id for a in appeals])
    return [
        AppealType(
            model=a,
            files=[RecordFileType.of(f) for f in files[a.id]],
            upload_url=upload_url(RecordOwner.APPEAL, a.id),
        )
        for a in appeals
    ]


@strawberry.type
class AppealPayload:
    appeal: AppealType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A line of a unit's result under appeal (申诉中).")
class AppealMark:
    unit_code: str
    line_kind: LineKindEnum  # type: ignore[valid-type]
    line_key: str
    line_period: str = strawberry.field(description="An indicator line's period; else empty.")
    state: AppealStateEnum  # type: ignore[valid-type]
    state_label: str

    @classmethod
    def of(cls, mark: Mark) -> AppealMark:
        return cls(
            unit_code=mark.unit_code,
            line_kind=mark.line_kind,
            line_key=shown_key(mark.line_kind, mark.line_key),
            line_period=mark.line_period,
            state=mark.state,
            state_label=mark.state.label,
        )


@strawberry.type(description="The appeal window (申诉期) of a published result.")
class AppealWindow:
    run_id: strawberry.ID = strawberry.field(description="The result published now.")
    days: int = strawberry.field(description="Working days after first publication; 0 = none.")
    published_at: datetime | None
    closes_at: datetime | None
    open: bool
    publicity: bool = strawberry.field(
        default=False,
        description="The run is in 公示: objections are taken until the 公示 ends (closesAt).",
    )


@strawberry.type(description="Appeals of one scorer on one line (indicator, adjustment, rating).")
class AppealTally:
    handler: str
    handler_name: str
    line_kind: LineKindEnum  # type: ignore[valid-type]
    line_key: str
    line_label: str
    appeals: int
    open: int
    upheld: int
    rejected: int
    withdrawn: int
    upheld_rate: Decimal | None = strawberry.field(
        description="Upheld of the decided appeals, in percent; null before any decision."
    )

    @classmethod
    def of(cls, tally: Tally) -> AppealTally:
        return cls(
            handler=tally.handler,
            handler_name=tally.handler_name,
            line_kind=tally.line_kind,
            line_key=shown_key(tally.line_kind, tally.line_key),
            line_label=tally.line_label,
            appeals=tally.appeals,
            open=tally.open,
            upheld=tally.upheld,
            rejected=tally.rejected,
            withdrawn=tally.withdrawn,
            upheld_rate=tally.upheld_rate,
        )
