"""The tally of `indicators.py` over score columns: one pass per leaf rather than per entry.

Each leaf has one method, so its scores are one list comprehension over its number column with
the same Decimal expressions as `indicators._tally` (the same operations in the same order, so
the same results to the last digit; tests/engine/test_column_tally.py compares the two on random
data). Entries of periods outside the scope are dropped first; binding failures are read from
every period, as there.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import compress, repeat
from operator import add
from typing import Any

from jixiao.engine.columns import LeafColumns, ScoreColumns
from jixiao.engine.indicators import (
    _DEDUCTION,
    _LINEAR,
    _MANUAL,
    _PASS_FAIL,
    _RATIO,
    _RATIO_LOWER,
    EntryError,
    Slot,
    Tally,
    UnitScores,
    _Plan,
)
from jixiao.engine.numbers import ZERO


def tally_columns(
    plans: Mapping[str, _Plan],
    binding: frozenset[str],
    in_scope: frozenset[str],
    columns: ScoreColumns,
) -> Tally:
    """`indicators._tally` of the same entries, read leaf by leaf from their columns."""
    by_unit: defaultdict[str, UnitScores] = defaultdict(dict)
    failed: set[tuple[str, str]] = set()
    for leaf in columns.leaves:
        code = leaf.code
        if leaf.met is not None and code in binding:
            failed.update(
                (unit, code) for unit, met in zip(leaf.unit, leaf.met, strict=True) if met is False
            )
        plan = plans.get(code)
        if plan is None:
            raise EntryError(f"{code}: indicator not in the scheme")
        units, slots, scores = _leaf_scores(plan, _in_scope(leaf, plan, in_scope))
        deque(map(dict.__setitem__, map(by_unit.__getitem__, units), slots, scores), maxlen=0)
    return Tally(dict(by_unit), frozenset(failed))


def _in_scope(leaf: LeafColumns, plan: _Plan, in_scope: frozenset[str]) -> LeafColumns:
    """The leaf's entries of the periods in scope (all of them when every period is)."""
    if plan[1].keys() <= in_scope:
        return leaf
    keep = list(map(in_scope.__contains__, leaf.period))

    def kept(column: Sequence[Any] | None) -> list[Any] | None:
        return None if column is None else list(compress(column, keep))

    return LeafColumns(
        leaf.code,
        kept(leaf.unit) or [],
        kept(leaf.period) or [],
        kept(leaf.scorer),
        kept(leaf.value),
        kept(leaf.actual),
        kept(leaf.met),
        kept(leaf.incidents),
        kept(leaf.rank),
    )


def _need(column: Sequence[Any] | None, leaf: LeafColumns) -> Sequence[Any]:
    if column is None:
        raise EntryError(f"{leaf.code}: the entries lack the field the method needs")
    return column


def _leaf_scores(
    plan: _Plan, leaf: LeafColumns
) -> tuple[Sequence[str], Sequence[Slot], Sequence[Decimal]]:
    """(units, slots, scores) of one leaf's entries; manual values averaged per slot."""
    method, available, target, low, span, table = plan
    try:
        points = list(map({p: a[0] for p, a in available.items()}.__getitem__, leaf.period))
        slots = list(map({p: a[1] for p, a in available.items()}.__getitem__, leaf.period))
    except KeyError:
        raise EntryError(f"{leaf.code}: a period not in the scheme") from None
    zero = ZERO
    if method == _MANUAL:
        return _manual(leaf.unit, slots, _need(leaf.value, leaf))
    scores: list[Decimal]
    if method == _RATIO:
        actual = _need(leaf.actual, leaf)
        scores = [
            p if a >= target else zero if a <= zero else p * a / target
            for a, p in zip(actual, points, strict=True)
        ]
    elif method == _LINEAR:
        actual = _need(leaf.actual, leaf)
        scores = [
            p if a >= target else zero if a <= low else p * (a - low) / span
            for a, p in zip(actual, points, strict=True)
        ]
    elif method == _PASS_FAIL:
        met = _need(leaf.met, leaf)
        scores = [p if m else zero for m, p in zip(met, points, strict=True)]
    elif method == _DEDUCTION:
        incidents = _need(leaf.incidents, leaf)
        left = [p - low * n for n, p in zip(incidents, points, strict=True)]
        scores = [zero if s < zero else s for s in left]
    elif method == _RATIO_LOWER:
        actual = _need(leaf.actual, leaf)
        scores = [
            (zero if a < zero else p) if a <= target else p * target / a
            for a, p in zip(actual, points, strict=True)
        ]
    else:
        factors = map(table.get, _need(leaf.rank, leaf))
        scores = [zero if f is None else p * f for f, p in zip(factors, points, strict=True)]
    return leaf.unit, slots, scores


def _manual(
    units: Sequence[str], slots: Sequence[Slot], values: Sequence[Decimal]
) -> tuple[Sequence[str], Sequence[Slot], Sequence[Decimal]]:
    """Each (unit, slot)'s mean over its scorers, values summed in file order.

    As `sum(values, ZERO) / count` per key, with the sums kept in a dict as the entries come
    (`ZERO + v1 + v2 …`, the same additions in the same order), and a key's only value as is.
    """
    keys = list(zip(units, slots, strict=True))
    counts = Counter(keys)
    if len(counts) == len(keys):
        return units, slots, values  # one scorer per slot: the value itself
    totals: dict[tuple[str, Slot], Decimal] = {}
    sums = map(add, map(totals.get, keys, repeat(ZERO)), values)
    deque(map(totals.__setitem__, keys, sums), maxlen=0)
    if 1 in counts.values():
        first = dict(zip(reversed(keys), reversed(values), strict=True))  # the file's first
        means = [first[k] if (n := counts[k]) == 1 else totals[k] / n for k in totals]
    else:
        means = [total / counts[k] for k, total in totals.items()]
    return [unit for unit, _ in totals], [slot for _, slot in totals], means
