"""Per-request dataloaders of schemes (kept on the request's context)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.dataloader import DataLoader

from jixiao.platform.db import JixiaoSession
from jixiao.schemes import repository
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeRevision,
)
from jixiao.schemes.validation import SchemeCheck

if TYPE_CHECKING:
    from jixiao.graphql.context import Context

V = TypeVar("V")
Batch = Callable[[JixiaoSession, Sequence[uuid.UUID]], dict[uuid.UUID, Any]]


class SchemeLoaders:
    """Components, groups, member units, tree nodes, checks and revisions of schemes, and
    schemes by id (the one a scheme was copied from)."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.components: DataLoader[uuid.UUID, list[SchemeComponent]] = self._make(
            repository.components_of
        )
        self.groups: DataLoader[uuid.UUID, list[SchemeGroup]] = self._make(repository.groups_of)
        self.indicators: DataLoader[uuid.UUID, list[Indicator]] = self._make(
            repository.indicators_of
        )
        self.members: DataLoader[uuid.UUID, list[repository.Member]] = self._make(
            repository.members_of
        )
        self.checks: DataLoader[uuid.UUID, SchemeCheck] = self._make(repository.checks_of)
        self.revisions: DataLoader[uuid.UUID, list[SchemeRevision]] = self._make(
            repository.revisions_of
        )
        self.scheme_by_id: DataLoader[uuid.UUID, Scheme | None] = DataLoader(self._schemes)

    async def _schemes(self, ids: list[uuid.UUID]) -> list[Scheme | None]:
        found = await self._context.read(lambda s: repository.schemes_by_id(s, ids))
        return [found.get(i) for i in ids]

    def _make(self, batch: Batch) -> DataLoader[uuid.UUID, Any]:
        async def load(ids: list[uuid.UUID]) -> list[Any]:
            found = await self._context.read(lambda s: batch(s, ids))
            return [found[i] for i in ids]

        loader: Callable[[list[uuid.UUID]], Awaitable[list[Any]]] = load
        return DataLoader(loader)
