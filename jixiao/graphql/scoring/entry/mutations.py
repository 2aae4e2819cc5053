"""Score entry mutations: enter (drafts or submitted), submit, and the office's reopening."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.scoring.entry.types import (
    Quarter,
    ReopenScoresPayload,
    ScoreEntriesPayload,
    ScoreEntryInput,
    ScoreEntryType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import service


@strawberry.type
class ScoringMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "score.enter"},
        description="Enter a row or column of scores at once (all or nothing); drafts unless "
        "`submit`. Every change recomputes the affected results shortly after.",
    )
    async def enter_scores(
        self,
        info: Info,
        scheme_code: str,
        period: Quarter,
        entries: Annotated[
            list[ScoreEntryInput],
            strawberry.argument(description="The cells to enter; all are kept or none."),
        ],
        submit: Annotated[
            bool, strawberry.argument(description="Submit them (locked) instead of drafts.")
        ] = False,
    ) -> ScoreEntriesPayload:
        actor = info.context.subject
        wanted = [entry.to_domain() for entry in entries]

        def work(session: JixiaoSession) -> list[ScoreEntryType]:
            saved = service.enter_scores(session, actor, scheme_code, period, wanted, submit=submit)
            return [ScoreEntryType.of(row) for row in saved]

        done, errors = await attempt(lambda: info.context.write(work))
        return ScoreEntriesPayload(scores=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "score.submit"},
        description="Submit the viewer's drafts of a period: they lock until the office reopens.",
    )
    async def submit_scores(
        self, info: Info, scheme_code: str, period: Quarter
    ) -> ScoreEntriesPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> list[ScoreEntryType]:
            saved = service.submit_scores(session, actor, scheme_code, period)
            return [ScoreEntryType.of(row) for row in saved]

        done, errors = await attempt(lambda: info.context.write(work))
        return ScoreEntriesPayload(scores=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "score.reopen"},
        description="Return submitted scores to draft (退回), for some units and/or indicators.",
    )
    async def reopen_scores(
        self,
        info: Info,
        scheme_code: str,
        period: Quarter,
        reason: str,
        unit_codes: list[str] | None = None,
        indicator_codes: Annotated[
            list[str] | None,
            strawberry.argument(description="Only these indicators' scores (default: all)."),
        ] = None,
    ) -> ReopenScoresPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> int:
            rows = service.reopen_scores(
                session,
                actor,
                scheme_code,
                period,
                units=unit_codes or [],
                indicators=indicator_codes or [],
                reason=reason,
            )
            return len(rows)

        done, errors = await attempt(lambda: info.context.write(work))
        return ReopenScoresPayload(reopened=done or 0, errors=errors)
