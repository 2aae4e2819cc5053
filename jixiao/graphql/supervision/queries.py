"""Supervision queries: the board (lights and stages per assignment), its counts, supervision
notices. A period's deadlines and state are in `jixiao.graphql.supervision.periods`."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection, from_global_id
from jixiao.graphql.supervision.loaders import SupervisionLoaders
from jixiao.graphql.supervision.types import (
    LightEnum,
    NoticeStateEnum,
    SupervisionNoticeConnection,
    SupervisionNoticeType,
    SupervisionRow,
    SupervisionRowConnection,
    SupervisionSummary,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.pagination import DEFAULT_PAGE, Page, decode_cursor, encode_cursor
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires, requires_any
from jixiao.supervision import board, service

MAX_PAGE = 500  # a matrix page: a whole district's assignments of one period fit in a few


def _board(info: Info, scheme_code: str, period: str) -> asyncio.Task[board.Board]:
    """The period's board, computed once per request: the board and its summary are usually
    asked for together."""
    return info.context.loaders_of(SupervisionLoaders).board(scheme_code, period)


@strawberry.type
class SupervisionQueries:
    @strawberry.field(
        permission_classes=[requires(p.SUPERVISION_READ)],
        description="The monitoring matrix of a period: every assignment with its light "
        "(green / yellow / red against its milestone and deadline) and the stages passed "
        "(reported, approved, verified, scored); by unit, then indicator.",
    )
    async def supervision_board(
        self,
        info: Info,
        scheme_code: str,
        period: str,
        light: Annotated[
            LightEnum | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only rows with this light."),
        ] = None,
        unit_code: str | None = None,
        overdue_only: Annotated[
            bool,
            strawberry.argument(
                description="True: only rows past the report deadline and not sent up (逾期未报)."
            ),
        ] = False,
        first: int | None = None,
        after: str | None = None,
    ) -> SupervisionRowConnection:
        subject = info.context.subject
        size = DEFAULT_PAGE if first is None else first
        if size < 0 or size > MAX_PAGE:
            raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
        start = int(decode_cursor(after, int)) if after else 0
        found = await info.context.read(lambda s: board.board(s, subject, scheme_code, period))
        rows = [
            (position, row)
            for position, row in enumerate(found.rows, start=1)
            if (light is None or row.light is light)
            and (unit_code is None or row.unit.code == unit_code)
            and (not overdue_only or row.overdue)
        ]
        rest = [item for item in rows if item[0] > start]
        items = rest[:size]
        page = Page(
            items=[row for _, row in items],
            cursors=[encode_cursor(position) for position, _ in items],
            has_next=len(rest) > size,
        )
        return connection(page, SupervisionRow.of, after=after)

    @strawberry.field(
        permission_classes=[requires(p.SUPERVISION_READ)],
        description="Counts of the period's lights and stages, and the thresholds used.",
    )
    async def supervision_summary(
        self, info: Info, scheme_code: str, period: str
    ) -> SupervisionSummary:
        subject = info.context.subject
        found = await info.context.read(lambda s: board.board(s, subject, scheme_code, period))
        return SupervisionSummary.of(found)

    @strawberry.field(
        permission_classes=[requires_any(p.SUPERVISION_READ, p.REPORT_READ)],
        description="Supervision notices: all for supervision readers, a unit's own for its "
        "people; oldest first.",
    )
    async def supervision_notices(
        self,
        info: Info,
        scheme_code: str | None = None,
        state: Annotated[
            NoticeStateEnum | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only notices in this state."),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> SupervisionNoticeConnection:
        subject = info.context.subject

        def work(session: JixiaoSession) -> Page[SupervisionNoticeType]:
            page = service.list_notices(
                session, subject, scheme_code=scheme_code, state=state, first=first, after=after
            )
            return Page(
                SupervisionNoticeType.of_rows(session, page.items), page.cursors, page.has_next
            )

        page = await info.context.read(work)
        return connection(page, lambda n: n, after=after)

    @strawberry.field(
        description="One supervision notice (督办通知) by its global id.",
        permission_classes=[requires_any(p.SUPERVISION_READ, p.REPORT_READ)],
    )
    async def supervision_notice(
        self, info: Info, id: strawberry.ID
    ) -> SupervisionNoticeType | None:
        subject = info.context.subject
        notice_id = from_global_id(id, "SupervisionNotice")

        def work(session: JixiaoSession) -> SupervisionNoticeType | None:
            try:
                notice = service.readable_notice(session, subject, notice_id)
            except NotFound:
                return None
            return SupervisionNoticeType.of_rows(session, [notice])[0]

        return await info.context.read(work)
