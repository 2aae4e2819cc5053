"""Appeal mutations: a unit raises and withdraws, the office routes and decides, the scorer
or monitoring department answers (`jixiao.appeals`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import strawberry

from jixiao.appeals import decide, service
from jixiao.appeals.lines import parse_kind
from jixiao.appeals.models import Appeal
from jixiao.graphql.appeals.types import (
    AppealPayload,
    AppealType,
    LineKindEnum,
    shown_appeals,
    stored_key,
)
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry.rules import ScoreInput


@strawberry.input(description="An appeal on one line of the unit's published result.")
class RaiseAppealInput:
    run_id: strawberry.ID
    unit_code: str
    line_kind: LineKindEnum  # type: ignore[valid-type]
    line_key: str = strawberry.field(
        description="Indicator code, rating component code, or the Adjustment's global id."
    )
    reason: str
    line_period: str | None = strawberry.field(
        default=None,
        description="An indicator scored in several periods: which period's line (Q1..Q4).",
    )


@strawberry.input(
    description="The corrected score of an upheld appeal on an indicator: the field its "
    "method reads (value, actual, met, incidents or rank); `scorer` names whose entry of a "
    "manual indicator."
)
class AppealCorrectionInput:
    value: Decimal | None = None
    actual: Decimal | None = None
    met: bool | None = None
    incidents: int | None = None
    rank: int | None = None
    reason: str | None = None
    scorer: str | None = None

    def to_domain(self) -> decide.Correction:
        entry = ScoreInput(
            unit="",
            indicator="",
            value=self.value,
            actual=self.actual,
            met=self.met,
            incidents=self.incidents,
            rank=self.rank,
            reason=self.reason,
        )
        return decide.Correction(entry=entry, scorer=self.scorer)


async def _appeal(info: Info, step: Callable[[JixiaoSession], Appeal]) -> AppealPayload:
    def work(session: JixiaoSession) -> AppealType:
        return shown_appeals(session, [step(session)])[0]

    appeal, errors = await attempt(lambda: info.context.write(work))
    return AppealPayload(appeal=appeal, errors=errors)


@strawberry.type
class AppealMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.APPEAL_WRITE)],
        metadata={AUDIT_ACTION: "appeal.raise"},
        description="A unit appeals one line of its published result within the appeal window "
        "(one open appeal per line).",
    )
    async def raise_appeal(self, info: Info, input: RaiseAppealInput) -> AppealPayload:
        subject = info.context.subject

        def step(session: JixiaoSession) -> Appeal:
            kind = parse_kind(str(input.line_kind))
            return service.raise_appeal(
                session,
                subject,
                from_global_id(input.run_id, "ResultRun", field="runId"),
                input.unit_code,
                kind.value,
                stored_key(kind, input.line_key),
                input.reason,
                input.line_period,
            )

        return await _appeal(info, step)

    @strawberry.mutation(
        permission_classes=[requires(p.APPEAL_HANDLE)],
        metadata={AUDIT_ACTION: "appeal.route"},
        description="The office routes an appeal to a scorer (username) or monitoring "
        "department (unit code) to answer.",
    )
    async def route_appeal(
        self, info: Info, id: strawberry.ID, handler: str, note: str = ""
    ) -> AppealPayload:
        subject = info.context.subject
        local = from_global_id(id, "Appeal")
        return await _appeal(info, lambda s: service.route_appeal(s, subject, local, handler, note))

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "appeal.answer"},
        description="The scorer or monitoring department an appeal was routed to answers it.",
    )
    async def answer_appeal(self, info: Info, id: strawberry.ID, answer: str) -> AppealPayload:
        subject = info.context.subject
        local = from_global_id(id, "Appeal")
        return await _appeal(info, lambda s: service.answer_appeal(s, subject, local, answer))

    @strawberry.mutation(
        permission_classes=[requires(p.APPEAL_WRITE)],
        metadata={AUDIT_ACTION: "appeal.withdraw"},
        description="The unit withdraws its appeal before the decision.",
    )
    async def withdraw_appeal(self, info: Info, id: strawberry.ID) -> AppealPayload:
        subject = info.context.subject
        local = from_global_id(id, "Appeal")
        return await _appeal(info, lambda s: service.withdraw_appeal(s, subject, local))

    @strawberry.mutation(
        permission_classes=[requires(p.APPEAL_HANDLE)],
        metadata={AUDIT_ACTION: "appeal.decide"},
        description="The office decides an answered appeal: rejected (the note goes to the "
        "unit) or upheld (the entry corrected with the appeal as reason, the period recomputed "
        "and republished as a new revision).",
    )
    async def decide_appeal(
        self,
        info: Info,
        id: strawberry.ID,
        upheld: bool,
        note: str,
        correction: AppealCorrectionInput | None = None,
    ) -> AppealPayload:
        subject, files = info.context.subject, info.context.files
        local = from_global_id(id, "Appeal")
        wanted = correction.to_domain() if correction else None

        def step(session: JixiaoSession) -> Appeal:
            return decide.decide_appeal(
                session,
                subject,
                local,
                upheld=upheld,
                note=note,
                correction=wanted,
                store=files,
            )

        return await _appeal(info, step)
