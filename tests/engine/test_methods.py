"""Each scoring method of DOMAIN.md §4.1, on one unit and one leaf of 10 points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.engine import compute
from tests.engine.builders import build_data, build_scheme, manual_leaf, scheme_doc

D = Decimal


def score_of(
    leaf: dict[str, Any], entries: list[dict[str, Any]], period: str = "annual"
) -> Decimal:
    """The unit's exact score on leaf L (sum over the periods in scope)."""
    scheme = build_scheme(units=1, indicators=[leaf])
    data = build_data(scheme, scores=[{"unit": "u1", "indicator": "L", **e} for e in entries])
    lines = compute(scheme, data, period).breakdown("u1")
    return sum((line.score for line in lines), D(0))


def leaf(method: str, **extra: Any) -> dict[str, Any]:
    return {"code": "L", "name": "指标", "points": 10, "method": method, **extra}


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(80, D(8)), (100, D(10)), (130, D(10)), (0, D(0)), (-5, D(0)), (D("33.3"), D("3.33"))],
)
def test_ratio_is_points_times_clamped_actual_over_target(actual: Any, expected: Decimal) -> None:
    assert score_of(leaf("ratio", target=100), [{"period": "Q4", "actual": actual}]) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(0, D(10)), (2, D(10)), (3, D(10)), (6, D(5)), (12, D("2.5")), (-1, D(0))],
)
def test_ratio_lower_is_better_scores_full_points_at_zero(actual: int, expected: Decimal) -> None:
    rule = leaf("ratio", target=3, lower_is_better=True)
    assert score_of(rule, [{"period": "Q4", "actual": actual}]) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(100, D(10)), (120, D(10)), (60, D(0)), (40, D(0)), (80, D(5)), (70, D("2.5"))],
)
def test_linear_between_floor_and_target(actual: int, expected: Decimal) -> None:
    rule = leaf("linear", target=100, floor=60)
    assert score_of(rule, [{"period": "Q4", "actual": actual}]) == expected


@pytest.mark.parametrize(("met", "expected"), [(True, D(10)), (False, D(0))])
def test_pass_fail(met: bool, expected: Decimal) -> None:
    assert score_of(leaf("pass_fail"), [{"period": "Q4", "met": met}]) == expected


def test_deduction_subtracts_per_incident_in_each_period_unscaled() -> None:
    rule = leaf("deduction", per_incident=D("1.5"), periods={"Q2": D("0.5"), "Q4": D("0.5")})
    entries = [{"period": "Q2", "incidents": 1}, {"period": "Q4", "incidents": 5}]
    # Q2: 5 − 1.5 = 3.5; Q4: max(0, 5 − 7.5) = 0 (per incident, not scaled by the share)
    assert score_of(rule, entries) == D("3.5")
    assert score_of(rule, entries, "Q2") == D("3.5")
    assert score_of(rule, entries, "Q4") == D(0)


@pytest.mark.parametrize(("rank", "expected"), [(1, D(10)), (2, D(9)), (3, D(8)), (4, D(0))])
def test_rank_table_and_rank_not_in_table(rank: int, expected: Decimal) -> None:
    rule = leaf("rank", table={1: 1, 2: D("0.9"), 3: D("0.8")})
    assert score_of(rule, [{"period": "Q4", "rank": rank}]) == expected


def test_manual_is_mean_of_the_scorers_present() -> None:
    entries = [
        {"period": "Q4", "scorer": "a", "value": 6},
        {"period": "Q4", "scorer": "b", "value": 9},
        {"period": "Q4", "scorer": "c", "value": D("7.5")},
    ]
    assert score_of(leaf("manual"), entries) == D("7.5")


def test_available_points_follow_period_shares() -> None:
    scheme = build_scheme(
        units=1, indicators=[manual_leaf(points=40, periods={"Q1": D("0.25"), "Q4": D("0.75")})]
    )
    data = build_data(
        scheme,
        scores=[
            {"unit": "u1", "indicator": "M", "period": "Q1", "scorer": "s", "value": 10},
            {"unit": "u1", "indicator": "M", "period": "Q4", "scorer": "s", "value": 15},
        ],
    )
    q1 = compute(scheme, data, "Q1")
    assert q1.unit("u1").components["indicators"] == D("100.00")
    annual = compute(scheme, data)
    assert [line.available for line in annual.breakdown("u1")] == [D(10), D(30)]
    assert annual.unit("u1").total == D("62.50")


def test_published_figures_round_half_up_after_exact_arithmetic() -> None:
    indicators = [
        {"code": "A", "name": "A", "points": 10, "method": "ratio", "target": 3},
        {"code": "B", "name": "B", "points": 10, "method": "ratio", "target": 3},
        manual_leaf(points=80),
    ]
    scheme = build_scheme(units=1, indicators=indicators)
    data = build_data(
        scheme,
        scores=[
            {"unit": "u1", "indicator": "A", "period": "Q4", "actual": 1},
            {"unit": "u1", "indicator": "B", "period": "Q4", "actual": 2},
            *[
                {"unit": "u1", "indicator": "M", "period": "Q4", "scorer": s, "value": D(v)}
                for s, v in (("a", "64.12"), ("b", "64.13"), ("c", "64.125"))
            ],
        ],
    )
    # 10/3 + 20/3 + 64.125 = 74.125 → 74.13 (half-up), never 74.12
    assert compute(scheme, data).unit("u1").total == D("74.13")


def test_no_float_reaches_the_results() -> None:
    scheme = build_scheme(doc=scheme_doc(units=2))
    data = build_data(scheme, scores=[])
    results = compute(scheme, data)
    for unit in results.units:
        assert isinstance(unit.total, Decimal)
        assert all(isinstance(v, Decimal) for v in unit.components.values())
