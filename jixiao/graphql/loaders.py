"""Per-request dataloaders: one query per relation and batch, never one per row."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from jixiao.policies.service import roles_of_users
from jixiao.tenants.models import Tenant

if TYPE_CHECKING:
    from jixiao.graphql.context import Context


class Loaders:
    """Built for each request in `get_context`; never shared between requests."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.tenant_by_id: DataLoader[uuid.UUID, Tenant | None] = DataLoader(self._tenants)
        self.roles_by_user: DataLoader[uuid.UUID, list[str]] = DataLoader(self._roles)

    async def _roles(self, user_ids: list[uuid.UUID]) -> list[list[str]]:
        found = await self._context.read(lambda s: roles_of_users(s, user_ids))
        return [found[i] for i in user_ids]

    async def _tenants(self, ids: list[uuid.UUID]) -> list[Tenant | None]:
        rows = await self._context.read(
            lambda s: s.exec(select(Tenant).where(col(Tenant.id).in_(ids))).all()
        )
        found = {row.id: row for row in rows}
        return [found.get(i) for i in ids]
