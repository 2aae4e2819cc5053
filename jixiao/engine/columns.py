"""Score entries kept as validated columns, one set per leaf, and read as entries on demand.

A city's data file holds ~700,000 score entries. `formats/score_columns.py` checks them a column
at a time and keeps the columns (`LeafColumns`); the tally reads those columns directly
(`column_tally.py`) and no `ScoreEntry` is built unless someone asks for one. `ScoreColumns` is
still the sequence of entries in file order that `Data.scores` promises: iterating, indexing,
comparing or hashing it builds the entries once and keeps them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import repeat
from typing import Any, overload

from jixiao.engine.model import ScoreEntry

_as_entry = partial(tuple.__new__, ScoreEntry)


@dataclass(frozen=True, slots=True)
class LeafColumns:
    """The entries of one leaf, field by field, in file order; a field the leaf lacks is None.

    Every column has one item per entry; the values are already checked (codes of the scheme,
    exact Decimals, no repeat).
    """

    code: str
    unit: Sequence[str]
    period: Sequence[str]
    scorer: Sequence[str] | None = None
    value: Sequence[Decimal] | None = None
    actual: Sequence[Decimal] | None = None
    met: Sequence[bool] | None = None
    incidents: Sequence[int] | None = None
    rank: Sequence[int] | None = None

    def entries(self) -> list[ScoreEntry]:
        """The leaf's entries as `ScoreEntry` tuples, in file order."""
        count = len(self.unit)

        def column(values: Sequence[Any] | None) -> Any:
            return repeat(None, count) if values is None else values

        rows = zip(
            self.unit,
            repeat(self.code, count),
            self.period,
            column(self.scorer),
            column(self.value),
            column(self.actual),
            column(self.met),
            column(self.incidents),
            column(self.rank),
            strict=True,
        )
        return list(map(_as_entry, rows))


class ScoreColumns(Sequence[ScoreEntry]):
    """A data file's score entries, held per leaf as columns (see the module).

    `codes` is each entry's leaf code in file order: where each leaf's entries stood.
    """

    __slots__ = ("_entries", "codes", "leaves")

    def __init__(self, leaves: Sequence[LeafColumns], codes: Sequence[str]) -> None:
        self.leaves = tuple(leaves)
        self.codes = codes
        self._entries: tuple[ScoreEntry, ...] | None = None

    def as_tuple(self) -> tuple[ScoreEntry, ...]:
        """Every entry in file order (built at the first call, then kept)."""
        if self._entries is None:
            positions: dict[str, list[int]] = {leaf.code: [] for leaf in self.leaves}
            for index, code in enumerate(self.codes):
                positions[code].append(index)
            entries: list[Any] = [None] * len(self.codes)
            for leaf in self.leaves:
                deque(map(entries.__setitem__, positions[leaf.code], leaf.entries()), maxlen=0)
            self._entries = tuple(entries)
        return self._entries

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> ScoreEntry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[ScoreEntry, ...]: ...

    def __getitem__(self, index: int | slice) -> ScoreEntry | tuple[ScoreEntry, ...]:
        return self.as_tuple()[index]

    def __iter__(self) -> Iterator[ScoreEntry]:
        return iter(self.as_tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ScoreColumns):
            return self.as_tuple() == other.as_tuple()
        if isinstance(other, tuple):
            return self.as_tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return f"ScoreColumns({len(self.leaves)} leaves, {len(self.codes)} entries)"
