"""Properties of the engine, checked with hypothesis on random small schemes."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.engine import compute, dump_results, ratio_quotas
from tests.engine.builders import build_data, build_scheme, dept_group, group, manual_leaf

D = Decimal
FAST = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
LEAVES = [
    manual_leaf("M", points=60, periods={"Q2": D("0.5"), "Q4": D("0.5")}, key_project=True),
    {"code": "R", "name": "R", "points": 30, "method": "ratio", "target": 100},
    {"code": "S", "name": "S", "points": 10, "method": "pass_fail", "binding": True},
]
COMPONENTS = [
    {"code": "indicators", "name": "指标考核", "weight": 80},
    {"code": "leaders", "name": "领导评价", "weight": 20},
]
CAP = D(3)

hundredths = st.integers(min_value=0, max_value=3000).map(lambda n: D(n) / 100)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, list[dict[str, object]], dict[str, list[object]]]:
    size = draw(st.integers(min_value=1, max_value=9))
    units = [
        {
            "code": f"u{i}",
            "name": f"单位{i}",
            "kind": draw(st.sampled_from(["town", "subdistrict", "department"])),
            "group": draw(st.sampled_from(["g", "d"])),
            "headcount": draw(st.integers(min_value=0, max_value=80)),
        }
        for i in range(size)
    ]
    scores: list[object] = []
    ratings: list[object] = []
    adjustments: list[object] = []
    for unit in units:
        code = unit["code"]
        for period in ("Q2", "Q4"):
            if draw(st.booleans()) or period == "Q4":
                scores.append(
                    {
                        "unit": code,
                        "indicator": "M",
                        "period": period,
                        "scorer": "a",
                        "value": draw(hundredths),
                    }
                )
        scores.append(
            {"unit": code, "indicator": "R", "period": "Q4", "actual": draw(hundredths) * 5}
        )
        scores.append({"unit": code, "indicator": "S", "period": "Q4", "met": draw(st.booleans())})
        ratings.append({"unit": code, "component": "leaders", "value": draw(hundredths) * 3})
        if draw(st.booleans()):
            adjustments.append(
                {"unit": code, "kind": "bonus", "points": draw(hundredths) / 5, "reason": "创新奖"}
            )
    return size, units, {"scores": scores, "ratings": ratings, "adjustments": adjustments}


def make(units: list[dict[str, object]], sections: dict[str, list[object]]) -> str:
    scheme = build_scheme(
        units=units,
        groups=[group("g"), dept_group("d")],
        indicators=LEAVES,
        components=COMPONENTS,
        bonus_cap=CAP,
        key_project_bottom=2,
    )
    return dump_results(compute(scheme, build_data(scheme, **sections)))


@FAST
@given(scenarios(), st.randoms(use_true_random=False))
def test_order_of_units_and_entries_never_changes_the_output(
    scenario: tuple[int, list[dict[str, object]], dict[str, list[object]]], rnd: random.Random
) -> None:
    _size, units, sections = scenario
    expected = make(units, sections)
    shuffled_units = rnd.sample(units, len(units))
    shuffled = {name: rnd.sample(entries, len(entries)) for name, entries in sections.items()}
    assert make(shuffled_units, shuffled) == expected


@FAST
@given(scenarios())
def test_totals_stay_within_zero_and_hundred_plus_bonus_cap(
    scenario: tuple[int, list[dict[str, object]], dict[str, list[object]]],
) -> None:
    _size, units, sections = scenario
    scheme = build_scheme(
        units=units,
        groups=[group("g"), dept_group("d")],
        indicators=LEAVES,
        components=COMPONENTS,
        bonus_cap=CAP,
    )
    results = compute(scheme, build_data(scheme, **sections))
    for unit in results.units:
        assert D(0) <= unit.total <= 100 + CAP


@FAST
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=15, unique=True))
def test_grade_counts_match_the_quotas_when_there_are_no_ties(points: list[int]) -> None:
    values = {f"u{i + 1}": D(p) / 100 for i, p in enumerate(points)}
    scheme = build_scheme(units=len(values))
    scores = [
        {"unit": u, "indicator": "M", "period": "Q4", "scorer": "s", "value": v}
        for u, v in values.items()
    ]
    results = compute(scheme, build_data(scheme, scores=scores))
    counts = [
        sum(1 for u in results.units if u.base_grade == name)
        for name in ("一等奖", "二等奖", "三等奖")
    ]
    assert counts == ratio_quotas(len(values), [D(3), D(5), D(2)])


@FAST
@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=12),
    st.data(),
)
def test_raising_one_units_score_never_lowers_its_rank(
    points: list[int], data: st.DataObject
) -> None:
    scheme = build_scheme(units=len(points))
    who = data.draw(st.integers(min_value=0, max_value=len(points) - 1))
    raise_by = data.draw(st.integers(min_value=1, max_value=10_000))

    def rank_of(values: list[int]) -> tuple[int, int]:
        scores = [
            {
                "unit": f"u{i + 1}",
                "indicator": "M",
                "period": "Q4",
                "scorer": "s",
                "value": D(v) / 100,
            }
            for i, v in enumerate(values)
        ]
        result = compute(scheme, build_data(scheme, scores=scores)).unit(f"u{who + 1}")
        return result.rank, result.overall_rank

    raised = list(points)
    raised[who] = min(10_000, raised[who] + raise_by)
    before, after = rank_of(points), rank_of(raised)
    assert after[0] <= before[0]
    assert after[1] <= before[1]


def test_results_are_independent_of_scheme_unit_order_in_quarters() -> None:
    scheme = build_scheme(units=5, indicators=LEAVES, components=COMPONENTS)
    scores = [
        {"unit": f"u{i}", "indicator": "M", "period": "Q2", "scorer": "a", "value": D(10 + i)}
        for i in range(1, 6)
    ]
    data = build_data(scheme, scores=scores)
    reversed_scheme = replace(scheme, units=tuple(reversed(scheme.units)))
    assert dump_results(compute(scheme, data, "Q2")) == dump_results(
        compute(reversed_scheme, data, "Q2")
    )
