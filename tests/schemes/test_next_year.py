"""A new year from last year's scheme: what a copy brings (rules, groups, members, assignments,
never data), and last year's last places filled from last year's published annual result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import select

from jixiao.assignments import service as assignments
from jixiao.assignments.models import Assignment
from jixiao.org.models import Unit, UnitKind
from jixiao.org.service import UnitFields, create_units
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.models import CityItem, PreviousOutcome, Score
from tests.factories import GraphQLClient, compute, everything, publish
from tests.schemes.conftest import World, ok

COPY = """mutation($source: String!, $input: SchemeSettingsInput!) {
  copyScheme(sourceCode: $source, input: $input) {
    scheme { code name year status source copiedFromCode units { unit { code } groupCode headcount } }
    errors { code field message } } }"""
OUTCOMES = """query($scheme: String!) { schemePreviousOutcomes(schemeCode: $scheme) {
  unitCode unitName lastInGroup } }"""
FILL = """mutation($scheme: String!, $source: String) {
  fillPreviousOutcomes(schemeCode: $scheme, sourceCode: $source) {
    outcomes { unitCode lastInGroup } sourceCode errors { code field message } } }"""
SET_UNITS = """mutation($code: String!, $units: [MemberInput!]!) {
  setSchemeUnits(code: $code, units: $units) { errors { code field message } } }"""
MEMBERS = """query($code: String!) { scheme(code: $code) {
  units { unit { code } groupCode headcount } } }"""
# Last in their group in the example's annual result (DOMAIN.md 4.6 step 5).
LAST_2015 = {"huanghedonglu", "nongmuju", "renshiju", "huanbaoju"}


def _settings(code: str, year: int) -> dict[str, Any]:
    return {"code": code, "name": f"{year}年度绩效考评方案", "year": year}


def _copy(gql: GraphQLClient, world: World, code: str, year: int) -> dict[str, Any]:
    data = ok(gql, COPY, world.office, source="jinfeng-2015", input=_settings(code, year))
    scheme: dict[str, Any] = data["copyScheme"]["scheme"]
    return scheme


def _outcomes(gql: GraphQLClient, world: World, code: str) -> dict[str, bool]:
    rows = ok(gql, OUTCOMES, world.office, scheme=code)["schemePreviousOutcomes"]
    return {row["unitCode"]: row["lastInGroup"] for row in rows}


def _publish_annual(world: World) -> None:
    actor = everything(world.tenant)
    run = compute(world.database, world.tenant, "annual", actor).run
    publish(world.database, world.tenant, run.id, actor)


def test_a_copy_brings_the_rules_members_and_assignments_never_data(
    gql: GraphQLClient, imported: World
) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        leaf = session.exec(select(Indicator).where(Indicator.code == "A1")).one()
        unit = session.exec(select(Unit).where(Unit.code == "liangtian")).one()
        draft = assignments.AssignmentDraft(
            target_value=Decimal("98.5"),
            target_text="全年完成 98.5%",
            deadline=date(2016, 2, 29),
            milestones=[assignments.Milestone("Q2", "过半", Decimal(50))],
        )
        assignments.assign_one(session, leaf, unit.id, draft, imported.office)
        session.commit()

    scheme = _copy(gql, imported, "jinfeng-2016", 2016)
    assert (scheme["status"], scheme["source"], scheme["copiedFromCode"]) == (
        "DRAFT",
        "复制自 jinfeng-2015",
        "jinfeng-2015",
    )
    assert len(scheme["units"]) == 24
    assert {"unit": {"code": "liangtian"}, "groupCode": "towns", "headcount": 76} in scheme["units"]
    with imported.database.tenant_session(imported.tenant.id) as session:
        copy = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2016")).one()
        source = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2015")).one()
        assert copy.copied_from_id == source.id
        task = session.exec(select(Assignment).where(Assignment.scheme_id == copy.id)).one()
        copied_leaf = session.get(Indicator, (copy.tenant_id, task.indicator_id))
        assert copied_leaf is not None
        assert copied_leaf.scheme_id == copy.id
        assert copied_leaf.code == "A1"
        assert (task.unit_id, task.target_value, task.target_text) == (
            unit.id,
            Decimal("98.5"),
            "全年完成 98.5%",
        )
        assert task.deadline == date(2017, 2, 28)  # a year later (2017 has no 29 February)
        assert task.milestones == {"Q2": {"text": "过半", "value": "50"}}
        assert task.scorers == copied_leaf.scorers
        for model in (Score, CityItem, PreviousOutcome):
            rows = session.exec(select(model).where(model.scheme_id == copy.id)).all()
            assert rows == [], model
    # Nothing published last year: no outcome is made up.
    assert _outcomes(gql, imported, "jinfeng-2016") == {}


def test_last_year_last_places_come_from_the_published_annual_result(
    gql: GraphQLClient, imported: World
) -> None:
    _publish_annual(imported)
    _copy(gql, imported, "jinfeng-2016", 2016)
    outcomes = _outcomes(gql, imported, "jinfeng-2016")
    assert len(outcomes) == 24
    assert {code for code, last in outcomes.items() if last} == LAST_2015

    # A unit joining this year was not in last year's result: it gets none.
    with imported.database.tenant_session(imported.tenant.id) as session:
        new = UnitFields("xinqu", "新区管委会", UnitKind.DEPARTMENT, 30)
        create_units(session, [new], actor=imported.office)
        session.commit()
    current = ok(gql, MEMBERS, imported.office, code="jinfeng-2016")
    units = [
        {"unitCode": m["unit"]["code"], "groupCode": m["groupCode"], "headcount": m["headcount"]}
        for m in current["scheme"]["units"]
        if m["unit"]["code"] != "huanbaoju"
    ]
    units.append({"unitCode": "xinqu", "groupCode": "admin", "headcount": 30})
    ok(gql, SET_UNITS, imported.office, code="jinfeng-2016", units=units)
    kept = _outcomes(gql, imported, "jinfeng-2016")  # a unit leaving takes its outcome along
    assert (len(kept), "huanbaoju" in kept) == (23, False)
    filled = ok(gql, FILL, imported.office, scheme="jinfeng-2016", source=None)
    payload = filled["fillPreviousOutcomes"]
    assert payload["sourceCode"] == "jinfeng-2015"
    again = {row["unitCode"]: row["lastInGroup"] for row in payload["outcomes"]}
    assert "xinqu" not in again
    assert "huanbaoju" not in again
    assert {code for code, last in again.items() if last} == LAST_2015 - {"huanbaoju"}


def test_filling_needs_a_published_result_of_another_scheme(
    gql: GraphQLClient, imported: World
) -> None:
    def errors(scheme: str, source: str | None) -> list[dict[str, Any]]:
        body = gql.execute(FILL, {"scheme": scheme, "source": source}, subject=imported.office)
        found: list[dict[str, Any]] = body["data"]["fillPreviousOutcomes"]["errors"]
        return found

    assert errors("jinfeng-2015", None) == [
        {
            "code": "INVALID",
            "field": "sourceCode",
            "message": "本方案不是复制上年方案而来，请选择上年方案",
        }
    ]
    assert errors("jinfeng-2015", "jinfeng-2015")[0]["message"] == "不能从本方案自身填入上年结果"
    _copy(gql, imported, "jinfeng-2016", 2016)
    unpublished = errors("jinfeng-2016", None)
    assert unpublished[0]["message"] == (
        "方案「金凤区2015年绩效考评方案」的年度结果尚未公布，无法填入上年结果"
    )
    _publish_annual(imported)
    assert errors("jinfeng-2016", None) == []
    assert sum(_outcomes(gql, imported, "jinfeng-2016").values()) == len(LAST_2015)


VALIDITY = """query($code: String!) { scheme(code: $code) { valid issues { path message } } }"""


def test_a_unit_leaving_leaves_the_indicators_that_name_it_and_the_scheme_stays_valid(
    gql: GraphQLClient, imported: World
) -> None:
    _copy(gql, imported, "jinfeng-2016", 2016)
    current = ok(gql, MEMBERS, imported.office, code="jinfeng-2016")
    units = [
        {"unitCode": m["unit"]["code"], "groupCode": m["groupCode"], "headcount": m["headcount"]}
        for m in current["scheme"]["units"]
        if m["unit"]["code"] != "huanghedonglu"  # a leaf names the seven towns
    ]
    ok(gql, SET_UNITS, imported.office, code="jinfeng-2016", units=units)

    state = ok(gql, VALIDITY, imported.office, code="jinfeng-2016")["scheme"]
    assert state["valid"] is True, state["issues"]
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2016")).one()
        named = session.exec(select(Indicator).where(Indicator.scheme_id == scheme.id)).all()
        assert not [i.code for i in named if "huanghedonglu" in i.applies_units]
        assert [i.code for i in named if "beijingzhonglu" in i.applies_units]  # the others stay


def test_a_unit_cannot_leave_while_an_indicator_applies_to_it_alone(
    gql: GraphQLClient, imported: World
) -> None:
    _copy(gql, imported, "jinfeng-2016", 2016)
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2016")).one()
        leaf = session.exec(
            select(Indicator).where(Indicator.scheme_id == scheme.id, Indicator.code == "A1")
        ).one()
        leaf.applies_all, leaf.applies_groups, leaf.applies_units = False, [], ["liangtian"]
        session.add(leaf)
        session.commit()
    current = ok(gql, MEMBERS, imported.office, code="jinfeng-2016")
    units = [
        {"unitCode": m["unit"]["code"], "groupCode": m["groupCode"], "headcount": m["headcount"]}
        for m in current["scheme"]["units"]
        if m["unit"]["code"] != "liangtian"
    ]
    answer = gql.execute(
        SET_UNITS, {"code": "jinfeng-2016", "units": units}, subject=imported.office
    )
    errors = answer["data"]["setSchemeUnits"]["errors"]
    assert errors[0]["field"] == "members"
    assert "只适用于良田镇" in errors[0]["message"]
    after = ok(gql, MEMBERS, imported.office, code="jinfeng-2016")["scheme"]["units"]
    assert "liangtian" in {m["unit"]["code"] for m in after}  # nothing changed
