"""Per-request dataloaders of tenants and roles. Every loader class of the GraphQL layer takes
the request's context and is reached through `context.loaders_of(TheClass)`: one query per
relation and batch, never one per row, never shared between requests."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from jixiao.policies.queries import roles_of_users
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import tenants_by_id

if TYPE_CHECKING:
    from jixiao.graphql.context import Context


class TenantLoaders:
    """Tenants by id and each user's role codes."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.tenant_by_id: DataLoader[uuid.UUID, Tenant | None] = DataLoader(self._tenants)
        self.roles_by_user: DataLoader[uuid.UUID, list[str]] = DataLoader(self._roles)

    async def _roles(self, user_ids: list[uuid.UUID]) -> list[list[str]]:
        found = await self._context.read(lambda s: roles_of_users(s, user_ids))
        return [found[i] for i in user_ids]

    async def _tenants(self, ids: list[uuid.UUID]) -> list[Tenant | None]:
        found = await self._context.read(lambda s: tenants_by_id(s, ids))
        return [found.get(i) for i in ids]
