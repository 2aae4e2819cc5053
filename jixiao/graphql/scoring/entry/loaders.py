"""Per-request dataloaders of score entry (reached through `context.loaders_of`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from jixiao.schemes import scorers

if TYPE_CHECKING:
    from jixiao.graphql.context import Context


class ScorerLoaders:
    """Scorers by code (a person's username or a monitoring department's unit code)."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.by_code: DataLoader[str, scorers.Scorer] = DataLoader(self._named)

    async def _named(self, codes: list[str]) -> list[scorers.Scorer]:
        found = await self._context.read(lambda s: scorers.named(s, codes))
        return [found[code] for code in codes]
