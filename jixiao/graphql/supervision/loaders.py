"""Per-request loaders of supervision (reached through `context.loaders_of`)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from jixiao.supervision import board

if TYPE_CHECKING:
    from jixiao.graphql.context import Context


class SupervisionLoaders:
    """A period's board, computed once per request and shared by the fields that ask for it."""

    def __init__(self, context: Context) -> None:
        self._context = context
        self._boards: dict[tuple[str, str], asyncio.Task[board.Board]] = {}

    def board(self, scheme_code: str, period: str) -> asyncio.Task[board.Board]:
        key = (scheme_code, period)
        if key not in self._boards:
            subject = self._context.subject
            self._boards[key] = asyncio.ensure_future(
                self._context.read(lambda s: board.board(s, subject, scheme_code, period))
            )
        return self._boards[key]
