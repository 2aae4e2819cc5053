"""Per-request dataloaders of results: drill-down lines and their source scores, batched."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from jixiao.graphql.context import Context, Info
from jixiao.scoring.models import Score
from jixiao.scoring.runs import queries, sources
from jixiao.scoring.runs.models import ResultLine
from jixiao.scoring.runs.scope import ResultScope


class ResultLoaders:
    """Drill-down lines and their source scores, with the request's data scope of results."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self.scope = ResultScope.of(context.subject)
        self.lines: DataLoader[tuple[uuid.UUID, str], list[ResultLine]] = DataLoader(self._lines)
        self.scores: DataLoader[sources.ScoreKey, list[Score]] = DataLoader(self._scores)

    async def _lines(self, keys: list[tuple[uuid.UUID, str]]) -> list[list[ResultLine]]:
        return await self._context.read(lambda s: queries.lines_of(s, keys))

    async def _scores(self, keys: list[sources.ScoreKey]) -> list[list[Score]]:
        found = await self._context.read(lambda s: sources.score_entries(s, keys))
        return [found[key] for key in keys]


def result_scope(info: Info) -> ResultScope:
    """The request's data scope of results, computed once from its subject."""
    return info.context.loaders_of(ResultLoaders).scope
