"""Audit queries: search your government's audit log and verify its chain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from jixiao.audit import search, service
from jixiao.audit.models import AuditEvent
from jixiao.graphql.audit.types import (
    AuditEventConnection,
    AuditEventType,
    AuditOutcome,
    ChainVerificationType,
)
from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection, from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires


@strawberry.type
class AuditQueries:
    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Your government's audit events, newest first.",
    )
    async def audit_events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        action: Annotated[
            str | None,
            strawberry.argument(description="A prefix: `role` finds `role.assign`, `role.create`…"),
        ] = None,
        actor_name: Annotated[
            str | None, strawberry.argument(description="Part of the actor's name.")
        ] = None,
        target_type: Annotated[
            str | None,
            strawberry.argument(description="Exactly this kind of target, e.g. `user`, `scheme`."),
        ] = None,
        target_id: Annotated[
            str | None,
            strawberry.argument(description="Exactly this target (an event's `targetId`)."),
        ] = None,
        outcome: Annotated[
            AuditOutcome | None, strawberry.argument(description="Only events that ended so.")
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="From this moment, inclusive (with a time zone)."),
        ] = None,
        until: Annotated[
            datetime | None,
            strawberry.argument(description="Before this moment (with a time zone)."),
        ] = None,
        actor_id: Annotated[
            str | None, strawberry.argument(description="Exactly this actor (`actorId`).")
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Done by the unit's people, or to the unit itself."),
        ] = None,
    ) -> AuditEventConnection:
        def work(session: JixiaoSession) -> Page[AuditEvent]:
            filters = search.AuditFilter(
                action=action or None,
                actor_name=actor_name,
                target_type=target_type,
                target_id=target_id,
                outcome=outcome,
                since=since,
                until=until,
                actor_id=actor_id or None,
                unit_id=from_global_id(unit_id, "Unit", field="unitId") if unit_id else None,
            )
            return search.search(session, filters, first=first, after=after)

        page = await info.context.read(work)
        return connection(page, AuditEventType.of, after=after)

    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Check the whole chain with the key and against the anchors kept outside "
        "the database: reports the first edited, deleted or reordered event.",
    )
    async def verify_audit_chain(self, info: Info) -> ChainVerificationType:
        store = info.context.files
        result = await info.context.read(lambda session: service.verify_chain(session, store))
        return ChainVerificationType.of(result)
