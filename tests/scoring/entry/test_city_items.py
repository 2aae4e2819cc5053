"""City items (三区末位) and last year's outcomes (连续末位) entered through GraphQL: the engine's
own checks, the office's permission, closed schemes, the audit, the inputs revision, the
penalty in a computed result, and another tenant kept out."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from jixiao.audit.search import AuditFilter, search
from jixiao.platform.auth import Subject
from jixiao.schemes import lifecycle, service
from jixiao.schemes.models import Scheme
from jixiao.scoring.models import CityItem
from jixiao.scoring.runs.models import ResultUnit
from tests.factories import GraphQLClient, compute, everything, tenant_user
from tests.scoring.entry.support import Scorers

SCHEME = "jinfeng-2015"
ITEMS = """query($scheme: String!) { schemeCityItems(schemeCode: $scheme) {
  id unitCode unitName item last } }"""
SET_ITEMS = """mutation($scheme: String!, $items: [CityItemInput!]!) {
  setCityItems(schemeCode: $scheme, items: $items) {
    items { id unitCode unitName item last } errors { code field message } } }"""
REMOVE_ITEM = """mutation($id: ID!) { removeCityItem(id: $id) {
  items { unitCode item } errors { code field message } } }"""
OUTCOMES = """query($scheme: String!) { schemePreviousOutcomes(schemeCode: $scheme) {
  id unitCode unitName lastInGroup } }"""
SET_OUTCOMES = """mutation($scheme: String!, $outcomes: [PreviousOutcomeInput!]!) {
  setPreviousOutcomes(schemeCode: $scheme, outcomes: $outcomes) {
    outcomes { id unitCode unitName lastInGroup } errors { code field message } } }"""
REMOVE_OUTCOME = """mutation($id: ID!) { removePreviousOutcome(id: $id) {
  outcomes { unitCode } errors { code field message } } }"""
CLOSE_YEAR = """mutation($r: String!) { closePeriod(schemeCode: "jinfeng-2015", period: "annual",
  reason: $r) { errors { code message field } } }"""

# The example's five city items, as imported.
EXAMPLE_ITEMS = [
    {"unitCode": code, "item": "银川市考评指标1", "last": last}
    for code, last in (
        ("wentiju", True),
        ("minzhengju", True),
        ("shichangju", True),
        ("fagaiju", False),
        ("zhujianju", True),
    )
]


def _office(jinfeng: Scorers) -> Subject:
    return everything(jinfeng.tenant, name="考评办 王主任")


def _set(gql: GraphQLClient, who: Subject, items: list[dict[str, Any]]) -> dict[str, Any]:
    body = gql.execute(SET_ITEMS, {"scheme": SCHEME, "items": items}, subject=who)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["setCityItems"]
    return payload


def _items(gql: GraphQLClient, who: Subject) -> list[dict[str, Any]]:
    body = gql.execute(ITEMS, {"scheme": SCHEME}, subject=who)
    assert "errors" not in body, body
    found: list[dict[str, Any]] = body["data"]["schemeCityItems"]
    return found


def _annual(jinfeng: Scorers, unit: str) -> ResultUnit:
    run = compute(jinfeng.database, jinfeng.tenant, "annual", _office(jinfeng)).run
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return session.exec(
            select(ResultUnit).where(ResultUnit.run_id == run.id, ResultUnit.unit_code == unit)
        ).one()


def _inputs_seq(jinfeng: Scorers) -> int:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return session.exec(select(Scheme.inputs_seq).where(Scheme.code == SCHEME)).one()


def test_a_city_item_entered_in_the_portal_brings_the_penalty(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    office = _office(jinfeng)
    shown = _items(gql, office)
    assert [(i["unitCode"], i["unitName"], i["last"]) for i in shown][:2] == [
        ("wentiju", "文化体育局", True),
        ("minzhengju", "民政局", True),
    ]
    before = _annual(jinfeng, "caizhengju")
    assert (before.grade, before.flags) == ("优秀", [])
    seq = _inputs_seq(jinfeng)

    new = {"unitCode": "caizhengju", "item": " 地区生产总值增速 ", "last": True}
    payload = _set(gql, office, [*EXAMPLE_ITEMS, new])
    assert payload["errors"] == []
    assert payload["items"][-1] | {"id": ""} == {
        "id": "",
        "unitCode": "caizhengju",
        "unitName": "财政局",
        "item": "地区生产总值增速",
        "last": True,
    }
    assert _inputs_seq(jinfeng) == seq + 1

    after = _annual(jinfeng, "caizhengju")
    assert "no_award" in after.flags
    assert "head_not_eligible" in after.flags
    assert after.grade == "良好"  # 优秀 is an award grade: the best non-award grade instead
    assert "市级考评项目“地区生产总值增速”三区排名末位：取消评优资格，主要负责人不得评先" in (
        after.explain
    )
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        events = search(session, AuditFilter(action="scheme.city_items.set"), first=5).items
        assert events
        assert events[0].after is not None
        assert json.loads(events[0].after)["entries"][-1] == {
            "unit": "caizhengju",
            "item": "地区生产总值增速",
            "last": True,
        }

    # Removing it (by its id) lifts the penalty again.
    removed = gql.execute(REMOVE_ITEM, {"id": payload["items"][-1]["id"]}, subject=office)
    assert removed["data"]["removeCityItem"]["errors"] == []
    assert len(removed["data"]["removeCityItem"]["items"]) == 5
    assert _annual(jinfeng, "caizhengju").flags == []


def test_refused_entries_name_the_row_and_change_nothing(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    office = _office(jinfeng)
    before = _items(gql, office)
    bad_unit = _set(gql, office, [{"unitCode": "no-such-unit", "item": "项目", "last": True}])
    assert bad_unit["errors"] == [
        {
            "code": "INVALID",
            "field": "items[0].unitCode",
            "message": '第 1 行：未知的考评对象代码 "no-such-unit"（方案中没有此单位）',
        }
    ]
    twice = [
        {"unitCode": "fagaiju", "item": "项目甲", "last": True},
        {"unitCode": "fagaiju", "item": "项目甲", "last": False},
        {"unitCode": "fagaiju", "item": "   ", "last": False},
    ]
    duplicate = _set(gql, office, twice)["errors"]
    assert [(e["field"], e["message"]) for e in duplicate] == [
        ("items[1]", "第 2 行：与 第 1 行 重复：单位 fagaiju 的项目“项目甲”只能有一条"),
        ("items[2].item", "第 3 行：不能为空"),
    ]
    too_long = _set(gql, office, [{"unitCode": "fagaiju", "item": "长" * 201, "last": True}])
    assert too_long["errors"][0]["field"] == "items[0].item"
    assert _items(gql, office) == before

    reader = tenant_user(jinfeng.tenant, "scheme:read")
    refused = gql.execute(SET_ITEMS, {"scheme": SCHEME, "items": []}, subject=reader)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert _items(gql, reader) == before  # a reader reads them

    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scheme = service.get_scheme(session, SCHEME)
        lifecycle.approve(session, scheme, actor=office)
        lifecycle.publish(session, scheme, actor=office)
        session.commit()
    assert _set(gql, office, EXAMPLE_ITEMS[:1])["errors"] == []  # published: still entered
    close_year = gql.execute(CLOSE_YEAR, {"r": "全年考评已结束"}, subject=office)
    assert close_year["data"]["closePeriod"]["errors"] == []
    year_closed = _set(gql, office, EXAMPLE_ITEMS)["errors"]
    assert (year_closed[0]["code"], year_closed[0]["field"]) == ("CONFLICT", "period")
    reopen = gql.execute(
        CLOSE_YEAR.replace("closePeriod", "reopenPeriod"), {"r": "补录"}, subject=office
    )
    assert reopen["data"]["reopenPeriod"]["errors"] == []
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        lifecycle.close(session, service.get_scheme(session, SCHEME), actor=office)
        session.commit()
    closed = _set(gql, office, EXAMPLE_ITEMS)["errors"]
    assert closed[0]["code"] == "CONFLICT"
    assert "已关闭" in closed[0]["message"]
    item_id = _items(gql, office)[0]["id"]
    gone = gql.execute(REMOVE_ITEM, {"id": item_id}, subject=office)["data"]["removeCityItem"]
    assert gone["errors"][0]["code"] == "CONFLICT"
    assert len(_items(gql, office)) == 1


def test_previous_outcomes_set_and_removed(gql: GraphQLClient, jinfeng: Scorers) -> None:
    office = _office(jinfeng)
    shown = gql.execute(OUTCOMES, {"scheme": SCHEME}, subject=office)["data"]
    assert [o["unitCode"] for o in shown["schemePreviousOutcomes"]] == [
        "weijiju",
        "caizhengju",
        "zhujianju",
        "shanghaixilu",
    ]
    outcomes = [
        {"unitCode": "huanghedonglu", "lastInGroup": True},
        {"unitCode": "liangtian", "lastInGroup": False},
    ]
    body = gql.execute(SET_OUTCOMES, {"scheme": SCHEME, "outcomes": outcomes}, subject=office)
    payload = body["data"]["setPreviousOutcomes"]
    assert payload["errors"] == []
    assert [(o["unitName"], o["lastInGroup"]) for o in payload["outcomes"]] == [
        ("黄河东路街道", True),
        ("良田镇", False),
    ]
    twice = [outcomes[0], {"unitCode": "huanghedonglu", "lastInGroup": False}]
    body = gql.execute(SET_OUTCOMES, {"scheme": SCHEME, "outcomes": twice}, subject=office)
    assert body["data"]["setPreviousOutcomes"]["errors"] == [
        {
            "code": "INVALID",
            "field": "outcomes[1]",
            "message": "第 2 行：与 第 1 行 重复：单位 huanghedonglu 只能有一条",
        }
    ]
    # The consecutive-last rule reads it: 黄河东路 is last in its group this year too.
    result = _annual(jinfeng, "huanghedonglu")
    assert "organizational_handling" in result.flags
    removed = gql.execute(REMOVE_OUTCOME, {"id": payload["outcomes"][0]["id"]}, subject=office)
    assert removed["data"]["removePreviousOutcome"]["outcomes"] == [{"unitCode": "liangtian"}]
    assert "organizational_handling" not in _annual(jinfeng, "huanghedonglu").flags


def test_another_tenant_neither_reads_nor_changes_them(
    gql: GraphQLClient, jinfeng: Scorers, intruder: Subject
) -> None:
    office = _office(jinfeng)
    before = _items(gql, office)
    read = gql.execute(ITEMS, {"scheme": SCHEME}, subject=intruder)
    assert read["data"] is None or read["data"]["schemeCityItems"] == []
    assert "errors" in read
    assert read["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    changed = gql.execute(SET_ITEMS, {"scheme": SCHEME, "items": []}, subject=intruder)
    assert changed["data"]["setCityItems"]["errors"][0]["code"] == "NOT_FOUND"
    removed = gql.execute(REMOVE_ITEM, {"id": before[0]["id"]}, subject=intruder)
    assert removed["data"]["removeCityItem"]["errors"][0]["code"] == "NOT_FOUND"
    outcomes = gql.execute(OUTCOMES, {"scheme": SCHEME}, subject=office)["data"]
    victim = outcomes["schemePreviousOutcomes"][0]["id"]
    gone = gql.execute(REMOVE_OUTCOME, {"id": victim}, subject=intruder)
    assert gone["data"]["removePreviousOutcome"]["errors"][0]["code"] == "NOT_FOUND"
    assert _items(gql, office) == before
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        assert len(session.exec(select(CityItem)).all()) == 5
