"""Per-request dataloaders of the organisation (kept on the request's context)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from jixiao.identity import queries as identity_queries
from jixiao.identity.models import User
from jixiao.org import queries as org_queries
from jixiao.org.models import Unit, UnitLink

if TYPE_CHECKING:
    from jixiao.graphql.context import Context


class OrgLoaders:
    """Units by id and each unit's links, one query per batch."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.unit_by_id: DataLoader[uuid.UUID, Unit | None] = DataLoader(self._units)
        self.links_by_unit: DataLoader[uuid.UUID, list[tuple[UnitLink, User]]] = DataLoader(
            self._links
        )
        self.members_by_unit: DataLoader[uuid.UUID, list[User]] = DataLoader(self._members)

    async def _units(self, ids: list[uuid.UUID]) -> list[Unit | None]:
        found = await self._context.read(lambda s: org_queries.units_by_id(s, ids))
        return [found.get(i) for i in ids]

    async def _links(self, ids: list[uuid.UUID]) -> list[list[tuple[UnitLink, User]]]:
        found = await self._context.read(lambda s: org_queries.links_of(s, ids))
        return [found.get(i, []) for i in ids]

    async def _members(self, ids: list[uuid.UUID]) -> list[list[User]]:
        found = await self._context.read(lambda s: identity_queries.members_of(s, ids))
        return [found.get(i, []) for i in ids]
