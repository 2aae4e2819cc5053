"""Score entries validated a column at a time: the path a well-formed file takes.

`quick_scores` reads the entries of each leaf as columns (one `itemgetter` over the leaf's
entries) and checks each column at once: key sets by their length once every field is found,
codes by set membership, numbers by type, minimum and maximum, duplicates by the size of a set.
It accepts exactly what the entry-by-entry validation of `data.py` accepts and returns None
for anything else; that validation then runs for its messages. Numbers may be ints, Decimals, or
floats read by `fast_json.loads_exact` (turned into the Decimal of their text).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import partial
from itertools import repeat
from operator import itemgetter, le
from typing import Any

from jixiao.engine.formats.fast_json import Decimals
from jixiao.engine.formats.score_rules import BASE_FIELDS, LeafRule
from jixiao.engine.model import Method, ScoreEntry

_ZERO = Decimal(0)
_NUMBER_TYPES = frozenset((float, int, Decimal))
_EXACT_TYPES = frozenset((int, Decimal))
_as_entry = partial(tuple.__new__, ScoreEntry)
_get_indicator = itemgetter("indicator")


def quick_scores(
    raw: object,
    rules: Mapping[str, LeafRule],
    units: Mapping[str, str],
    periods: Mapping[str, str],
    decimals: Decimals | None = None,
) -> tuple[ScoreEntry, ...] | None:
    """Every entry, in file order, if all are well formed and none repeats a key; else None.

    Floats are accepted only with `decimals` (a document read by `fast_json.loads_exact`).
    """
    if type(raw) is not list:
        return None
    try:
        codes = list(map(_get_indicator, raw))  # KeyError, TypeError: not a mapping with one
        positions: dict[str, list[int]] = {code: [] for code in rules}
        for index, code in enumerate(codes):
            positions[code].append(index)  # KeyError, TypeError: not a leaf code
        entries: list[Any] = [None] * len(raw)
        for code, where in positions.items():
            if where:
                items = list(map(raw.__getitem__, where))
                built = _leaf_entries(rules[code], items, units, periods, decimals)
                if built is None:
                    return None
                deque(map(entries.__setitem__, where, built), maxlen=0)
    except (KeyError, TypeError):
        return None
    return tuple(entries)  # each entry's code was a leaf's, so each was checked by its leaf


def _leaf_entries(
    rule: LeafRule,
    items: list[dict[str, Any]],
    units: Mapping[str, str],
    periods: Mapping[str, str],
    decimals: Decimals | None,
) -> list[ScoreEntry] | None:
    """The entries of one leaf, or None if any of them is not well formed."""
    fields = (*BASE_FIELDS, *rule.required)
    if set(map(type, items)) != {dict} or set(map(len, items)) != {len(fields)}:
        return None
    # every entry has exactly these fields: as many keys, each of them found
    columns = dict(zip(fields, zip(*map(itemgetter(*fields), items), strict=True), strict=True))
    unit_column, period_column = columns["unit"], columns["period"]
    if not all(map(rule.units.__contains__, unit_column)):
        return None
    if not all(map(rule.available.__contains__, period_column)):
        return None
    count = len(items)
    absent: list[Iterable[Any]] = [repeat(None, count) for _ in range(6)]
    scorer, value, actual, met, incidents, rank = absent
    numbers: list[Decimal] | None
    method = rule.leaf.method
    if method is Method.MANUAL:
        scorer = columns["scorer"]
        if set(map(type, scorer)) != {str} or not all(map(str.strip, scorer)):
            return None
        numbers = _numbers(columns["value"], decimals)
        if numbers is None or min(numbers) < _ZERO:
            return None
        if not all(map(le, numbers, map(rule.available.__getitem__, period_column))):
            return None
        value = numbers
    elif method is Method.RATIO or method is Method.LINEAR:
        numbers = _numbers(columns["actual"], decimals)
        if numbers is None:
            return None
        actual = numbers
    elif method is Method.DEDUCTION:
        incidents = columns["incidents"]
        if set(map(type, incidents)) != {int} or min(incidents) < 0:
            return None
    elif method is Method.RANK:
        rank = columns["rank"]
        if set(map(type, rank)) != {int} or min(rank) < 1:
            return None
    if "met" in columns:
        met = columns["met"]
        if set(map(type, met)) != {bool}:
            return None
    keys: set[tuple[Any, ...]]
    if method is Method.MANUAL:
        keys = set(zip(unit_column, period_column, scorer, strict=True))
    else:
        keys = set(zip(unit_column, period_column, strict=True))
    if len(keys) != count:
        return None  # a repeated (unit, period[, scorer]): the full path names both entries
    # the scheme's own strings: one object per code rather than one per entry
    unit = map(units.__getitem__, unit_column)
    period = map(periods.__getitem__, period_column)
    code = repeat(rule.leaf.code, count)
    rows = zip(unit, code, period, scorer, value, actual, met, incidents, rank, strict=True)
    return list(map(_as_entry, rows))


def _numbers(column: tuple[Any, ...], decimals: Decimals | None) -> list[Decimal] | None:
    """The column as exact Decimals, or None if any is not a finite number (bool included)."""
    kinds = set(map(type, column))
    if decimals is None:
        if not kinds <= _EXACT_TYPES:
            return None
        decimals = Decimals()  # never used: no float in the column
    elif kinds == {float}:
        return list(map(decimals.__getitem__, column))
    if not kinds <= _NUMBER_TYPES:
        return None
    numbers = [
        decimals[item] if type(item) is float else Decimal(item) if type(item) is int else item
        for item in column
    ]
    return numbers if all(map(Decimal.is_finite, numbers)) else None
