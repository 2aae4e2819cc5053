"""Leader rating forms (领导评价表) over GraphQL: the office gives each leader their units, the
leader saves and submits, the matrix shows who has rated whom, and every refusal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from tests.factories import GraphQLClient, compute
from tests.scoring.entry.forms_support import (
    ASSIGN_SCOPE,
    FORM,
    MATRIX,
    REMIND,
    REOPEN,
    SAVE,
    SET_UNITS,
    Forms,
    component,
)
from tests.scoring.entry.support import Scorers


@pytest.fixture
def forms(jinfeng: Scorers, database: Database) -> Forms:
    made = Forms.build(jinfeng, GraphQLClient(database))
    added = made.call(ASSIGN_SCOPE, {}, made.office)
    assert added == {"count": 3, "errors": []}
    return made


def _cells(matrix: dict[str, object]) -> dict[tuple[str, str], str]:
    cells = matrix["cells"]
    assert isinstance(cells, list)
    return {(c["rater"], c["unitCode"]): c["stateLabel"] for c in cells}


def test_a_leader_rates_exactly_their_units_and_the_matrix_follows(forms: Forms) -> None:
    zhang, li = str(forms.zhang.username), str(forms.li.username)
    form = forms.call(FORM, {}, forms.zhang)
    assert form["componentName"] == "领导评价"
    assert [(x["unitName"], x["stateLabel"]) for x in form["lines"]] == [
        ("丰登镇", "未评"),
        ("良田镇", "未评"),
    ]
    saved = forms.save(forms.zhang, liangtian="95.5")
    assert saved["errors"] == []
    matrix = forms.call(MATRIX, {}, forms.office)
    assert _cells(matrix) == {
        (zhang, "fengdeng"): "未评",
        (zhang, "liangtian"): "草稿",
        (li, "fagaiju"): "未评",
    }
    assert {u["code"]: u["name"] for u in matrix["units"]}["fagaiju"] == "发展和改革局"
    assert {x["name"] for x in matrix["leaders"]} == {f"{zhang} 同志", f"{li} 同志"}
    assert forms.ratings_of(str(zhang)) == {}  # a draft is not a rating

    before = forms.inputs_seq()
    submitted = forms.save(forms.zhang, submit=True, fengdeng="88")
    assert submitted["errors"] == []
    assert submitted["form"]["submitted"]
    assert submitted["form"]["readOnly"]
    assert forms.ratings_of(str(zhang)) == {
        "liangtian": Decimal("95.5"),
        "fengdeng": Decimal("88"),
    }
    assert forms.inputs_seq() > before
    matrix = forms.call(MATRIX, {}, forms.office)
    assert _cells(matrix)[(zhang, "liangtian")] == "已评"
    assert _cells(matrix)[(zhang, "fengdeng")] == "已评"
    progress = {x["username"]: (x["rated"], x["total"], x["submitted"]) for x in matrix["leaders"]}
    assert progress == {zhang: (2, 2, True), li: (0, 1, False)}
    with forms.jinfeng.database.tenant_session(forms.jinfeng.tenant.id) as session:
        actions = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action).like("rating_form.%"))
        ).all()
    assert {"rating_form.assign_from_scope", "rating_form.save", "rating_form.submit"} <= set(
        actions
    )


def test_a_recompute_sees_the_submitted_values(forms: Forms) -> None:
    jinfeng = forms.jinfeng
    first = compute(jinfeng.database, jinfeng.tenant, "annual", forms.office).run
    # The example's imported 领导评价 of 良田镇: 96.56 and 94.69 (published to 2 places).
    assert component(jinfeng, first.id, "liangtian", "leaders") == Decimal("95.63")
    assert forms.save(forms.zhang, submit=True, liangtian="80", fengdeng="90")["errors"] == []
    second = compute(jinfeng.database, jinfeng.tenant, "annual", forms.office)
    assert second.created
    # (96.56 + 94.69 + 80) / 3 = 90.4166…
    assert component(jinfeng, second.run.id, "liangtian", "leaders") == Decimal("90.42")


def test_a_unit_not_on_the_form_is_refused(forms: Forms) -> None:
    refused = forms.save(forms.zhang, fagaiju="90")
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert "发展和改革局" in refused["errors"][0]["message"]
    assert forms.ratings_of(str(forms.zhang.username)) == {}


@pytest.mark.parametrize("value", ["100.01", "-1"])
def test_a_value_the_engine_would_refuse_is_refused(forms: Forms, value: str) -> None:
    refused = forms.save(forms.zhang, liangtian="90", fengdeng=value)
    assert refused["errors"][0]["code"] == "INVALID", refused
    assert "丰登镇" in refused["errors"][0]["message"]
    form = forms.call(FORM, {}, forms.zhang)
    assert {x["state"] for x in form["lines"]} == {"not_rated"}  # all or nothing


def test_a_value_that_is_no_number_is_refused_at_its_place(forms: Forms) -> None:
    """NaN is no figure: the Decimal argument refuses it, naming the entry (`[1].value`)."""
    wanted = [{"unitCode": "liangtian", "value": "90"}, {"unitCode": "fengdeng", "value": "NaN"}]
    error = forms.failure(SAVE, {"v": wanted, "submit": False}, forms.zhang)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION", error
    assert "[1].value" in error["message"], error
    assert "NaN" in error["message"], error
    form = forms.call(FORM, {}, forms.zhang)
    assert {x["state"] for x in form["lines"]} == {"not_rated"}  # all or nothing


def test_submitting_with_a_unit_left_blank_is_refused(forms: Forms) -> None:
    refused = forms.save(forms.zhang, submit=True, liangtian="90")
    assert refused["errors"][0]["code"] == "INVALID"
    assert "丰登镇" in refused["errors"][0]["message"]
    assert forms.ratings_of(str(forms.zhang.username)) == {}


def test_a_submitted_form_is_locked_until_the_office_returns_it(forms: Forms) -> None:
    assert forms.save(forms.zhang, submit=True, liangtian="90", fengdeng="91")["errors"] == []
    again = forms.save(forms.zhang, fengdeng="70")
    assert again["errors"][0]["code"] == "CONFLICT"
    reopened = forms.call(REOPEN, {"r": forms.zhang.username}, forms.office)
    assert reopened == {"count": 2, "errors": []}
    assert "领导评价表已退回" in forms.titles(forms.zhang)
    assert forms.save(forms.zhang, submit=True, fengdeng="70")["errors"] == []
    assert forms.ratings_of(str(forms.zhang.username))["fengdeng"] == Decimal("70")


def test_a_closed_period_makes_the_form_read_only(forms: Forms) -> None:
    forms.close("annual")
    form = forms.call(FORM, {}, forms.zhang)
    assert form["readOnly"]
    assert "关闭：年度评价结束" in form["readOnlyReason"]
    refused = forms.save(forms.zhang, liangtian="90")
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert refused["errors"][0]["field"] == "period"
    assert (
        forms.call(SET_UNITS, {"r": forms.li.username, "u": []}, forms.office)["errors"][0]["code"]
        == "CONFLICT"
    )


def test_the_office_edits_a_form_but_cannot_take_a_rated_unit_away(forms: Forms) -> None:
    li = str(forms.li.username)
    changed = forms.call(SET_UNITS, {"r": li, "u": ["fagaiju", "zhaoshangju"]}, forms.office)
    assert changed == {"count": 2, "errors": []}
    form = forms.call(FORM, {}, forms.li)
    assert [x["unitName"] for x in form["lines"]] == ["发展和改革局", "招商局"]
    assert "新的领导评价任务" in forms.titles(forms.li)
    assert forms.save(forms.li, submit=True, fagaiju="85", zhaoshangju="86")["errors"] == []
    refused = forms.call(SET_UNITS, {"r": li, "u": ["fagaiju"]}, forms.office)
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert "招商局" in refused["errors"][0]["message"]
    unknown = forms.call(SET_UNITS, {"r": "nobody-here", "u": ["fagaiju"]}, forms.office)
    assert unknown["errors"][0]["code"] == "NOT_FOUND"


def test_the_office_reminds_those_who_have_not_submitted(forms: Forms) -> None:
    assert forms.save(forms.zhang, submit=True, liangtian="90", fengdeng="91")["errors"] == []
    assert forms.call(REMIND, {}, forms.office) == {"count": 1, "errors": []}
    assert "请填写领导评价表" in forms.titles(forms.li)
    assert "请填写领导评价表" not in forms.titles(forms.zhang)


def test_leaders_and_units_cannot_manage_forms(forms: Forms) -> None:
    assert forms.failure(MATRIX, {}, forms.zhang)["extensions"]["code"] == "FORBIDDEN"
    refused = forms.gql.execute(
        SET_UNITS.replace("$s", "$s"),
        {"s": "jinfeng-2015", "r": forms.zhang.username, "u": ["fagaiju"]},
        subject=forms.zhang,
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_another_tenant_sees_and_changes_nothing(forms: Forms, intruder: Subject) -> None:
    assert forms.save(forms.zhang, liangtian="90")["errors"] == []
    assert forms.failure(MATRIX, {}, intruder)["extensions"]["code"] == "NOT_FOUND"
    assert forms.failure(FORM, {}, intruder)["extensions"]["code"] == "NOT_FOUND"
    changed = forms.call(SET_UNITS, {"r": forms.zhang.username, "u": []}, intruder)
    assert changed["errors"][0]["code"] == "NOT_FOUND"
    assert forms.call(REMIND, {}, intruder)["errors"][0]["code"] == "NOT_FOUND"
    saved = forms.save(intruder, liangtian="10")
    assert saved["errors"][0]["code"] == "NOT_FOUND"
    form = forms.call(FORM, {}, forms.zhang)
    assert {x["unitCode"]: x["value"] for x in form["lines"]} == {
        "fengdeng": None,
        "liangtian": "90",
    }


def test_a_leader_with_a_form_cannot_rate_around_it(forms: Forms) -> None:
    assert forms.save(forms.zhang, submit=True, liangtian="90", fengdeng="91")["errors"] == []
    direct = forms.call(
        """mutation($s: String!) { enterRatings(schemeCode: $s, componentCode: "leaders",
             entries: [{unitCode: "fengdeng", value: "60"}]) { saved errors { code message } } }""",
        {},
        forms.zhang,
    )
    assert direct["errors"][0]["code"] == "CONFLICT"
    assert "领导评价表" in direct["errors"][0]["message"]
    assert forms.ratings_of(str(forms.zhang.username))["fengdeng"] == Decimal("91")
