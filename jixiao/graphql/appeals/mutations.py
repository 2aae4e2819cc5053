"""Appeal mutations: a unit raises and withdraws, the office routes and decides, the scorer
or monitoring department answers (`jixiao.appeals`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.appeals import decide, service
from jixiao.appeals.lines import parse_kind
from jixiao.appeals.models import Appeal
from jixiao.graphql.appeals.types import (
    AppealPayload,
    AppealType,
    LineKindEnum,
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
    run_id: strawberry.ID = strawberry.field(
        description="The published run the unit saw (`appealWindow.runId`): the one "
        "published now, or the one in 公示."
    )
    unit_code: str = strawberry.field(
        description="The appealing unit's code: one of the viewer's own units."
    )
    line_kind: LineKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="Which kind of line of the result is appealed."
    )
    line_key: str = strawberry.field(
        description="Indicator code, rating component code, or the Adjustment's global id."
    )
    reason: str = strawberry.field(
        description="Why the unit objects (申诉理由), up to 2000 characters."
    )
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
    value: Decimal | None = strawberry.field(
        default=None,
        description="A `manual` indicator's corrected points, within its available points.",
    )
    actual: Decimal | None = strawberry.field(
        default=None,
        description="A `ratio` or `linear` indicator's corrected actual value (实际完成值).",
    )
    met: bool | None = strawberry.field(
        default=None,
        description="A `pass_fail` indicator, or a binding one (约束性指标): whether it was met.",
    )
    incidents: int | None = strawberry.field(
        default=None, description="A `deduction` indicator's corrected number of incidents."
    )
    rank: int | None = strawberry.field(
        default=None, description="A `rank` indicator's corrected rank."
    )
    reason: str | None = strawberry.field(
        default=None,
        description="The reason kept with the corrected score; default: the decision's note.",
    )
    scorer: str | None = strawberry.field(
        default=None,
        description="A manual indicator with several scorers: the scorer code whose entry "
        "is corrected.",
    )

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
        return AppealType.of_rows(session, [step(session)])[0]

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
        self,
        info: Info,
        id: strawberry.ID,
        handler: Annotated[
            str,
            strawberry.argument(
                description="A scorer code, a scoring leader's username or a monitoring "
                "department's unit code; an indicator line goes to one of the "
                "indicator's scorers."
            ),
        ],
        note: str = "",
    ) -> AppealPayload:
        subject = info.context.subject
        local = from_global_id(id, "Appeal")
        return await _appeal(info, lambda s: service.route_appeal(s, subject, local, handler, note))

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "appeal.answer"},
        description="The scorer or monitoring department an appeal was routed to answers it.",
    )
    async def answer_appeal(
        self,
        info: Info,
        id: strawberry.ID,
        answer: Annotated[
            str,
            strawberry.argument(
                description="The handler's answer (答复) for the office, up to 2000 characters."
            ),
        ],
    ) -> AppealPayload:
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
        upheld: Annotated[
            bool,
            strawberry.argument(
                description="True: correct the line (已更正); false: the result stands "
                "(已维持原结果)."
            ),
        ],
        note: str,
        correction: Annotated[
            AppealCorrectionInput | None,
            strawberry.argument(
                description="The corrected score; required to uphold an indicator line, ignored "
                "otherwise."
            ),
        ] = None,
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
