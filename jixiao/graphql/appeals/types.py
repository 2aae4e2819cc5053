"""Types of appeals (申诉): the appeal, its marks on results, the window, the statistics."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.appeals.models import Appeal, AppealState, LineKind
from jixiao.appeals.queries import Mark, Tally
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, Node, from_global_id, to_global_id
from jixiao.graphql.scoring.records.types import RecordFileType, upload_url
from jixiao.platform.db import JixiaoSession
from jixiao.scoring.entry.record_files import files_of
from jixiao.scoring.records import RecordOwner
from jixiao.scoring.runs.service import PERIOD_LABELS

AppealStateEnum = strawberry.enum(
    AppealState, name="AppealState", description="Where an appeal stands in its steps."
)
describe_values(
    "AppealState",
    {
        "ROUTING": "待分派: raised; the office has not routed it to a handler yet.",
        "ANSWERING": "待答复: routed; the scorer or monitoring department is to answer.",
        "DECIDING": "待裁定: answered; the office is to decide.",
        "REJECTED": "已维持原结果: decided against the unit; the result stands.",
        "UPHELD": "已更正: decided for the unit; corrected, recomputed and republished.",
        "WITHDRAWN": "已撤回: the unit withdrew it before the decision.",
    },
)
LineKindEnum = strawberry.enum(
    LineKind, name="AppealLineKind", description="Which kind of result line an appeal is on."
)
describe_values(
    "AppealLineKind",
    {
        "INDICATOR": "指标得分: an indicator's score in one period, keyed by indicator code.",
        "ADJUSTMENT": "加减分: a bonus or deduction, keyed by the Adjustment's global id.",
        "RATING": "评价得分: a rating component (e.g. leader rating), keyed by component code.",
    },
)


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
class AppealType(Node):
    files: list[RecordFileType] = strawberry.field(description="The unit's evidence (申诉材料).")
    upload_url: str = strawberry.field(
        description="Where the unit POSTs a file while the appeal is open (`/files/records`)."
    )
    id: strawberry.ID = strawberry.field(description="The appeal's global id.")
    scheme_code: str = strawberry.field(
        description="Code of the scheme whose published result is appealed."
    )
    period: str = strawberry.field(
        description="The appealed result's period: `annual` or `Q1`…`Q4`."
    )
    period_label: str = strawberry.field(description="The period in Chinese, e.g. 全年, 第一季度.")
    run_id: strawberry.ID = strawberry.field(
        description="The published run the appeal was raised on."
    )
    unit_code: str = strawberry.field(description="Code of the appealing unit.")
    unit_name: str = strawberry.field(description="Name of the appealing unit.")
    line_kind: LineKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="Which kind of result line is appealed."
    )
    line_kind_label: str = strawberry.field(
        description="The line's kind in Chinese: 指标得分, 加减分 or 评价得分."
    )
    line_key: str = strawberry.field(
        description="Indicator code, component code, or the Adjustment's global id."
    )
    line_period: str = strawberry.field(description="An indicator line's own period (Q1..Q4).")
    line_label: str = strawberry.field(
        description="The line as the unit saw it: the indicator's, adjustment's or "
        "component's name."
    )
    line_figure: str = strawberry.field(
        description="The figure as published when the appeal was raised."
    )
    reason: str = strawberry.field(description="Why the unit objects (申诉理由), as it wrote it.")
    state: AppealStateEnum = strawberry.field(  # type: ignore[valid-type]
        description="Where the appeal stands."
    )
    state_label: str = strawberry.field(description="The state in Chinese, e.g. 待分派, 已更正.")
    open: bool = strawberry.field(description="Not yet decided nor withdrawn (申诉中).")
    raised_at: datetime = strawberry.field(description="When the unit raised it.")
    raised_by: str | None = strawberry.field(
        description="Display name (else username) of who raised it; null if unknown."
    )
    handler: str = strawberry.field(
        description="The scorer code it was routed to (person or department)."
    )
    handler_name: str = strawberry.field(
        description="Name of the scorer or department it was routed to; empty before routing."
    )
    route_note: str = strawberry.field(
        description="The office's note to the handler when routing; may be empty."
    )
    routed_at: datetime | None = strawberry.field(
        description="When the office last routed it; null before routing."
    )
    routed_by: str | None = strawberry.field(
        description="Who in the office routed it; null before routing."
    )
    answer: str = strawberry.field(description="The handler's answer (答复); empty until answered.")
    answered_at: datetime | None = strawberry.field(
        description="When the handler answered; null until then."
    )
    answered_by: str | None = strawberry.field(
        description="Who answered for the handler; null until then."
    )
    decision_note: str = strawberry.field(
        description="The office's decision (裁定意见), sent to the unit; empty until decided."
    )
    decided_at: datetime | None = strawberry.field(
        description="When the office decided; null until then."
    )
    decided_by: str | None = strawberry.field(
        description="Who in the office decided; null until then."
    )
    corrected_run_id: strawberry.ID | None = strawberry.field(
        description="The republished run of an upheld appeal."
    )
    withdrawn_at: datetime | None = strawberry.field(
        description="When the unit withdrew it; null unless withdrawn."
    )

    @classmethod
    def of(cls, row: Appeal, files: list[RecordFileType]) -> AppealType:
        return cls(
            files=files,
            upload_url=upload_url(RecordOwner.APPEAL, row.id),
            id=to_global_id("Appeal", row.id),
            scheme_code=row.scheme_code,
            period=row.period,
            period_label=PERIOD_LABELS.get(row.period, row.period),
            run_id=to_global_id("ResultRun", row.run_id),
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            line_kind=row.line_kind,
            line_kind_label=row.line_kind.label,
            line_key=shown_key(row.line_kind, row.line_key),
            line_period=row.line_period,
            line_label=row.line_label,
            line_figure=str(row.line_figure),
            reason=row.reason,
            state=row.state,
            state_label=row.state.label,
            open=row.state.open,
            raised_at=row.raised_at,
            raised_by=row.raised_by,
            handler=row.handler,
            handler_name=row.handler_name,
            route_note=row.route_note,
            routed_at=row.routed_at,
            routed_by=row.routed_by,
            answer=row.answer,
            answered_at=row.answered_at,
            answered_by=row.answered_by,
            decision_note=row.decision_note,
            decided_at=row.decided_at,
            decided_by=row.decided_by,
            corrected_run_id=to_global_id("ResultRun", row.corrected_run_id)
            if row.corrected_run_id
            else None,
            withdrawn_at=row.withdrawn_at,
        )

    @classmethod
    def of_rows(cls, session: JixiaoSession, rows: list[Appeal]) -> list[AppealType]:
        """Appeals with their evidence files (one query)."""
        files = files_of(session, RecordOwner.APPEAL, [row.id for row in rows])
        return [cls.of(row, [RecordFileType.of(f) for f in files[row.id]]) for row in rows]


AppealConnection = Connection[AppealType]


@strawberry.type(description="The appeal after the step, or why it was refused.")
class AppealPayload:
    appeal: AppealType | None = strawberry.field(
        default=None, description="The appeal as it is now; null when the step was refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="A line of a unit's result under appeal (申诉中).")
class AppealMark:
    unit_code: str = strawberry.field(description="Code of the unit whose line is under appeal.")
    line_kind: LineKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="Which kind of line is under appeal."
    )
    line_key: str = strawberry.field(
        description="Indicator code, component code, or the Adjustment's global id."
    )
    line_period: str = strawberry.field(description="An indicator line's period; else empty.")
    state: AppealStateEnum = strawberry.field(  # type: ignore[valid-type]
        description="The open appeal's state: ROUTING, ANSWERING or DECIDING."
    )
    state_label: str = strawberry.field(description="The state in Chinese, e.g. 待答复.")

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
    published_at: datetime | None = strawberry.field(
        description="When the result was first published (or its 公示 began); a republished "
        "revision keeps the first date."
    )
    closes_at: datetime | None = strawberry.field(
        description="When appeals close (end of the last working day, tenant's time); null "
        "when the tenant takes no appeals."
    )
    open: bool = strawberry.field(description="Whether a unit may raise an appeal now.")
    publicity: bool = strawberry.field(
        default=False,
        description="The run is in 公示: objections are taken until the 公示 ends (closesAt).",
    )


@strawberry.type(description="Appeals of one scorer on one line (indicator, adjustment, rating).")
class AppealTally:
    handler: str = strawberry.field(
        description="The scorer code the appeals were routed to; empty for those not yet routed."
    )
    handler_name: str = strawberry.field(
        description="Name of that scorer or department; empty before routing."
    )
    line_kind: LineKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="Which kind of line was appealed."
    )
    line_key: str = strawberry.field(
        description="Indicator code, component code, or the Adjustment's global id."
    )
    line_label: str = strawberry.field(
        description="Name of the indicator, adjustment or component."
    )
    appeals: int = strawberry.field(description="How many appeals, in any state.")
    open: int = strawberry.field(description="How many are not yet decided nor withdrawn.")
    upheld: int = strawberry.field(description="How many were upheld (已更正).")
    rejected: int = strawberry.field(description="How many were rejected (已维持原结果).")
    withdrawn: int = strawberry.field(description="How many the unit withdrew (已撤回).")
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
