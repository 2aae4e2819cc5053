"""Appeal queries: the appeals each reader sees, one appeal, the 申诉中 marks on a period's
results, a published result's appeal window, and the statistics per scorer and line."""

from __future__ import annotations

import strawberry

from jixiao.appeals import queries, service
from jixiao.graphql.appeals.types import (
    AppealConnection,
    AppealMark,
    AppealStateEnum,
    AppealTally,
    AppealType,
    AppealWindow,
)
from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection, from_global_id, to_global_id
from jixiao.graphql.scoring.runs.types import Period
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires, requires_any

READERS = requires_any(p.APPEAL_WRITE, p.APPEAL_HANDLE, p.SCORE_WRITE)


@strawberry.type
class AppealQueries:
    @strawberry.field(
        permission_classes=[READERS],
        description="Appeals, oldest first: all for the office, a unit's own for its people, "
        "those routed to them for scorers and monitoring departments.",
    )
    async def appeals(
        self,
        info: Info,
        scheme_code: str | None = None,
        states: list[AppealStateEnum] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> AppealConnection:
        subject = info.context.subject
        wanted = list(states or [])

        def work(session: JixiaoSession) -> Page[AppealType]:
            page = queries.list_appeals(
                session, subject, scheme_code=scheme_code, states=wanted, first=first, after=after
            )
            return Page(AppealType.of_rows(session, page.items), page.cursors, page.has_next)

        page = await info.context.read(work)
        return connection(page, lambda a: a, after=after)

    @strawberry.field(
        description="One appeal (申诉) by its global id, as the viewer may see it.",
        permission_classes=[READERS],
    )
    async def appeal(self, info: Info, id: strawberry.ID) -> AppealType | None:
        subject = info.context.subject
        appeal_id = from_global_id(id, "Appeal")

        def work(session: JixiaoSession) -> AppealType | None:
            try:
                return AppealType.of_rows(
                    session, [service.readable_appeal(session, subject, appeal_id)]
                )[0]
            except NotFound:
                return None

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="The lines of a period's results under appeal (申诉中), on the units whose "
        "results the viewer reads.",
    )
    async def appeal_marks(
        self, info: Info, scheme_code: str, period: Period = Period.ANNUAL
    ) -> list[AppealMark]:
        subject = info.context.subject
        found = await info.context.read(
            lambda s: queries.marks(s, subject, scheme_code, period.value)
        )
        return [AppealMark.of(mark) for mark in found]

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="The result published now for a scheme's period and its appeal window "
        "(申诉期); null when none is published.",
    )
    async def appeal_window(
        self, info: Info, scheme_code: str, period: Period = Period.ANNUAL
    ) -> AppealWindow | None:
        subject = info.context.subject
        found = await info.context.read(
            lambda s: queries.window_of(s, subject, scheme_code, period.value)
        )
        if found is None:
            return None
        return AppealWindow(
            run_id=to_global_id("ResultRun", found.run_id),
            days=found.days,
            published_at=found.published_at,
            closes_at=found.closes_at,
            open=found.open,
            publicity=found.publicity,
        )

    @strawberry.field(
        permission_classes=[requires(p.APPEAL_HANDLE)],
        description="Appeals per scorer and line (indicator, adjustment, rating) of a scheme: "
        "how many, how many open, upheld, rejected, withdrawn, and the upheld rate.",
    )
    async def appeal_statistics(
        self, info: Info, scheme_code: str, period: Period | None = None
    ) -> list[AppealTally]:
        wanted = None if period is None else period.value
        found = await info.context.read(lambda s: queries.statistics(s, scheme_code, wanted))
        return [AppealTally.of(tally) for tally in found]
