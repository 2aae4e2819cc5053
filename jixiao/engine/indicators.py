"""Indicator scores (DOMAIN.md §4.1–4.2): the hot path over every score entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from jixiao.engine.columns import ScoreColumns
from jixiao.engine.model import Leaf, Method, Scheme, ScoreEntry, Unit
from jixiao.engine.numbers import ENGINE_CONTEXT, ONE, ZERO

_MANUAL, _RATIO, _RATIO_LOWER, _LINEAR, _PASS_FAIL, _DEDUCTION, _RANK = range(7)

Slot = tuple[str, str]  # (indicator, period)
# per period: (available points, the shared (indicator, period) key of the unit's scores)
_Periods = dict[str, tuple[Decimal, Slot]]
# (method code, periods, target, floor or per-incident, span, rank table)
_Plan = tuple[int, _Periods, Decimal, Decimal, Decimal, dict[int, Decimal]]


class EntryError(ValueError):
    """A score entry lacks the field its method needs (data that bypassed validation)."""


def _plan(leaf: Leaf) -> _Plan:
    # one key tuple per (indicator, period), shared by every unit: no allocation per entry
    available = {
        period: (leaf.points * share, (leaf.code, period)) for period, share in leaf.periods.items()
    }
    target = leaf.target if leaf.target is not None else ONE
    method = leaf.method
    if method is Method.MANUAL:
        return (_MANUAL, available, ONE, ZERO, ONE, {})
    if method is Method.RATIO:
        return (_RATIO_LOWER if leaf.lower_is_better else _RATIO, available, target, ZERO, ONE, {})
    if method is Method.LINEAR:
        floor = leaf.floor if leaf.floor is not None else ZERO
        return (_LINEAR, available, target, floor, target - floor, {})
    if method is Method.PASS_FAIL:
        return (_PASS_FAIL, available, ONE, ZERO, ONE, {})
    if method is Method.DEDUCTION:
        per_incident = leaf.per_incident if leaf.per_incident is not None else ZERO
        return (_DEDUCTION, available, ONE, per_incident, ONE, {})
    return (_RANK, available, ONE, ZERO, ONE, dict(leaf.table))


# Scores present in the data, per unit: (indicator, period) → score
UnitScores = dict[Slot, Decimal]


@dataclass(frozen=True, slots=True)
class Tally:
    """Scores present in the data per unit, and the failed binding (unit, indicator) pairs."""

    by_unit: dict[str, UnitScores]
    failed_binding: frozenset[tuple[str, str]]

    def score(self, unit: str, indicator: str, period: str) -> Decimal | None:
        """The score entered for one unit, indicator and period (None when missing)."""
        scores = self.by_unit.get(unit)
        return None if scores is None else scores.get((indicator, period))


def tally_scores(
    leaves: Sequence[Leaf], scores: Iterable[ScoreEntry], scope: Sequence[str]
) -> Tally:
    """Score every entry of the periods in scope; binding failures are read from all periods."""
    return Tallier(leaves, scope).tally(scores)


def merge_tallies(parts: Iterable[Tally]) -> Tally:
    """One tally of several units' own tallies (each unit in exactly one part)."""
    by_unit: dict[str, UnitScores] = {}
    failed: set[tuple[str, str]] = set()
    for part in parts:
        by_unit.update(part.by_unit)
        failed.update(part.failed_binding)
    return Tally(by_unit, frozenset(failed))


class Tallier:
    """`tally_scores` for one set of leaves and scope, applied to as many entry sets as needed.

    A unit's tally depends on its own entries only, so a caller holding the inputs in memory
    tallies the units whose entries changed and merges them with the others' (`merge_tallies`):
    the same `Tally` as one pass over every entry.
    """

    def __init__(self, leaves: Sequence[Leaf], scope: Sequence[str]) -> None:
        self.plans = {leaf.code: _plan(leaf) for leaf in leaves}
        self.binding = frozenset(leaf.code for leaf in leaves if leaf.binding)
        self.in_scope = frozenset(scope)

    def tally(self, scores: Iterable[ScoreEntry]) -> Tally:
        """Score every entry of the periods in scope (in the engine's arithmetic context).

        Entries a data file kept as columns (`columns.ScoreColumns`) are scored a leaf at a
        time (`column_tally.py`), with the same result.
        """
        from jixiao.engine.column_tally import tally_columns  # it builds on this module

        with localcontext(ENGINE_CONTEXT):
            if isinstance(scores, ScoreColumns):
                return tally_columns(self.plans, self.binding, self.in_scope, scores)
            return _tally(self.plans, self.binding, self.in_scope, scores)


def _tally(
    plans: Mapping[str, _Plan],
    binding: frozenset[str],
    in_scope: frozenset[str],
    scores: Iterable[ScoreEntry],
) -> Tally:
    by_unit: dict[str, UnitScores] = {}
    manual: dict[str, dict[Slot, list[Decimal]]] = {}
    failed: set[tuple[str, str]] = set()
    zero = ZERO
    # one pass over every entry: this loop is the engine's hot path (see bench/engine.py)
    for entry in scores:
        code = entry.indicator
        if entry.met is False and code in binding:
            failed.add((entry.unit, code))
        period = entry.period
        if period not in in_scope:
            continue
        try:
            method, available, target, low, span, table = plans[code]
            points, slot = available[period]
        except KeyError:
            raise EntryError(f"{entry}: indicator or period not in the scheme") from None
        if method == _MANUAL:
            value = entry.value
            if value is None:
                raise EntryError(entry)
            unit_manual = manual.get(entry.unit)
            if unit_manual is None:
                unit_manual = manual[entry.unit] = {}
            values = unit_manual.get(slot)
            if values is None:
                unit_manual[slot] = [value]
            else:
                values.append(value)
            continue
        if method == _RATIO:
            actual = entry.actual
            if actual is None:
                raise EntryError(entry)
            if actual >= target:
                score = points
            elif actual <= zero:
                score = zero
            else:
                score = points * actual / target
        elif method == _LINEAR:
            actual = entry.actual
            if actual is None:
                raise EntryError(entry)
            if actual >= target:
                score = points
            elif actual <= low:
                score = zero
            else:
                score = points * (actual - low) / span
        elif method == _PASS_FAIL:
            met = entry.met
            if met is None:
                raise EntryError(entry)
            score = points if met else zero
        elif method == _DEDUCTION:
            incidents = entry.incidents
            if incidents is None:
                raise EntryError(entry)
            score = points - low * incidents
            if score < zero:
                score = zero
        elif method == _RATIO_LOWER:
            actual = entry.actual
            if actual is None:
                raise EntryError(entry)
            if actual <= target:
                score = zero if actual < zero else points
            else:
                score = points * target / actual
        else:
            rank = entry.rank
            if rank is None:
                raise EntryError(entry)
            factor = table.get(rank)
            score = zero if factor is None else points * factor
        unit_scores = by_unit.get(entry.unit)
        if unit_scores is None:
            unit_scores = by_unit[entry.unit] = {}
        unit_scores[slot] = score
    for unit, unit_manual in manual.items():
        unit_scores = by_unit.get(unit)
        if unit_scores is None:
            unit_scores = by_unit[unit] = {}
        for slot, values in unit_manual.items():
            unit_scores[slot] = values[0] if len(values) == 1 else sum(values, zero) / len(values)
    return Tally(by_unit, frozenset(failed))


def applicable_leaves(scheme: Scheme, leaves: Sequence[Leaf]) -> dict[str, tuple[Leaf, ...]]:
    """For each unit code, its leaf indicators in tree order."""
    by_group: dict[str, tuple[Leaf, ...]] = {}
    for group in scheme.groups:
        by_group[group.code] = tuple(
            leaf for leaf in leaves if leaf.applies_to.all or group.code in leaf.applies_to.groups
        )
    named: dict[str, set[str]] = {}
    for leaf in leaves:
        for unit_code in leaf.applies_to.units:
            named.setdefault(unit_code, set()).add(leaf.code)
    result: dict[str, tuple[Leaf, ...]] = {}
    for unit in scheme.units:
        extra = named.get(unit.code)
        if not extra:
            result[unit.code] = by_group[unit.group]
        else:
            result[unit.code] = tuple(
                leaf for leaf in leaves if leaf.code in extra or _covers_by_group(leaf, unit)
            )
    return result


def _covers_by_group(leaf: Leaf, unit: Unit) -> bool:
    return leaf.applies_to.all or unit.group in leaf.applies_to.groups


@dataclass(frozen=True, slots=True)
class UnitIndicators:
    """A unit's indicator totals over the periods in scope."""

    score: Decimal
    available: Decimal
    missing: tuple[str, ...]


def unit_indicator_totals(
    units: Sequence[Unit],
    applicable: Mapping[str, tuple[Leaf, ...]],
    tally: Tally,
    scope: Sequence[str],
) -> dict[str, UnitIndicators]:
    """Σ score and Σ available per unit; a missing entry counts 0 and is listed."""
    lost: dict[str, Decimal] = {}
    for unit_code, code in tally.failed_binding:
        for period in scope:
            score = tally.score(unit_code, code, period)
            if score is not None:
                lost[unit_code] = lost.get(unit_code, ZERO) + score
    # units of a group share one tuple of leaves, so its identity keys the cache
    available_cache: dict[int, tuple[Decimal, int]] = {}
    result: dict[str, UnitIndicators] = {}
    for unit in units:
        leaves = applicable[unit.code]
        cached = available_cache.get(id(leaves))
        if cached is None:
            total, expected = ZERO, 0
            for leaf in leaves:
                for period in scope:
                    share = leaf.periods.get(period)
                    if share is not None:
                        total += leaf.points * share
                        expected += 1
            cached = available_cache[id(leaves)] = (total, expected)
        available, expected = cached
        present = tally.by_unit.get(unit.code, {})
        missing: tuple[str, ...] = ()
        if len(present) < expected:
            missing = _missing(leaves, present, scope)
        score = sum(present.values(), ZERO) - lost.get(unit.code, ZERO)
        result[unit.code] = UnitIndicators(score, available, missing)
    return result


def _missing(
    leaves: Sequence[Leaf], present: Mapping[tuple[str, str], Decimal], scope: Sequence[str]
) -> tuple[str, ...]:
    found = [
        f"{leaf.code}@{period}"
        for leaf in leaves
        for period in scope
        if period in leaf.periods and (leaf.code, period) not in present
    ]
    return tuple(sorted(found))


def key_project_averages(
    units: Sequence[Unit],
    applicable: Mapping[str, tuple[Leaf, ...]],
    tally: Tally,
) -> dict[str, Decimal]:
    """Plain mean over a unit's key-project leaves of 100 × year score / year available."""
    averages: dict[str, Decimal] = {}
    failed = tally.failed_binding
    # units of a group share one tuple of leaves: its key projects, each with its year's
    # available points and slots, are worked out once per tuple
    key_leaves: dict[int, list[tuple[str, Decimal, list[tuple[str, str]]]]] = {}
    for unit in units:
        leaves = applicable[unit.code]
        keyed = key_leaves.get(id(leaves))
        if keyed is None:
            keyed = key_leaves[id(leaves)] = [
                (
                    leaf.code,
                    sum((leaf.points * share for share in leaf.periods.values()), ZERO),
                    [(leaf.code, period) for period in leaf.periods],
                )
                for leaf in leaves
                if leaf.key_project
            ]
        if not keyed:
            continue
        present = tally.by_unit.get(unit.code, {})
        ratios: list[Decimal] = []
        for code, available, slots in keyed:
            score = ZERO
            if (unit.code, code) not in failed:
                for slot in slots:
                    score += present.get(slot) or ZERO
            ratios.append(100 * score / available)
        averages[unit.code] = sum(ratios, ZERO) / len(ratios)
    return averages
