"""Penalties in order (§4.6), binding indicators (§4.2), bonus (§4.3, §4.8), missing scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.engine import Results, compute
from tests.engine.builders import (
    build_data,
    build_scheme,
    dept_group,
    group,
    manual_leaf,
    manual_scores,
)

D = Decimal
BONUS = {
    "base_per_head": 1000,
    "coefficients": {"一等奖": D("1.2"), "二等奖": 1, "三等奖": D("0.8")},
}


def run(values: dict[str, Any], period: str = "annual", **sections: Any) -> Results:
    scheme_kwargs = sections.pop("scheme", {})
    scheme = build_scheme(units=len(values), **scheme_kwargs)
    scores = manual_scores(values) + sections.pop("scores", [])
    return compute(scheme, build_data(scheme, scores=scores, **sections), period)


SEVEN = {f"u{i}": 100 - 5 * i for i in range(1, 8)}  # 95 … 65: 2 / 4 / 1


def test_binding_failure_downgrades_once_and_withdraws_award() -> None:
    binding = [
        manual_leaf(points=90),
        {"code": "S1", "name": "安全生产", "points": 5, "method": "pass_fail", "binding": True},
        {"code": "S2", "name": "计划生育", "points": 5, "method": "pass_fail", "binding": True},
    ]
    scores = [
        {"unit": u, "indicator": code, "period": "Q4", "met": u != "u1"}
        for u in SEVEN
        for code in ("S1", "S2")
    ]
    values = {u: v - 10 for u, v in SEVEN.items()}
    results = run(values, scheme={"indicators": binding}, scores=scores)
    u1 = results.unit("u1")
    assert u1.base_grade == "一等奖"
    # two failed binding indicators still make one downgrade (一 → 二), then no_award → 无
    assert u1.flags == ("binding_failed", "no_award")
    assert u1.grade == "无"
    assert any("降1个等次：一等奖 → 二等奖" in line for line in u1.explain)


def test_binding_failure_zeroes_earlier_quarters_too() -> None:
    leaves = [
        manual_leaf(points=90, periods={"Q2": D("0.5"), "Q4": D("0.5")}),
        {
            "code": "S",
            "name": "安全生产",
            "points": 10,
            "method": "pass_fail",
            "binding": True,
            "periods": {"Q2": D("0.5"), "Q4": D("0.5")},
        },
    ]
    scores = [
        {"unit": "u1", "indicator": "M", "period": p, "scorer": "s", "value": 45}
        for p in ("Q2", "Q4")
    ] + [
        {"unit": "u1", "indicator": "S", "period": "Q2", "met": True},
        {"unit": "u1", "indicator": "S", "period": "Q4", "met": False},
    ]
    scheme = build_scheme(units=1, indicators=leaves)
    data = build_data(scheme, scores=scores)
    q2 = compute(scheme, data, "Q2").unit("u1")
    assert q2.total == D("90.00")  # S met in Q2, but failed in Q4: Q2's 5 points are lost too
    assert q2.flags == ()
    assert any("安全生产" in line for line in q2.explain)
    assert compute(scheme, data).unit("u1").components["indicators"] == D("90.00")


def test_downgrade_never_enters_the_fail_grade() -> None:
    binding = [
        manual_leaf(points=90, key_project=True),
        {"code": "S", "name": "安全生产", "points": 10, "method": "pass_fail", "binding": True},
    ]
    values = {"u1": 89, "u2": 80, "u3": 70, "u4": 45}
    scores = [{"unit": u, "indicator": "S", "period": "Q4", "met": u != "u3"} for u in values]
    results = run(
        values,
        scheme={"indicators": binding, "groups": [dept_group("g")], "key_project_bottom": 1},
        scores=scores,
    )
    # u3: 75 → 达标 by ratio; binding (+ nothing else) → stays 达标, not 不达标
    u3 = results.unit("u3")
    assert (u3.base_grade, u3.grade) == ("达标", "达标")
    # u4 is already 不达标 (fail line) and the key-project bottom: it does not move
    u4 = results.unit("u4")
    assert (u4.base_grade, u4.grade) == ("不达标", "不达标")
    assert "key_project_bottom" in u4.flags


def test_downgrades_add_up_and_stop_at_the_last_non_fail_grade() -> None:
    leaves = [
        manual_leaf(points=99, key_project=True),
        {"code": "S", "name": "安全生产", "points": 1, "method": "pass_fail", "binding": True},
    ]
    values = {f"u{i}": v for i, v in enumerate([50, 99, 94, 93, 92, 91, 90], start=1)}
    scores = [{"unit": u, "indicator": "S", "period": "Q4", "met": u != "u2"} for u in values]
    results = run(values, scheme={"indicators": leaves, "key_project_bottom": 1}, scores=scores)
    # u2 (best, 一等奖) fails binding; u1 is the key-project bottom
    assert results.unit("u2").grade == "无"
    u1 = results.unit("u1")
    assert (u1.base_grade, u1.grade) == ("三等奖", "无")


def test_no_award_turns_award_grade_into_best_non_award_grade_or_null() -> None:
    items = [{"unit": "u1", "item": "地区生产总值增速", "last": True}]
    results = run(
        {"u1": 90, "u2": 80, "u3": 70}, city_items=items, scheme={"groups": [dept_group("g")]}
    )
    u1 = results.unit("u1")
    assert (u1.base_grade, u1.grade) == ("优秀", "良好")
    assert u1.flags == ("head_not_eligible", "no_award")
    all_awards = group(grades=[{"name": "甲", "award": True}, {"name": "乙", "award": True}])
    all_awards["grading"] = {"method": "ratio", "ratio": [1, 1]}
    capped = run({"u1": 90, "u2": 80}, city_items=items, scheme={"groups": [all_awards]})
    assert capped.unit("u1").grade is None
    assert any("无等次" in line for line in capped.unit("u1").explain)


def test_two_city_items_last_also_require_public_explanation() -> None:
    items = [
        {"unit": "u2", "item": "项目一", "last": True},
        {"unit": "u2", "item": "项目二", "last": True},
        {"unit": "u3", "item": "项目一", "last": False},
    ]
    results = run({"u1": 90, "u2": 80, "u3": 70, "u4": 60}, city_items=items)
    assert results.unit("u2").flags == ("head_not_eligible", "no_award", "public_explanation")
    assert results.unit("u3").flags == ()


def test_last_place_and_consecutive_last_place() -> None:
    previous = [
        {"unit": "u3", "last_in_group": True},
        {"unit": "u1", "last_in_group": True},
    ]
    results = run({"u1": 90, "u2": 70, "u3": 70}, previous=previous)
    # u2 and u3 share the worst rank (2): both are last
    assert results.unit("u2").flags == ("admonishment", "public_explanation")
    assert results.unit("u3").flags == (
        "admonishment",
        "organizational_handling",
        "public_explanation",
    )
    assert results.unit("u1").flags == ()


def test_a_group_all_tied_has_no_last_place() -> None:
    results = run({"u1": 80, "u2": 80}, previous=[{"unit": "u1", "last_in_group": True}])
    assert all(u.flags == () for u in results.units)
    assert run({"u1": 10}).unit("u1").flags == ()


def test_key_project_bottom_includes_ties_at_the_edge() -> None:
    values = {"u1": 90, "u2": 80, "u3": 70, "u4": 70, "u5": 60}
    leaves = [manual_leaf(key_project=True)]
    results = run(values, scheme={"indicators": leaves, "key_project_bottom": 2})
    flagged = {u.unit for u in results.units if "key_project_bottom" in u.flags}
    assert flagged == {"u3", "u4", "u5"}


def test_bonus_is_capped_and_deductions_are_not() -> None:
    adjustments = [
        {"unit": "u1", "kind": "bonus", "points": 2, "reason": "创新奖（集体）"},
        {"unit": "u1", "kind": "bonus", "points": D("1.5"), "reason": "创新奖（个人）"},
        {"unit": "u2", "kind": "deduction", "points": 90, "reason": "明查暗访发现问题"},
    ]
    results = run({"u1": 99, "u2": 50}, adjustments=adjustments, scheme={"bonus_cap": 3})
    u1 = results.unit("u1")
    assert (u1.bonus, u1.total) == (D("3.00"), D("102.00"))
    assert any("超过上限3分" in line for line in u1.explain)
    u2 = results.unit("u2")
    assert (u2.deductions, u2.total) == (D("90.00"), D("0.00"))


def test_bonus_amounts() -> None:
    results = run(SEVEN, scheme={"groups": [group(bonus=BONUS)]})
    amounts = {u.unit: u.bonus_amount for u in results.units}
    assert amounts["u1"] == D("12000.00")  # 1000 × 10 × 1.2
    assert amounts["u3"] == D("10000.00")
    assert amounts["u7"] == D("8000.00")
    assert run(SEVEN).unit("u1").bonus_amount is None  # the group has no bonus setting
    no_coefficient = dict(BONUS, coefficients={"一等奖": 1})
    assert run(SEVEN, scheme={"groups": [group(bonus=no_coefficient)]}).unit("u3").bonus_amount == 0
    failing = run(
        {"u1": 90, "u2": 50},
        scheme={"groups": [dept_group("g", bonus={**BONUS, "coefficients": {"不达标": 1}})]},
    )
    assert failing.unit("u2").bonus_amount == D("0.00")
    assert "no_bonus" in failing.unit("u2").flags


def test_missing_scores_count_zero_and_make_results_provisional() -> None:
    components = [
        {"code": "indicators", "name": "指标考核", "weight": 80},
        {"code": "leaders", "name": "领导评价", "weight": 20},
    ]
    scheme = build_scheme(
        units=2,
        components=components,
        indicators=[manual_leaf(periods={"Q2": D("0.5"), "Q4": D("0.5")})],
    )
    scores = [
        {"unit": "u1", "indicator": "M", "period": "Q2", "scorer": "s", "value": 50},
        {"unit": "u1", "indicator": "M", "period": "Q4", "scorer": "s", "value": 50},
        {"unit": "u2", "indicator": "M", "period": "Q2", "scorer": "s", "value": 40},
    ]
    ratings = [{"unit": "u1", "component": "leaders", "value": 90}]
    data = build_data(scheme, scores=scores, ratings=ratings)
    annual = compute(scheme, data)
    assert annual.provisional is True
    assert annual.unit("u1").missing == ()
    u2 = annual.unit("u2")
    assert u2.missing == ("M@Q4", "leaders@annual")
    assert u2.components == {"indicators": D("40.00"), "leaders": D("0.00")}
    assert compute(scheme, data, "Q2").provisional is False
    q4 = compute(scheme, data, "Q4")
    assert (q4.provisional, q4.unit("u2").missing, q4.unit("u2").total) == (True, ("M@Q4",), 0)
    # The explanation names the indicator and the period in words, not `M@Q4`.
    words = "指标M 第四季度 尚未评分：按0分计，结果为暂定"
    assert words in q4.unit("u2").explain
    assert words in u2.explain
    assert "未录入领导评价：该项按0分计，结果为暂定" in u2.explain
    assert not any("M@Q4" in line for line in (*u2.explain, *q4.unit("u2").explain))
