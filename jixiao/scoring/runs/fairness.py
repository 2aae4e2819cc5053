"""Scorer fairness (评分尺度): how far each scorer's values sit from the other scorers' of the
same lines. It informs the office before results are approved; it changes no score.

Comparable entries. A *cell* is one line scored by several scorers: (indicator, unit, period)
for the recorded manual scores (`score.value` with a scorer; drafts still change and are left
out), and (component, unit) for the leaders' and other raters' ratings (`rating.value` with a
`rater`; ratings are yearly, so they count for the annual view only). A cell counts only when
at least two scorers gave a value; an *item* is the indicator or the rating component.

The statistic, for a cell c of item i with n_c ≥ 2 values x_c1 … x_cn and scorer s:

    x̄_c   = (Σ_j x_cj) / n_c
    s_i²  = Σ_c Σ_j (x_cj − x̄_c)² / Σ_c (n_c − 1)            pooled within-cell variance of i
    d_cs  = x_cs − (Σ_{j≠s} x_cj) / (n_c − 1)                 deviation from the others' mean
    z_cs  = d_cs / (s_i · √(n_c / (n_c − 1)))                 standardised deviation (0 if s_i = 0)
    z̄_s   = (Σ z_cs) / N_s                                    over the scorer's N_s entries

The spread is the item's pooled one, not the cell's own: a cell has two or three scorers as a
rule, and a cell's own spread from two values would make every deviation ±0.71. Under equal
scales x_cj = μ_c + ε with Var ε = σ_i², d_cs has variance σ_i² · n_c/(n_c − 1), hence the
factor: each z_cs is then a standard score whatever the cell's size, and a scorer's mean can be
read in standard deviations. Means and variances are exact fractions; the square root and the
quotient are taken in Decimal at 28 digits; the figure shown is z̄_s rounded half-up to 2 places.

Flag, on the figure shown, with T = setting `fairness_threshold` / 100 and the minimum
`fairness_min_entries`: N_s below the minimum → 样本不足 (no flag); z̄_s ≥ T → 偏宽 (lenient:
higher than the others); z̄_s ≤ −T → 偏严 (harsh); otherwise 正常.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from fractions import Fraction

from jixiao.platform.db import JixiaoSession
from jixiao.schemes import scorers
from jixiao.schemes.service import get_scheme
from jixiao.scoring.runs.repository import rater_values, scorer_values
from jixiao.scoring.runs.scope import ResultScope
from jixiao.tenants.values import setting_number

THRESHOLD = "fairness_threshold"
MINIMUM = "fairness_min_entries"
ANNUAL = "annual"
_EXACT = Context(prec=28, rounding=ROUND_HALF_UP)
_SHOWN = Decimal("0.01")


class Leaning(StrEnum):
    """Where a scorer's values lean against the others'."""

    LENIENT = "lenient"
    HARSH = "harsh"
    NORMAL = "normal"
    TOO_FEW = "too_few"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Leaning.LENIENT: "偏宽",
    Leaning.HARSH: "偏严",
    Leaning.NORMAL: "正常",
    Leaning.TOO_FEW: "样本不足",
}


@dataclass(frozen=True)
class Entry:
    """One scorer's value on one line: `item` is the indicator or rating component, `cell`
    the line (item, unit, period)."""

    item: str
    unit: uuid.UUID
    period: str
    scorer: str
    value: Decimal

    @property
    def cell(self) -> tuple[str, uuid.UUID, str]:
        return (self.item, self.unit, self.period)


@dataclass(frozen=True)
class Standing:
    """One scorer's figures: comparable entries, items and units, mean standardised deviation
    (None without entries) and the flag."""

    scorer: str
    entries: int
    items: int
    units: int
    mean_z: Decimal | None
    leaning: Leaning


def standings(entries: Iterable[Entry], threshold: Decimal, minimum: int) -> dict[str, Standing]:
    """Each scorer's standing among the others (the module's statistic), by scorer code."""
    cells: dict[tuple[str, uuid.UUID, str], dict[str, Fraction]] = {}
    for entry in entries:
        cells.setdefault(entry.cell, {})[entry.scorer] = Fraction(entry.value)
    shared = {key: values for key, values in cells.items() if len(values) >= 2}
    spread = _pooled_variances(shared)
    z_sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    items: dict[str, set[str]] = {}
    units: dict[str, set[uuid.UUID]] = {}
    for (item, unit, _), values in shared.items():
        n = len(values)
        total = sum(values.values(), Fraction(0))
        scale = _EXACT.sqrt(_decimal(spread[item] * n / (n - 1)))
        for scorer, value in values.items():
            deviation = value - (total - value) / (n - 1)
            z = Decimal(0) if not scale else _EXACT.divide(_decimal(deviation), scale)
            z_sums[scorer] = _EXACT.add(z_sums.get(scorer, Decimal(0)), z)
            counts[scorer] = counts.get(scorer, 0) + 1
            items.setdefault(scorer, set()).add(item)
            units.setdefault(scorer, set()).add(unit)
    everyone = {entry_scorer for values in cells.values() for entry_scorer in values}
    found = {}
    for scorer in everyone:
        count = counts.get(scorer, 0)
        mean = None if not count else _EXACT.divide(z_sums[scorer], Decimal(count))
        shown = None if mean is None else mean.quantize(_SHOWN, rounding=ROUND_HALF_UP)
        found[scorer] = Standing(
            scorer,
            count,
            len(items.get(scorer, ())),
            len(units.get(scorer, ())),
            shown,
            _leaning(shown, count, threshold, minimum),
        )
    return found


def _pooled_variances(
    cells: dict[tuple[str, uuid.UUID, str], dict[str, Fraction]],
) -> dict[str, Fraction]:
    squares: dict[str, Fraction] = {}
    freedom: dict[str, int] = {}
    for (item, _, _), values in cells.items():
        mean = sum(values.values(), Fraction(0)) / len(values)
        squares[item] = squares.get(item, Fraction(0)) + sum(
            ((x - mean) ** 2 for x in values.values()), Fraction(0)
        )
        freedom[item] = freedom.get(item, 0) + len(values) - 1
    return {item: squares[item] / freedom[item] for item in squares}


def _decimal(value: Fraction) -> Decimal:
    return _EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _leaning(mean: Decimal | None, count: int, threshold: Decimal, minimum: int) -> Leaning:
    if mean is None or count < minimum:
        return Leaning.TOO_FEW
    if mean >= threshold:
        return Leaning.LENIENT
    if mean <= -threshold:
        return Leaning.HARSH
    return Leaning.NORMAL


@dataclass(frozen=True)
class ScorerFairness:
    """A scorer's standing, by name."""

    scorer: scorers.Scorer
    standing: Standing


@dataclass(frozen=True)
class FairnessReport:
    """A scheme's period: the threshold and minimum in force and each scorer's standing."""

    scheme_code: str
    period: str
    threshold: Decimal
    minimum: int
    scorers: Sequence[ScorerFairness]


def scorer_fairness(
    session: JixiaoSession, scope: ResultScope, scheme_code: str, period: str
) -> FairnessReport:
    """Each scorer's fairness over a scheme's period (annual: every quarter and the ratings),
    on the units the scope reads; most lenient first, too few entries last."""
    scheme = get_scheme(session, scheme_code)
    threshold = Decimal(setting_number(session, THRESHOLD)) / 100
    minimum = setting_number(session, MINIMUM)
    entries = [
        entry
        for entry in [*_scores(session, scheme.id, period), *_ratings(session, scheme.id, period)]
        if scope.sees_unit(entry.unit)
    ]
    found = standings(entries, threshold, minimum)
    names = scorers.named(session, found)
    rows = [ScorerFairness(names[code], standing) for code, standing in found.items()]
    rows.sort(
        key=lambda row: (
            row.standing.leaning is Leaning.TOO_FEW,
            -(row.standing.mean_z or 0),
            row.scorer.name,
            row.scorer.code,
        )
    )
    return FairnessReport(scheme.code, period, threshold, minimum, rows)


def _scores(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> list[Entry]:
    rows = scorer_values(session, scheme_id, None if period == ANNUAL else period)
    return [
        Entry(f"indicator:{item}", unit, at, scorer, value)
        for item, unit, at, scorer, value in rows
        if value is not None
    ]


def _ratings(session: JixiaoSession, scheme_id: uuid.UUID, period: str) -> list[Entry]:
    if period != ANNUAL:
        return []
    return [
        Entry(f"component:{item}", unit, ANNUAL, rater, value)
        for item, unit, rater, value in rater_values(session, scheme_id)
    ]
