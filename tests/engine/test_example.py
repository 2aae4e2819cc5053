"""Given the Jinfeng 2015 example, the engine reproduces the published expected results."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from jixiao.engine import Data, Scheme, compute, dump_results, results_to_dict

KEYS = [
    "unit",
    "group",
    "components",
    "bonus",
    "deductions",
    "total",
    "rank",
    "overall_rank",
    "base_grade",
    "grade",
    "flags",
    "bonus_amount",
    "missing",
    "explain",
]


@pytest.mark.parametrize("period", ["Q1", "Q2", "Q4", "annual"])
def test_example_matches_expected_results(
    period: str, example_scheme: Scheme, example_data: Data, example_dir: Path
) -> None:
    expected_text = (example_dir / f"results.{period}.json").read_text(encoding="utf-8")
    produced = json.loads(dump_results(compute(example_scheme, example_data, period)))
    for unit in produced["units"]:
        assert unit.pop("explain") is not None
    assert produced == json.loads(expected_text)
    # byte for byte too, apart from the explanations the expected files leave out
    assert json.dumps(produced, indent=2, ensure_ascii=False) + "\n" == expected_text


def test_example_q3_is_well_formed(example_scheme: Scheme, example_data: Data) -> None:
    document = results_to_dict(compute(example_scheme, example_data, "Q3"))
    assert list(document) == ["format", "scheme", "period", "provisional", "units"]
    assert (document["format"], document["scheme"], document["period"]) == (
        "jixiao.results/1",
        "jinfeng-2015",
        "Q3",
    )
    assert document["provisional"] is False
    units = document["units"]
    assert sorted(u["unit"] for u in units) == sorted(u.code for u in example_scheme.units)
    groups = [g.code for g in example_scheme.groups]
    for unit in units:
        assert list(unit) == KEYS
        assert list(unit["components"]) == ["indicators"]
        assert unit["total"] == unit["components"]["indicators"]
        assert 0 <= float(unit["total"]) <= 100
        assert unit["total"].count(".") == 1
        assert len(unit["total"].split(".")[1]) == 2
        for key in ("bonus", "deductions", "base_grade", "grade", "bonus_amount"):
            assert unit[key] is None
        assert unit["flags"] == []
        assert unit["missing"] == []
    order = [(groups.index(u["group"]), u["rank"], u["unit"]) for u in units]
    assert order == sorted(order)
    for code in groups:
        members = [u for u in units if u["group"] == code]
        totals = [u["total"] for u in members]
        assert [u["rank"] for u in members] == [
            1 + sum(float(t) > float(u["total"]) for t in totals) for u in members
        ]


def test_example_explains_every_flag_and_grade_change(
    example_scheme: Scheme, example_data: Data
) -> None:
    results = compute(example_scheme, example_data)
    fengdeng = results.unit("fengdeng")
    text = "\n".join(fengdeng.explain)
    assert "约束性指标计划生育未完成" in text
    assert "约束性指标安全生产未完成" in text
    assert "二等奖 → 三等奖" in text
    assert "三等奖 → 无" in text
    minzhengju = "\n".join(results.unit("minzhengju").explain)
    assert "银川市考评指标1" in minzhengju
    assert "优秀 → 良好" in minzhengju
    for unit in results.units:
        assert unit.explain, unit.unit
        if unit.flags:
            assert len(unit.explain) >= 2


def test_breakdown_drills_down_to_indicator_and_period(
    example_scheme: Scheme, example_data: Data
) -> None:
    results = compute(example_scheme, example_data)
    lines = results.breakdown("fengdeng")
    s2 = [line for line in lines if line.indicator == "S2"]
    assert [(line.period, line.status.value, line.score) for line in s2] == [
        ("Q2", "binding_failed", 0),
        ("Q4", "binding_failed", 0),
    ]
    assert s2[0].raw_score == s2[0].available == 2.5
    # the breakdown adds up to the published indicators component
    score = sum(line.score for line in lines)
    available = sum(line.available for line in lines)
    assert (
        f"{100 * score / available:.2f}" == f"{results.unit('fengdeng').components['indicators']}"
    )
    quarter = compute(example_scheme, example_data, "Q2").breakdown("fengdeng")
    assert {line.period for line in quarter} == {"Q2"}


@pytest.mark.parametrize("period", ["Q2", "annual"])
def test_results_text_is_what_json_writes(
    period: str, example_scheme: Scheme, example_data: Data
) -> None:
    results = compute(example_scheme, example_data, period)
    document = results_to_dict(results)
    assert dump_results(results) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_results_text_with_a_lone_surrogate_goes_the_json_way(
    example_scheme: Scheme, example_data: Data
) -> None:
    results = compute(example_scheme, example_data, "Q2")
    odd = dataclasses.replace(results, scheme="x\ud800\x01\u2028")
    document = results_to_dict(odd)
    assert dump_results(odd) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
