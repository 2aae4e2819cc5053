"""What a score entry of each leaf must look like, and a quick check for well-formed entries.

`quick_entry` accepts only entries that the full validation in `data.py` would accept too; it
returns None for anything else, which then goes through the full validation for its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from jixiao.engine.methods import entry_fields
from jixiao.engine.model import AppliesTo, Leaf, Method, Scheme, ScoreEntry

BASE_FIELDS = ("unit", "indicator", "period")
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LeafRule:
    """The fields, units and periods a leaf's score entries may have."""

    leaf: Leaf
    fields: frozenset[str]
    required: tuple[str, ...]
    units: frozenset[str]
    available: Mapping[str, Decimal]


def build_rules(scheme: Scheme) -> dict[str, LeafRule]:
    """One rule per leaf indicator code."""
    rules: dict[str, LeafRule] = {}
    # Most leaves apply to all units, or to the same groups: each set of units is worked out,
    # and held, once (a city's 3,000 units × 60 leaves were 180,000 calls of `covers`).
    unit_sets: dict[AppliesTo, frozenset[str]] = {}
    for leaf in scheme.leaves():
        required = entry_fields(leaf.method, binding=leaf.binding)
        units = unit_sets.get(leaf.applies_to)
        if units is None:
            covers = leaf.applies_to.covers
            units = frozenset(unit.code for unit in scheme.units if covers(unit))
            unit_sets[leaf.applies_to] = units
        rules[leaf.code] = LeafRule(
            leaf=leaf,
            fields=frozenset((*BASE_FIELDS, *required)),
            required=tuple(dict.fromkeys(required)),
            units=units,
            available={period: leaf.points * share for period, share in leaf.periods.items()},
        )
    return rules


def _number(value: object) -> Decimal | None:
    if type(value) is Decimal:
        return value if value.is_finite() else None
    if type(value) is int:
        return Decimal(value)
    return None


def quick_entry(
    item: object,
    rules: Mapping[str, LeafRule],
    units: Mapping[str, str],
    periods: Mapping[str, str],
) -> ScoreEntry | None:
    """The entry if it is well formed in every respect, else None (no message: see data.py)."""
    if type(item) is not dict:
        return None
    indicator = item.get("indicator")
    if type(indicator) is not str:
        return None
    rule = rules.get(indicator)
    if rule is None or item.keys() != rule.fields:
        return None
    unit = item["unit"]
    period = item["period"]
    if type(unit) is not str or unit not in rule.units:
        return None
    if type(period) is not str or period not in rule.available:
        return None
    leaf = rule.leaf
    method = leaf.method
    scorer = value = actual = None
    met = incidents = rank = None
    if method is Method.MANUAL:
        scorer = item["scorer"]
        value = _number(item["value"])
        if type(scorer) is not str or not scorer.strip() or value is None:
            return None
        if value < _ZERO or value > rule.available[period]:
            return None
    elif method is Method.RATIO or method is Method.LINEAR:
        actual = _number(item["actual"])
        if actual is None:
            return None
    elif method is Method.DEDUCTION:
        incidents = item["incidents"]
        if type(incidents) is not int or incidents < 0:
            return None
    elif method is Method.RANK:
        rank = item["rank"]
        if type(rank) is not int or rank < 1:
            return None
    if "met" in rule.fields:
        met = item["met"]
        if type(met) is not bool:
            return None
    return ScoreEntry(
        units[unit], leaf.code, periods[period], scorer, value, actual, met, incidents, rank
    )
