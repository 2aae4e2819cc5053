"""The answer scales and the arithmetic of a survey's results (pure: no database).

A five-point answer maps 非常满意 → 100, 满意 → 80, 基本满意 → 60, 不满意 → 40,
非常不满意 → 20; a hundred-point answer is a whole number 0–100. A unit's value is the mean of
every answer given about it (each response answers every question about a unit it rates, so
this is also the mean of the responses' own means), as an exact decimal; it is provisional
while fewer responses than the survey's minimum sample rated the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from jixiao.surveys.models import SurveyScale

FIVE_POINT: tuple[tuple[str, Decimal], ...] = (
    ("非常满意", Decimal(100)),
    ("满意", Decimal(80)),
    ("基本满意", Decimal(60)),
    ("不满意", Decimal(40)),
    ("非常不满意", Decimal(20)),
)
PLACES = 28  # digits kept of a mean that does not end (1/3): far below any published rounding


@dataclass(frozen=True)
class Option:
    label: str
    value: Decimal


def options(scale: SurveyScale) -> list[Option]:
    """The choices a respondent sees (none for the hundred-point scale: a number)."""
    if scale is SurveyScale.FIVE_POINT:
        return [Option(label, value) for label, value in FIVE_POINT]
    return []


def accepts(scale: SurveyScale, value: Decimal) -> bool:
    """Whether an answer is one of the scale's values."""
    if not value.is_finite():
        return False
    if scale is SurveyScale.FIVE_POINT:
        return any(value == choice for _, choice in FIVE_POINT)
    return value == value.to_integral_value() and Decimal(0) <= value <= Decimal(100)


@dataclass(frozen=True)
class UnitTally:
    """A unit's answers: how many responses rated it, their sum and number of answers."""

    responses: int
    answers: int
    total: Decimal


@dataclass(frozen=True)
class UnitFigure:
    responses: int
    mean: Decimal | None  # None: nobody rated the unit
    provisional: bool


def figure(tally: UnitTally, min_sample: int) -> UnitFigure:
    """The unit's mean on 0–100 and whether it is provisional (below the minimum sample)."""
    if tally.answers == 0:
        return UnitFigure(0, None, True)
    return UnitFigure(
        tally.responses,
        exact_mean(tally.total, tally.answers),
        tally.responses < min_sample,
    )


def exact_mean(total: Decimal, count: int) -> Decimal:
    """total / count as a decimal: exact when it ends, else to `PLACES` significant digits."""
    ratio = Fraction(total) / count
    numerator, denominator = ratio.numerator, ratio.denominator
    for places in range(PLACES + 1):
        scaled = numerator * 10**places
        if scaled % denominator == 0:
            return Decimal(scaled // denominator).scaleb(-places)
    with localcontext() as context:
        context.prec = PLACES
        return Decimal(numerator) / Decimal(denominator)
