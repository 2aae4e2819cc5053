"""Audit queries: search your government's audit log and verify its chain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from jixiao.audit import service
from jixiao.graphql.audit.types import (
    AuditEventConnection,
    AuditEventType,
    AuditOutcome,
    ChainVerificationType,
)
from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection
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
        target_type: str | None = None,
        target_id: str | None = None,
        outcome: AuditOutcome | None = None,
        since: Annotated[
            datetime | None, strawberry.argument(description="From this moment, inclusive.")
        ] = None,
        until: Annotated[
            datetime | None, strawberry.argument(description="Before this moment.")
        ] = None,
    ) -> AuditEventConnection:
        filters = service.AuditFilter(
            action=action or None,
            actor_name=actor_name,
            target_type=target_type,
            target_id=target_id,
            outcome=outcome,
            since=since,
            until=until,
        )
        page = await info.context.read(
            lambda s: service.search(s, filters, first=first, after=after)
        )
        return connection(page, lambda e: AuditEventType(model=e), after=after)

    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Check the whole chain: reports the first edited, deleted or reordered event.",
    )
    async def verify_audit_chain(self, info: Info) -> ChainVerificationType:
        result = await info.context.read(service.verify_chain)
        return ChainVerificationType.of(result)
