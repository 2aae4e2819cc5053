"""Taking back and correcting: a reporter withdraws a submitted report (撤回), a scorer their
own drafts; the office corrects a verified value or a submitted score with a reason (更正)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.assignments import corrections as report_corrections
from jixiao.graphql.assignments.types import (
    ProgressReportPayload,
    ProgressReportType,
)
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.entry.types import (
    Quarter,
    ScoreEntriesPayload,
    ScoreEntryInput,
    ScoreEntryType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import corrections


@strawberry.input(description="One (unit, indicator) cell of a period, by code.")
class ScoreCellInput:
    unit_code: str = strawberry.field(description="The unit's code.")
    indicator_code: str = strawberry.field(description="The leaf indicator's code.")


@strawberry.type(description="The outcome of withdrawScores.")
class WithdrawScoresPayload:
    withdrawn: int = strawberry.field(default=0, description="Drafts removed.")
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type
class CorrectionMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_WRITE)],
        metadata={AUDIT_ACTION: "report.withdraw"},
        description="撤回: the unit's reporter takes a submitted report back to draft before "
        "the head has approved it.",
    )
    async def withdraw_progress_report(
        self, info: Info, id: strawberry.ID
    ) -> ProgressReportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ProgressReportType:
            local = from_global_id(id, "ProgressReport")
            report = report_corrections.withdraw(session, subject, local)
            return ProgressReportType.of_rows(session, [report])[0]

        report, errors = await attempt(lambda: info.context.write(work))
        return ProgressReportPayload(report=report, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "report.correct"},
        description="更正: the office replaces a verified value, with the reason; the score "
        "taken from it follows.",
    )
    async def correct_verified_value(
        self,
        info: Info,
        id: strawberry.ID,
        value: Annotated[
            Decimal, strawberry.argument(description="The verified value to keep instead.")
        ],
        reason: str,
    ) -> ProgressReportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ProgressReportType:
            local = from_global_id(id, "ProgressReport")
            report = report_corrections.correct_verified(session, subject, local, value, reason)
            return ProgressReportType.of_rows(session, [report])[0]

        report, errors = await attempt(lambda: info.context.write(work))
        return ProgressReportPayload(report=report, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_WRITE)],
        metadata={AUDIT_ACTION: "score.withdraw"},
        description="撤回: remove the viewer's own score drafts of some cells (all or nothing); "
        "a submitted score is reopened by the office first.",
    )
    async def withdraw_scores(
        self,
        info: Info,
        scheme_code: str,
        period: Quarter,
        cells: Annotated[
            list[ScoreCellInput],
            strawberry.argument(description="The cells whose drafts by the viewer are removed."),
        ],
    ) -> WithdrawScoresPayload:
        subject = info.context.subject
        wanted = [corrections.CellRef(c.unit_code, c.indicator_code) for c in cells]

        def work(session: JixiaoSession) -> int:
            return corrections.withdraw_scores(session, subject, scheme_code, period, wanted)

        done, errors = await attempt(lambda: info.context.write(work))
        return WithdrawScoresPayload(withdrawn=done or 0, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.SCORE_REOPEN)],
        metadata={AUDIT_ACTION: "score.correct"},
        description="更正: the office replaces a submitted score's values with the reason "
        "(`scorer`: whose entry of a manual indicator); it stays submitted.",
    )
    async def correct_score(
        self,
        info: Info,
        scheme_code: str,
        period: Quarter,
        entry: Annotated[
            ScoreEntryInput,
            strawberry.argument(description="The cell and its new values."),
        ],
        reason: str,
        scorer: Annotated[
            str | None,
            strawberry.argument(
                description="Whose entry of a manual indicator (scorer code; needed when several)."
            ),
        ] = None,
    ) -> ScoreEntriesPayload:
        subject = info.context.subject
        wanted = entry.to_domain()

        def work(session: JixiaoSession) -> list[ScoreEntryType]:
            row = corrections.correct_score(
                session, subject, scheme_code, period, wanted, scorer=scorer, reason=reason
            )
            return [ScoreEntryType.of(row)]

        done, errors = await attempt(lambda: info.context.write(work))
        return ScoreEntriesPayload(scores=done or [], errors=errors)
