"""Score entries validated a column at a time: the path a well-formed file takes.

`quick_scores` reads the entries of each leaf as columns (one `itemgetter` per field over the
leaf's entries) and checks each column at once: key sets by their length once every field is
found, codes by set membership, numbers by type, minimum and maximum, duplicates by the size of a
set. It accepts exactly what the entry-by-entry validation of `data.py` accepts and returns None
for anything else; that validation then runs for its messages. Numbers may be ints, Decimals, or
floats read by `fast_json.loads_exact` (turned into the Decimal of their text). The columns are
kept as they are (`columns.ScoreColumns`): the tally reads them without an entry per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from operator import itemgetter, le
from typing import Any

from jixiao.engine.columns import LeafColumns, ScoreColumns
from jixiao.engine.formats.fast_json import Decimals
from jixiao.engine.formats.score_rules import BASE_FIELDS, LeafRule
from jixiao.engine.model import Method

_ZERO = Decimal(0)
_NUMBER_TYPES = frozenset((float, int, Decimal))
_EXACT_TYPES = frozenset((int, Decimal))
_get_indicator = itemgetter("indicator")


def quick_scores(
    raw: object,
    rules: Mapping[str, LeafRule],
    units: Mapping[str, str],
    periods: Mapping[str, str],
    decimals: Decimals | None = None,
) -> ScoreColumns | None:
    """Every entry, in file order, if all are well formed and none repeats a key; else None.

    Floats are accepted only with `decimals` (a document read by `fast_json.loads_exact`).
    """
    if type(raw) is not list:
        return None
    try:
        codes = list(map(_get_indicator, raw))  # KeyError, TypeError: not a mapping with one
        groups: dict[str, list[dict[str, Any]]] = {code: [] for code in rules}
        for code, item in zip(codes, raw, strict=True):
            groups[code].append(item)  # KeyError, TypeError: not a leaf code
        leaves: list[LeafColumns] = []
        for code, items in groups.items():
            if items:
                built = _leaf_columns(rules[code], items, units, periods, decimals)
                if built is None:
                    return None
                leaves.append(built)
    except (KeyError, TypeError):
        return None
    return ScoreColumns(leaves, codes)  # each entry's code was a leaf's, so it was checked


def _column(items: list[dict[str, Any]], field: str) -> list[Any]:
    return list(map(itemgetter(field), items))  # KeyError: an entry lacks the field


def _leaf_columns(
    rule: LeafRule,
    items: list[dict[str, Any]],
    units: Mapping[str, str],
    periods: Mapping[str, str],
    decimals: Decimals | None,
) -> LeafColumns | None:
    """The entries of one leaf as columns, or None if any of them is not well formed."""
    fields = (*BASE_FIELDS, *rule.required)
    if set(map(type, items)) != {dict} or set(map(len, items)) != {len(fields)}:
        return None
    # every entry has exactly these fields: as many keys, each of them found
    columns = {field: _column(items, field) for field in fields if field != "indicator"}
    unit_column, period_column = columns["unit"], columns["period"]
    if not all(map(rule.units.__contains__, unit_column)):
        return None
    if not all(map(rule.available.__contains__, period_column)):
        return None
    numbers: list[Decimal] | None
    found: dict[str, Sequence[Any]] = {}
    method = rule.leaf.method
    if method is Method.MANUAL:
        scorer = columns["scorer"]
        if set(map(type, scorer)) != {str} or not all(map(str.strip, scorer)):
            return None
        numbers = _numbers(columns["value"], decimals)
        if numbers is None or not within_points(rule, numbers, period_column):
            return None
        found["scorer"], found["value"] = scorer, numbers
    elif method is Method.RATIO or method is Method.LINEAR:
        numbers = _numbers(columns["actual"], decimals)
        if numbers is None:
            return None
        found["actual"] = numbers
    elif method is Method.DEDUCTION:
        incidents = columns["incidents"]
        if set(map(type, incidents)) != {int} or min(incidents) < 0:
            return None
        found["incidents"] = incidents
    elif method is Method.RANK:
        rank = columns["rank"]
        if set(map(type, rank)) != {int} or min(rank) < 1:
            return None
        found["rank"] = rank
    if "met" in columns:
        met = columns["met"]
        if set(map(type, met)) != {bool}:
            return None
        found["met"] = met
    if repeats(unit_column, period_column, found.get("scorer")):
        return None  # the full path names both entries
    # the scheme's own strings: one object per code rather than one per entry
    return LeafColumns(
        rule.leaf.code,
        list(map(units.__getitem__, unit_column)),
        list(map(periods.__getitem__, period_column)),
        **found,
    )


def within_points(rule: LeafRule, values: Sequence[Decimal], periods: Sequence[str]) -> bool:
    """Whether every manual value lies between 0 and its period's points (values not empty)."""
    if min(values) < _ZERO:
        return False
    limits = set(rule.available.values())
    if len(limits) == 1:  # every period gives the same points: one comparison
        return max(values) <= next(iter(limits))
    return all(map(le, values, map(rule.available.__getitem__, periods)))


def repeats(units: Sequence[str], periods: Sequence[str], scorers: Sequence[str] | None) -> bool:
    """Whether a leaf's entries repeat a (unit, period), or for manual scores a (unit, period,
    scorer)."""
    keys: set[tuple[str, ...]]
    if scorers is None:
        keys = set(zip(units, periods, strict=True))
    else:
        keys = set(zip(units, periods, scorers, strict=True))
    return len(keys) != len(units)


def _numbers(column: Sequence[Any], decimals: Decimals | None) -> list[Decimal] | None:
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
