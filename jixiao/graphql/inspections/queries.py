"""Queries of inspections, innovation awards and evidence files; scopes apply in services."""

from __future__ import annotations

import strawberry
from sqlmodel import col, select

from jixiao.graphql.context import Info
from jixiao.graphql.inspections.types import (
    InnovationAwardConnection,
    InnovationAwardType,
    InspectionConnection,
    InspectionType,
    RecordFileType,
    owner_of,
    shown_awards,
    shown_inspections,
    upload_url,
)
from jixiao.graphql.relay import Connection, connection, from_global_id, to_global_id
from jixiao.graphql.scoring.other_mutations import AdjustmentType
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies.guards import requires_any
from jixiao.scoring.entry import adjustments as adjustment_service
from jixiao.scoring.entry import awards, record_files
from jixiao.scoring.entry import inspections as inspection_service
from jixiao.scoring.models import Adjustment
from jixiao.scoring.records import AwardStatus, RecordOwner

FILE_READERS = tuple(
    dict.fromkeys((*inspection_service.READERS, *awards.READERS, *record_files.ADJUSTMENT_READERS))
)

AdjustmentConnection = Connection[AdjustmentType]


def shown_adjustments(session: JixiaoSession, rows: list[Adjustment]) -> list[AdjustmentType]:
    """GraphQL adjustments with their unit and files (two queries)."""
    units = {
        u.id: u.code
        for u in session.exec(select(Unit).where(col(Unit.id).in_({r.unit_id for r in rows})))
    }
    files = record_files.files_of(session, RecordOwner.ADJUSTMENT, [r.id for r in rows])
    return [
        AdjustmentType(
            id=to_global_id("Adjustment", r.id),
            unit_code=units[r.unit_id],
            kind=r.kind,
            points=r.points,
            reason=r.reason,
            files=[RecordFileType.of(f) for f in files[r.id]],
            upload_url=upload_url(RecordOwner.ADJUSTMENT, r.id),
        )
        for r in rows
    ]


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

        def work(session: JixiaoSession) -> Page[AdjustmentType]:
            page = adjustment_service.list_adjustments(
                session,
                subject,
                scheme_code=scheme_code,
                unit_code=unit_code,
                first=first,
                after=after,
            )
            return Page(shown_adjustments(session, page.items), page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

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

        def work(session: JixiaoSession) -> Page[InspectionType]:
            page = inspection_service.list_inspections(
                session,
                subject,
                scheme_code=scheme_code,
                unit_code=unit_code,
                first=first,
                after=after,
            )
            return Page(shown_inspections(session, page.items), page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires_any(*inspection_service.READERS)],
        description="One inspection you may see; null when there is none.",
    )
    async def inspection(self, info: Info, id: strawberry.ID) -> InspectionType | None:
        subject = info.context.subject

        def work(session: JixiaoSession) -> InspectionType | None:
            try:
                found = inspection_service.readable_inspection(
                    session, subject, from_global_id(id, "Inspection")
                )
            except NotFound:
                return None
            return shown_inspections(session, [found])[0]

        return await info.context.read(work)

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

        def work(session: JixiaoSession) -> Page[InnovationAwardType]:
            page = awards.list_awards(
                session, subject, scheme_code=scheme_code, status=status, first=first, after=after
            )
            return Page(shown_awards(session, page.items), page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires_any(*awards.READERS)],
        description="One innovation award application you may see; null when there is none.",
    )
    async def innovation_award(self, info: Info, id: strawberry.ID) -> InnovationAwardType | None:
        subject = info.context.subject

        def work(session: JixiaoSession) -> InnovationAwardType | None:
            try:
                found = awards.readable_award(
                    session, subject, from_global_id(id, "InnovationAward")
                )
            except NotFound:
                return None
            return shown_awards(session, [found])[0]

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[requires_any(*FILE_READERS)],
        description="Evidence files of an adjustment, inspection or innovation award you may "
        "read (by its id).",
    )
    async def record_files(self, info: Info, owner_id: strawberry.ID) -> list[RecordFileType]:
        subject = info.context.subject
        owner, local = owner_of(owner_id)

        def work(session: JixiaoSession) -> list[RecordFileType]:
            record_files.readable_owner(session, subject, owner, local)
            return [
                RecordFileType.of(f) for f in record_files.files_of(session, owner, [local])[local]
            ]

        return await info.context.read(work)
