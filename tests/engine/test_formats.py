"""Parsing and validation of `jixiao.scheme/1` and `jixiao.data/1`, from files and mappings."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.engine import FormatError, Issue, IssueCode, Scheme, parse_data, parse_scheme
from jixiao.engine.formats import parse_text, read_document
from tests.engine.builders import (
    build_data,
    build_scheme,
    data_doc,
    dept_group,
    group,
    manual_leaf,
    scheme_doc,
)

D = Decimal


def issues_of(doc: dict[str, Any], scheme: Scheme | None = None) -> list[Issue]:
    if scheme is None:
        with pytest.raises(FormatError) as caught:
            parse_scheme(doc, "scheme.yaml")
    else:
        with pytest.raises(FormatError) as caught:
            parse_data(doc, scheme, "data.yaml")
    return list(caught.value.issues)


def paths(issues: list[Issue]) -> list[str]:
    return [issue.path for issue in issues]


def test_yaml_floats_are_exact_decimals(example_dir: Path) -> None:
    raw = read_document(example_dir / "data.yaml")
    assert isinstance(raw, dict)
    first = raw["scores"][0]
    assert first["actual"] == D("84.23")
    assert isinstance(first["actual"], Decimal)
    assert parse_text("a: 1_000.50\nb: 3\nc: .inf\n", "x.yaml") == {
        "a": D("1000.50"),
        "b": 3,
        "c": ".inf",
    }


def test_json_numbers_are_exact_decimals() -> None:
    assert parse_text('{"a": 84.23, "b": 2}', "x.json") == {"a": D("84.23"), "b": 2}
    with pytest.raises(FormatError) as caught:
        parse_text('{"a": NaN}', "x.json")
    assert caught.value.issues[0].code is IssueCode.SYNTAX


def test_issue_names_file_entry_and_problem() -> None:
    scheme = build_scheme(units=2)
    doc = data_doc(
        scores=[{"unit": "xx", "indicator": "M", "period": "Q4", "scorer": "s", "value": 1}]
    )
    [issue] = issues_of(doc, scheme)
    assert issue == Issue(
        "data.yaml",
        "scores[0].unit",
        '未知的考评对象代码 "xx"（方案中没有此单位）',
        IssueCode.UNKNOWN_CODE,
    )
    assert str(issue) == 'data.yaml: scores[0].unit: 未知的考评对象代码 "xx"（方案中没有此单位）'


def test_all_issues_of_a_scheme_are_reported_together() -> None:
    doc = scheme_doc(
        units=2,
        components=[{"code": "indicators", "name": "指标", "weight": 90}],
        groups=[group(grading={"method": "ratio", "ratio": [1, 1, 1, 1, 1]})],
        indicators=[manual_leaf(points=-1), manual_leaf("M", periods={"Q2": D("0.5")})],
    )
    found = paths(issues_of(doc))
    assert found == [
        "scheme.components",
        "scheme.groups[0].grading.ratio",
        "scheme.indicators[0].points",
        "scheme.indicators[1].code",
        "scheme.indicators[1].periods",
    ]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"key_project_bottom": -1}, "scheme.key_project_bottom", "不能为负数"),
        ({"bonus_cap": "五"}, "scheme.bonus_cap", "应为数字"),
        ({"periods": ["Q1", "Q1"]}, "scheme.periods[1]", "重复"),
        ({"periods": ["Q5"]}, "scheme.periods[0]", "未知的考评周期"),
        (
            {"groups": [dept_group("g", fail_grade=None)]},
            "scheme.groups[0].fail_grade",
            "fail_below",
        ),
        (
            {
                "groups": [
                    group(grading={"method": "threshold", "bands": [{"grade": "特等", "min": 90}]})
                ]
            },
            "scheme.groups[0].grading.bands[0].grade",
            "未知的等次",
        ),
        (
            {"groups": [dept_group("g", grading={"method": "ratio", "ratio": [1, 1, 1, 1]})]},
            "scheme.groups[0].grading.ratio",
            "覆盖了不达标等次",
        ),
        (
            {"groups": [group(grading={"method": "curve"})]},
            "scheme.groups[0].grading.method",
            "未知的评等方法",
        ),
        (
            {"indicators": [manual_leaf(applies_to={"groups": ["zz"]})]},
            "scheme.indicators[0].applies_to.groups[0]",
            "未知的考评分组代码",
        ),
        (
            {
                "indicators": [
                    {"code": "R", "name": "R", "points": 5, "method": "rank", "table": {0: 1}}
                ]
            },
            "scheme.indicators[0].table.0",
            "名次不能小于 1",
        ),
        (
            {
                "indicators": [
                    {"code": "R", "name": "R", "points": 5, "method": "rank", "table": {1: 2}}
                ]
            },
            "scheme.indicators[0].table.1",
            "不能大于 1",
        ),
        (
            {"indicators": [manual_leaf(target=3)]},
            "scheme.indicators[0].target",
            "不适用于 manual 方法",
        ),
        (
            {"indicators": [{"code": "B", "name": "B", "children": []}]},
            "scheme.indicators[0].children",
            "不能为空",
        ),
        ({"periods": ["Q1", "Q2"]}, "scheme.indicators[0].periods", "默认全部在 Q4"),
        (
            {
                "units": [
                    {"code": "u1", "name": "单位", "kind": "village", "group": "g", "headcount": 1}
                ]
            },
            "scheme.units[0].kind",
            "未知的单位类型",
        ),
    ],
)
def test_scheme_refusals(change: dict[str, Any], path: str, words: str) -> None:
    doc = scheme_doc(units=1)
    doc["scheme"].update(change)
    found = issues_of(doc)
    assert path in paths(found), found
    assert words in next(issue.message for issue in found if issue.path == path)


def test_scheme_mapping_round_trip_builds_the_tree() -> None:
    doc = scheme_doc(
        units=3,
        indicators=[
            {
                "code": "A",
                "name": "经济发展",
                "children": [
                    manual_leaf("A1", points=50, applies_to=["u1", "u2"]),
                    manual_leaf("A2", points=50, applies_to={"groups": ["g"], "units": []}),
                ],
            }
        ],
    )
    scheme = parse_scheme(doc)
    assert [leaf.code for leaf in scheme.leaves()] == ["A1", "A2"]
    assert scheme.leaves()[0].periods == {"Q4": D(1)}
    assert scheme.leaves()[0].applies_to.units == ("u1", "u2")


def test_binding_entries_must_say_whether_met() -> None:
    scheme = build_scheme(units=1, indicators=[manual_leaf(binding=True)])
    doc = data_doc(
        scores=[{"unit": "u1", "indicator": "M", "period": "Q4", "scorer": "s", "value": 5}]
    )
    [issue] = issues_of(doc, scheme)
    assert (issue.path, issue.code) == ("scores[0].met", IssueCode.MISSING_FIELD)
    ok = data_doc(
        scores=[
            {
                "unit": "u1",
                "indicator": "M",
                "period": "Q4",
                "scorer": "s",
                "value": 5,
                "met": False,
            }
        ]
    )
    assert parse_data(ok, scheme).scores[0].met is False


@pytest.mark.parametrize(
    ("section", "entry", "path", "words"),
    [
        (
            "ratings",
            {"unit": "u1", "component": "indicators", "value": 1},
            "ratings[0].component",
            "由 scores 计算",
        ),
        (
            "ratings",
            {"unit": "u1", "component": "leaders", "value": 101},
            "ratings[0].value",
            "不能大于 100",
        ),
        (
            "adjustments",
            {"unit": "u1", "kind": "gift", "points": 1, "reason": "x"},
            "adjustments[0].kind",
            "加减分类型",
        ),
        (
            "adjustments",
            {"unit": "u1", "kind": "bonus", "points": 1},
            "adjustments[0].reason",
            "缺少必填字段",
        ),
        (
            "city_items",
            {"unit": "u1", "item": "x", "last": "yes"},
            "city_items[0].last",
            "true 或 false",
        ),
        (
            "previous",
            {"unit": "u9", "last_in_group": True},
            "previous[0].unit",
            "未知的考评对象代码",
        ),
        (
            "scores",
            {
                "unit": "u1",
                "indicator": "M",
                "period": "Q4",
                "scorer": "s",
                "value": D("0.1") * 1001,
            },
            "scores[0].value",
            "不能大于 100",
        ),
        (
            "scores",
            {"unit": "u1", "indicator": "M", "period": "Q9", "scorer": "s", "value": 1},
            "scores[0].period",
            "方案没有考评周期",
        ),
        ("scores", [1, 2], "scores[0]", "应为映射"),
    ],
)
def test_data_refusals(section: str, entry: Any, path: str, words: str) -> None:
    components = [
        {"code": "indicators", "name": "指标考核", "weight": 80},
        {"code": "leaders", "name": "领导评价", "weight": 20},
    ]
    scheme = build_scheme(units=1, components=components)
    found = issues_of(data_doc(**{section: [entry]}), scheme)
    assert path in paths(found), found
    assert words in next(issue.message for issue in found if issue.path == path)


def test_data_for_another_scheme_stops_at_once() -> None:
    scheme = build_scheme(units=1)
    found = issues_of(data_doc("other", scores=[{"unit": "zz"}]), scheme)
    assert [(i.path, i.code) for i in found] == [("scheme", IssueCode.SCHEME_MISMATCH)]


def test_floats_in_a_mapping_are_refused() -> None:
    scheme = build_scheme(units=1)
    doc = data_doc(
        scores=[{"unit": "u1", "indicator": "M", "period": "Q4", "scorer": "s", "value": 1.5}]
    )
    [issue] = issues_of(doc, scheme)
    assert "浮点数" in issue.message


def test_valid_data_parses_to_typed_entries() -> None:
    scheme = build_scheme(units=2)
    data = build_data(
        scheme,
        scores=[
            {"unit": "u1", "indicator": "M", "period": "Q4", "scorer": "s", "value": D("12.5")}
        ],
        city_items=[{"unit": "u2", "item": "x", "last": True}],
    )
    assert data.scores[0].value == D("12.5")
    assert data.city_items[0].last is True
    assert json.dumps([s.unit for s in data.scores]) == '["u1"]'


@pytest.mark.parametrize(
    ("bad", "path", "words"),
    [
        ({"unit": "u2", "component": "leaders", "value": D("100.01")}, "value", "不能大于 100"),
        ({"unit": "u2", "component": "leaders", "value": -1}, "value", "不能为负数"),
        ({"unit": "u2", "component": "leaders", "value": True}, "value", "应为数字"),
        ({"unit": "u2", "component": "leaders", "value": "9"}, "value", "应为数字"),
        ({"unit": "u2", "component": "leaders", "value": D("NaN")}, "value", "有限的数字"),
        ({"unit": "u9", "component": "leaders", "value": 9}, "unit", "未知的考评对象代码"),
        ({"unit": ["u2"], "component": "leaders", "value": 9}, "unit", "应为文本"),
        ({"unit": "u2", "component": "public", "value": 9}, "component", "方案中没有此构成"),
        ({"unit": "u2", "component": "leaders", "value": 9, "by": "x"}, "by", "未知的字段"),
        ({"unit": "u2", "component": "leaders"}, "value", "缺少必填字段"),
    ],
)
def test_one_bad_rating_among_good_ones_is_named(
    bad: dict[str, Any], path: str, words: str
) -> None:
    # Well-formed ratings take a quick path; the first doubtful one sends the whole section
    # through the checks that name it.
    components = [
        {"code": "indicators", "name": "指标考核", "weight": 80},
        {"code": "leaders", "name": "领导评价", "weight": 20},
    ]
    scheme = build_scheme(units=2, components=components)
    good = [{"unit": f"u{n % 2 + 1}", "component": "leaders", "value": n} for n in range(50)]
    found = issues_of(data_doc(ratings=[*good, bad]), scheme)
    assert {issue.path for issue in found} == {f"ratings[50].{path}"}, found
    assert words in found[0].message


def test_well_formed_ratings_read_as_exact_decimals_of_the_schemes_units() -> None:
    components = [
        {"code": "indicators", "name": "指标考核", "weight": 80},
        {"code": "leaders", "name": "领导评价", "weight": 20},
    ]
    scheme = build_scheme(units=2, components=components)
    entered = [
        {"unit": "u1", "component": "leaders", "value": 100},
        {"unit": "u2", "component": "leaders", "value": D("0")},
        {"unit": "u1", "component": "leaders", "value": D("99.995")},
    ]
    data = parse_data(data_doc(ratings=entered), scheme)
    assert [(r.unit, r.component, r.value) for r in data.ratings] == [
        ("u1", "leaders", D(100)),
        ("u2", "leaders", D(0)),
        ("u1", "leaders", D("99.995")),
    ]
    assert all(type(r.value) is Decimal for r in data.ratings)
    codes = {unit.code: unit.code for unit in scheme.units}
    assert all(r.unit is codes[r.unit] for r in data.ratings)
