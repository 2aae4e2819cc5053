"""Ranking (§4.4) and base grades (§4.5): quotas, ties, the fail line, thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.engine import Results, competition_ranks, compute, ratio_quotas
from tests.engine.builders import (
    build_data,
    build_scheme,
    dept_group,
    group,
    manual_scores,
)

D = Decimal


def run(values: dict[str, Any], **scheme_kwargs: Any) -> Results:
    scheme = build_scheme(units=len(values), **scheme_kwargs)
    return compute(scheme, build_data(scheme, scores=manual_scores(values)))


def grades(results: Results) -> dict[str, str | None]:
    return {u.unit: u.base_grade for u in results.units}


def test_seven_units_at_3_5_2_get_2_4_1() -> None:
    assert ratio_quotas(7, [D(3), D(5), D(2)]) == [2, 4, 1]
    results = run({f"u{i}": 100 - i for i in range(1, 8)})
    assert list(grades(results).values()) == ["一等奖"] * 2 + ["二等奖"] * 4 + ["三等奖"]


@pytest.mark.parametrize(
    ("seats", "ratio", "quotas"),
    [
        (6, [3, 5, 2], [2, 3, 1]),
        (5, [3, 5, 2], [2, 2, 1]),  # 1.5 / 2.5 / 1.0: equal remainders go to the better grade
        (4, [3, 5, 2], [1, 2, 1]),
        (10, [3, 5, 2], [3, 5, 2]),
        (1, [1, 1], [1, 0]),
        (0, [3, 5, 2], [0, 0, 0]),
    ],
)
def test_largest_remainder_quotas(seats: int, ratio: list[int], quotas: list[int]) -> None:
    assert ratio_quotas(seats, [D(r) for r in ratio]) == quotas


def test_competition_ranks_share_and_skip() -> None:
    totals = {"a": D("90.00"), "b": D("85.00"), "c": D("85.00"), "d": D("70.00")}
    assert competition_ranks(totals) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_tie_across_a_boundary_takes_the_better_grade_without_pushing_later_grades() -> None:
    # positions 2 and 3 tie across the 一等奖 (2 seats) boundary
    results = run({"u1": 95, "u2": 90, "u3": 90, "u4": 80, "u5": 70, "u6": 60, "u7": 50})
    assert grades(results) == {
        "u1": "一等奖",
        "u2": "一等奖",
        "u3": "一等奖",
        "u4": "二等奖",
        "u5": "二等奖",
        "u6": "二等奖",
        "u7": "三等奖",
    }
    assert [u.rank for u in results.units] == [1, 2, 2, 4, 5, 6, 7]
    assert any("同分" in line for line in results.unit("u3").explain)


def test_ties_on_the_rounded_total_share_rank() -> None:
    results = run({"u1": D("80.004"), "u2": D("80.001"), "u3": 70})
    assert [(u.unit, u.total, u.rank) for u in results.units] == [
        ("u1", D("80.00"), 1),
        ("u2", D("80.00"), 1),
        ("u3", D("70.00"), 3),
    ]


def test_fail_line_unit_takes_no_ratio_seat() -> None:
    values = {"u1": 95, "u2": 90, "u3": 85, "u4": 80, "u5": 59}
    results = run(values, groups=[dept_group("g")])
    # N = 4 (u5 fails): 1.2 / 2.0 / 0.8 → 1, 2, 1
    assert grades(results) == {
        "u1": "优秀",
        "u2": "良好",
        "u3": "良好",
        "u4": "达标",
        "u5": "不达标",
    }
    assert results.unit("u5").rank == 5


def test_threshold_bands_with_fallback_to_fail_grade() -> None:
    bands = [
        {"grade": "优秀", "min": 90},
        {"grade": "良好", "min": 80},
        {"grade": "达标", "min": 60},
    ]
    threshold = dept_group("g", grading={"method": "threshold", "bands": bands})
    threshold.pop("fail_below")
    results = run({"u1": 90, "u2": D("89.995"), "u3": 60, "u4": D("59.99")}, groups=[threshold])
    assert grades(results) == {"u1": "优秀", "u2": "优秀", "u3": "达标", "u4": "不达标"}
    assert "no_bonus" in results.unit("u4").flags


def test_threshold_without_fail_grade_falls_to_last_grade() -> None:
    bands = [{"grade": "一等奖", "min": 90}]
    results = run(
        {"u1": 95, "u2": 50}, groups=[group(grading={"method": "threshold", "bands": bands})]
    )
    assert grades(results) == {"u1": "一等奖", "u2": "无"}


def test_overall_rank_puts_departments_apart_from_towns_and_subdistricts() -> None:
    units = [
        {"code": "t1", "name": "镇1", "kind": "town", "group": "g", "headcount": 1},
        {"code": "s1", "name": "街道1", "kind": "subdistrict", "group": "g", "headcount": 1},
        {"code": "d1", "name": "局1", "kind": "department", "group": "d", "headcount": 1},
        {"code": "d2", "name": "局2", "kind": "department", "group": "e", "headcount": 1},
    ]
    scheme = build_scheme(units=units, groups=[group("g"), dept_group("d"), dept_group("e")])
    data = build_data(scheme, scores=manual_scores({"t1": 70, "s1": 80, "d1": 60, "d2": 90}))
    results = compute(scheme, data)
    ranks = {u.unit: (u.rank, u.overall_rank) for u in results.units}
    assert ranks == {"s1": (1, 1), "t1": (2, 2), "d1": (1, 2), "d2": (1, 1)}
    assert [u.unit for u in results.units] == ["s1", "t1", "d1", "d2"]
