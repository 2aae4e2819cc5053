"""Queries of inspections, innovation awards and evidence files; scopes apply in services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import Connection, connection, from_global_id
from jixiao.graphql.scoring.entry.other_mutations import AdjustmentType
from jixiao.graphql.scoring.records.types import (
    InnovationAwardConnection,
    InnovationAwardType,
    InspectionConnection,
    InspectionType,
    RecordFileType,
    owner_of,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies.guards import requires_any
from jixiao.scoring.entry import adjustments as adjustment_service
from jixiao.scoring.entry import awards, record_files
from jixiao.scoring.entry import inspections as inspection_service
from jixiao.scoring.records import AwardStatus

FILE_READERS = tuple(
    dict.fromkeys((*inspection_service.READERS, *awards.READERS, *record_files.ADJUSTMENT_READERS))
)

AdjustmentConnection = Connection[AdjustmentType]
R = TypeVar("R")
T = TypeVar("T")


async def _listed(
    info: Info,
    rows: Callable[[JixiaoSession], Page[R]],
    show: Callable[[JixiaoSession, list[R]], list[T]],
    after: str | None,
) -> Connection[T]:
    """One page of records (`rows`, the service's scoped list) shown as a connection."""

    def work(session: JixiaoSession) -> Page[T]:
        page = rows(session)
        return Page(show(session, page.items), page.cursors, page.has_next)

    return connection(await info.context.read(work), lambda n: n, after=after)


async def _one(
    info: Info,
    find: Callable[[JixiaoSession], R],
    show: Callable[[JixiaoSession, list[R]], list[T]],
) -> T | None:
    """One record the subject may read (`find` raises NotFound otherwise), shown; or None."""

    def work(session: JixiaoSession) -> T | None:
        try:
            found = find(session)
        except NotFound:
            return None
        return show(session, [found])[0]

    return await info.context.read(work)


@strawberry.type
class InspectionQueries:
    @strawberry.field(
        permission_classes=[requires_any(*adjustment_service.READERS)],
        description="Bonus and deduction adjustments (加减分) of a scheme on the units you see, "
        "in entry order, with their evidence files.",
    )
    async def adjustments(
        self,
        info: Info,
        scheme_code: str,
        unit_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AdjustmentConnection:
        subject = info.context.subject
        return await _listed(
            info,
            lambda s: adjustment_service.list_adjustments(
                s, subject, scheme_code=scheme_code, unit_code=unit_code, first=first, after=after
            ),
            AdjustmentType.of_rows,
            after,
        )

    @strawberry.field(
        permission_classes=[requires_any(*inspection_service.READERS)],
        description="Inspections (明查暗访) of a scheme you may see, in recording order.",
    )
    async def inspections(
        self,
        info: Info,
        scheme_code: str,
        unit_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> InspectionConnection:
        subject = info.context.subject
        return await _listed(
            info,
            lambda s: inspection_service.list_inspections(
                s, subject, scheme_code=scheme_code, unit_code=unit_code, first=first, after=after
            ),
            InspectionType.of_rows,
            after,
        )

    @strawberry.field(
        permission_classes=[requires_any(*inspection_service.READERS)],
        description="One inspection you may see; null when there is none.",
    )
    async def inspection(self, info: Info, id: strawberry.ID) -> InspectionType | None:
        subject, local = info.context.subject, from_global_id(id, "Inspection")
        return await _one(
            info,
            lambda s: inspection_service.readable_inspection(s, subject, local),
            InspectionType.of_rows,
        )

    @strawberry.field(
        permission_classes=[requires_any(*awards.READERS)],
        description="Innovation award applications (创新奖) you may see: your unit's, or all.",
    )
    async def innovation_awards(
        self,
        info: Info,
        scheme_code: str,
        status: AwardStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> InnovationAwardConnection:
        subject = info.context.subject
        return await _listed(
            info,
            lambda s: awards.list_awards(
                s, subject, scheme_code=scheme_code, status=status, first=first, after=after
            ),
            InnovationAwardType.of_rows,
            after,
        )

    @strawberry.field(
        permission_classes=[requires_any(*awards.READERS)],
        description="One innovation award application you may see; null when there is none.",
    )
    async def innovation_award(self, info: Info, id: strawberry.ID) -> InnovationAwardType | None:
        subject, local = info.context.subject, from_global_id(id, "InnovationAward")
        return await _one(
            info, lambda s: awards.readable_award(s, subject, local), InnovationAwardType.of_rows
        )

    @strawberry.field(
        permission_classes=[requires_any(*FILE_READERS)],
        description="Evidence files of an adjustment, inspection or innovation award you may "
        "read (by its id).",
    )
    async def record_files(
        self,
        info: Info,
        owner_id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="An Adjustment's, Inspection's or InnovationAward's id."
            ),
        ],
    ) -> list[RecordFileType]:
        subject = info.context.subject
        owner, local = owner_of(owner_id)

        def work(session: JixiaoSession) -> list[RecordFileType]:
            record_files.readable_owner(session, subject, owner, local)
            return [
                RecordFileType.of(f) for f in record_files.files_of(session, owner, [local])[local]
            ]

        return await info.context.read(work)
