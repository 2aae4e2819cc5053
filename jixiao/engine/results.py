"""Typed results of the engine: published figures per unit plus an indicator-level drill-down."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.engine.model import Leaf, Unit


class Flag(StrEnum):
    """Penalty and status flags of an annual result (DOMAIN.md §4.2, §4.6)."""

    ACCOUNTABILITY = "accountability"
    ADMONISHMENT = "admonishment"
    BINDING_FAILED = "binding_failed"
    HEAD_NOT_ELIGIBLE = "head_not_eligible"
    KEY_PROJECT_BOTTOM = "key_project_bottom"
    NO_AWARD = "no_award"
    NO_BONUS = "no_bonus"
    ORGANIZATIONAL_HANDLING = "organizational_handling"
    PUBLIC_EXPLANATION = "public_explanation"


class LineStatus(StrEnum):
    """How an indicator line's score came about."""

    SCORED = "scored"
    MISSING = "missing"
    BINDING_FAILED = "binding_failed"


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """Drill-down: one leaf indicator of a unit in one period, with exact figures."""

    indicator: str
    name: str
    period: str
    available: Decimal
    score: Decimal
    raw_score: Decimal | None
    status: LineStatus


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A unit's published result; figures are rounded half-up to 2 places."""

    unit: str
    group: str
    components: Mapping[str, Decimal]
    bonus: Decimal | None
    deductions: Decimal | None
    total: Decimal
    rank: int
    overall_rank: int
    base_grade: str | None
    grade: str | None
    flags: tuple[str, ...]
    bonus_amount: Decimal | None
    missing: tuple[str, ...]
    explain: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Detail:
    """What the engine kept to explain each unit down to the indicator level."""

    scope: tuple[str, ...]
    units: Mapping[str, Unit]
    applicable: Mapping[str, tuple[Leaf, ...]]
    scores: Mapping[str, Mapping[tuple[str, str], Decimal]]
    failed_binding: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Results:
    """The results of one scheme for one period (`jixiao.results/1`)."""

    scheme: str
    period: str
    provisional: bool
    units: tuple[UnitResult, ...]
    detail: Detail = field(repr=False, compare=False)

    def unit(self, code: str) -> UnitResult:
        """The result of one unit."""
        for result in self.units:
            if result.unit == code:
                return result
        raise KeyError(code)

    def breakdown(self, unit: str) -> tuple[IndicatorLine, ...]:
        """Per leaf indicator and period in scope: available points and the score counted."""
        if unit not in self.detail.units:
            raise KeyError(unit)
        ((_, facts),) = self.line_facts([unit])
        return tuple(
            IndicatorLine(leaf.code, leaf.name, period, available, score, raw, status)
            for leaf, period, available, score, raw, status in facts
        )

    def line_facts(self, units: Iterable[str]) -> Iterator[tuple[str, list[LineFacts]]]:
        """`breakdown` of each unit as plain tuples (leaf, period, available, score, raw score,
        status): a city's drill-down is hundreds of thousands of lines, each built once."""
        detail = self.detail
        scope, failed_binding = detail.scope, detail.failed_binding
        zero = Decimal(0)
        missing, failed, scored = LineStatus.MISSING, LineStatus.BINDING_FAILED, LineStatus.SCORED
        slots_of: dict[str, list[tuple[str, Decimal]]] = {}  # a leaf's periods in scope
        for unit in units:
            present = detail.scores.get(unit, {})
            lines: list[LineFacts] = []
            append = lines.append
            for leaf in detail.applicable[unit]:
                code = leaf.code
                slots = slots_of.get(code)
                if slots is None:
                    slots = slots_of[code] = [
                        (period, leaf.points * leaf.periods[period])
                        for period in scope
                        if period in leaf.periods
                    ]
                binding_failed = (unit, code) in failed_binding
                for period, available in slots:
                    raw = present.get((code, period))
                    if raw is None:
                        append((leaf, period, available, zero, None, missing))
                    elif binding_failed:
                        append((leaf, period, available, zero, raw, failed))
                    else:
                        append((leaf, period, available, raw, raw, scored))
            yield unit, lines


# (leaf, period, available, score, raw score, status): one line of `Results.line_facts`.
LineFacts = tuple[Leaf, str, Decimal, Decimal, Decimal | None, LineStatus]
