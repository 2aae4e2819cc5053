"""Organisation queries: units, one unit, and the units workbook."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.org.types import LinkedUser, UnitConnection, UnitKind, UnitType
from jixiao.graphql.relay import connection, from_global_id
from jixiao.identity import queries as identity_queries
from jixiao.org import queries as org_queries
from jixiao.org import workbook
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires


@strawberry.type
class OrgQueries:
    @strawberry.field(permission_classes=[requires(p.UNIT_READ)], description="Units, by code.")
    async def units(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: UnitKind | None = None,
        search: str | None = None,
        active: Annotated[
            bool | None,
            strawberry.argument(
                description="Only active units (true) or deactivated ones (false)."
            ),
        ] = None,
    ) -> UnitConnection:
        page = await info.context.read(
            lambda s: org_queries.list_units(
                s, kind=kind, search=search, active=active, first=first, after=after
            )
        )
        return connection(page, UnitType.of, after=after)

    @strawberry.field(
        description="One unit by its global id, among those the viewer may see.",
        permission_classes=[requires(p.UNIT_READ)],
    )
    async def unit(self, info: Info, id: strawberry.ID) -> UnitType | None:
        unit_id = from_global_id(id, "Unit")

        def find(session: JixiaoSession) -> UnitType | None:
            try:
                return UnitType.of(org_queries.get_unit(session, unit_id))
            except NotFound:
                return None

        return await info.context.read(find)

    @strawberry.field(
        permission_classes=[requires(p.UNIT_READ)],
        description="The units sheet (.xlsx as base64): every unit and its links, or the "
        "empty template.",
    )
    async def units_workbook(
        self,
        info: Info,
        template: Annotated[
            bool, strawberry.argument(description="The empty sheet with its headings instead.")
        ] = False,
    ) -> str:
        if template:
            return workbook.units_template()
        return await info.context.read(workbook.export_units)

    @strawberry.field(
        permission_classes=[requires(p.UNIT_WRITE)],
        description="Active users to link to units (reporters, heads, leaders): only their "
        "username and name, for whoever sets units' links without reading user accounts; "
        "by username, at most `first` (≤ 50).",
    )
    async def unit_link_candidates(
        self,
        info: Info,
        search: str | None = None,
        first: Annotated[int, strawberry.argument(description="How many at most (≤ 50).")] = 20,
    ) -> list[LinkedUser]:
        size = max(0, min(first, 50))
        active = await info.context.read(
            lambda s: identity_queries.active_users_matching(s, search, size)
        )
        return [LinkedUser.of(u) for u in active]
