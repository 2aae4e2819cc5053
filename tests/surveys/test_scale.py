"""The arithmetic of a survey's results: exact means and the provisional mark."""

from __future__ import annotations

from decimal import Decimal

from jixiao.surveys.models import SurveyScale
from jixiao.surveys.scale import UnitTally, accepts, exact_mean, figure


def test_a_mean_that_ends_is_exact() -> None:
    assert exact_mean(Decimal(170), 2) == Decimal("85")
    assert exact_mean(Decimal(173), 2) == Decimal("86.5")
    assert str(exact_mean(Decimal(260), 8)) == "32.5"
    assert exact_mean(Decimal(1), 16) == Decimal("0.0625")


def test_a_mean_that_does_not_end_keeps_28_digits() -> None:
    third = exact_mean(Decimal(260), 3)  # (100 + 80 + 80) / 3
    assert str(third) == "86.66666666666666666666666667"
    assert third.quantize(Decimal("0.01")) == Decimal("86.67")


def test_a_unit_below_the_minimum_sample_is_provisional() -> None:
    assert figure(UnitTally(responses=2, answers=4, total=Decimal(320)), 3).provisional
    held = figure(UnitTally(responses=3, answers=6, total=Decimal(480)), 3)
    assert (held.mean, held.responses, held.provisional) == (Decimal(80), 3, False)
    nobody = figure(UnitTally(responses=0, answers=0, total=Decimal(0)), 1)
    assert (nobody.mean, nobody.provisional) == (None, True)


def test_the_scales_accept_only_their_values() -> None:
    five = SurveyScale.FIVE_POINT
    assert all(accepts(five, Decimal(v)) for v in (100, 80, 60, 40, 20))
    assert not accepts(five, Decimal(90))
    assert not accepts(five, Decimal("NaN"))
    hundred = SurveyScale.HUNDRED
    assert accepts(hundred, Decimal(0))
    assert accepts(hundred, Decimal(100))
    assert not accepts(hundred, Decimal(101))
    assert not accepts(hundred, Decimal("55.5"))
