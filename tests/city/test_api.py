"""The city's rankings and comparison over GraphQL: the office enters (problems at their
fields), exports and imports the workbook, publishes; the district reads what arrived and maps
it; the leadership compares; each field refuses who lacks its permission or is not concerned."""

from __future__ import annotations

import base64
from typing import Any

from tests.city.conftest import Cities
from tests.factories import GraphQLClient, as_role, compute, publish

RANKING = """query($y: Int!) { cityRanking(year: $y) { year districts { code name }
  items { item ranks { tenantCode tenantName rank last } }
  publishedAt publishedBy unpublishedChanges } }"""
SET = """mutation($y: Int!, $items: [CityRankingItemInput!]!) {
  setCityRanking(year: $y, items: $items) {
    ranking { items { item ranks { tenantName rank last } } unpublishedChanges }
    errors { code field message } } }"""
EXPORT = """mutation($y: Int!) { exportCityRankingWorkbook(year: $y) {
  file { fileName base64 rowCount } errors { message } } }"""
IMPORT = """mutation($y: Int!, $c: String!) { importCityRankingWorkbook(year: $y, content: $c) {
  ranking { items { item } } problems errors { code message } } }"""
PUBLISH = """mutation($y: Int!) { publishCityRanking(year: $y) {
  publishedAt items districts ranking { unpublishedChanges } errors { code message } } }"""
RECEIVED = """query($s: String!) { receivedCityItems(schemeCode: $s) {
  item rank ranked last fromName publishedAt publishedBy units { code name } } }"""
MAP = """mutation($s: String!, $i: String!, $u: [String!]!) {
  setReceivedCityItemUnits(schemeCode: $s, item: $i, unitCodes: $u) {
    item { item last units { code name } } errors { code field message } } }"""
COMPARE = """query($y: Int!) { districtComparison(year: $y) {
  name sharing schemeName publishedAt average grades { grade count }
  units { name groupName total rank grade } } }"""
SHARE = """mutation { updateTenantSetting(key: "share_results_with_parent", value: "on") {
  errors { message } } }"""


def _ok(body: dict[str, Any], field: str) -> Any:
    assert "errors" not in body, body
    return body["data"][field]


def _items(cities: Cities) -> list[dict[str, Any]]:
    return [
        {
            "item": "地区生产总值增速",
            "ranks": [
                {"tenantCode": cities.jinfeng.code, "rank": 3},
                {"tenantCode": cities.xixia.code, "rank": 1},
                {"tenantCode": cities.xingqing.code, "rank": 2},
            ],
        }
    ]


def test_the_city_enters_publishes_and_the_district_maps(
    gql: GraphQLClient, cities: Cities
) -> None:
    office = cities.city_office
    bad = [
        {
            "item": "",
            "ranks": [
                {"tenantCode": cities.dawukou.code, "rank": 1},
                {"tenantCode": cities.jinfeng.code, "rank": 3},
            ],
        },
        {"item": "招商引资", "ranks": [{"tenantCode": cities.xixia.code, "rank": 1}]},
    ]
    refused = _ok(gql.execute(SET, {"y": 2015, "items": bad}, subject=office), "setCityRanking")
    assert refused["ranking"] is None
    assert {e["field"] for e in refused["errors"]} == {
        "items[0].item",
        "items[0].ranks[0].tenantCode",
        "items[0].ranks[1].rank",
        "items[1].ranks",
    }

    done = _ok(
        gql.execute(SET, {"y": 2015, "items": _items(cities)}, subject=office), "setCityRanking"
    )
    assert done["ranking"]["items"][0]["ranks"] == [
        {"tenantName": "西夏区", "rank": 1, "last": False},
        {"tenantName": "兴庆区", "rank": 2, "last": False},
        {"tenantName": "金凤区", "rank": 3, "last": True},
    ]
    assert done["ranking"]["unpublishedChanges"] is True

    # The workbook round trip: exported, then imported back as it is.
    exported = _ok(gql.execute(EXPORT, {"y": 2015}, subject=office), "exportCityRankingWorkbook")
    assert exported["file"]["rowCount"] == 1
    imported = _ok(
        gql.execute(IMPORT, {"y": 2015, "c": exported["file"]["base64"]}, subject=office),
        "importCityRankingWorkbook",
    )
    assert imported["ranking"]["items"] == [{"item": "地区生产总值增速"}]
    broken = _ok(
        gql.execute(IMPORT, {"y": 2015, "c": base64.b64encode(b"no").decode()}, subject=office),
        "importCityRankingWorkbook",
    )
    assert broken["ranking"] is None
    assert "xlsx" in broken["errors"][0]["message"]

    district = cities.office(cities.jinfeng)
    assert (
        _ok(gql.execute(RECEIVED, {"s": "jinfeng-2015"}, subject=district), "receivedCityItems")
        == []
    )

    # The district's office may not publish the city's ranking (it has none to publish).
    mine = _ok(gql.execute(PUBLISH, {"y": 2015}, subject=district), "publishCityRanking")
    assert mine["errors"][0]["code"] == "INVALID"
    leadership = as_role(cities.city, "leadership")
    denied = gql.execute(PUBLISH, {"y": 2015}, subject=leadership)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    published = _ok(gql.execute(PUBLISH, {"y": 2015}, subject=office), "publishCityRanking")
    assert published["errors"] == []
    assert (published["items"], published["ranking"]["unpublishedChanges"]) == (1, False)
    cities.drain()
    shown = _ok(gql.execute(RANKING, {"y": 2015}, subject=office), "cityRanking")
    assert shown["publishedBy"] == "市考评办 张科长"

    arrived = _ok(
        gql.execute(RECEIVED, {"s": "jinfeng-2015"}, subject=district), "receivedCityItems"
    )
    assert arrived[0] | {"publishedAt": None} == {
        "item": "地区生产总值增速",
        "rank": 3,
        "ranked": 3,
        "last": True,
        "fromName": "银川市",
        "publishedAt": None,
        "publishedBy": "市考评办 张科长",
        "units": [],
    }
    wrong = _ok(
        gql.execute(
            MAP, {"s": "jinfeng-2015", "i": "地区生产总值增速", "u": ["xx"]}, subject=district
        ),
        "setReceivedCityItemUnits",
    )
    assert wrong["errors"][0]["field"] == "unitCodes[0]"
    mapped = _ok(
        gql.execute(
            MAP,
            {"s": "jinfeng-2015", "i": "地区生产总值增速", "u": ["caizhengju"]},
            subject=district,
        ),
        "setReceivedCityItemUnits",
    )
    assert mapped["item"]["units"] == [{"code": "caizhengju", "name": "财政局"}]

    # Another district of the same city has no such scheme, and reads none of 金凤区's.
    sibling = cities.office(cities.xixia)
    other = gql.execute(RECEIVED, {"s": "jinfeng-2015"}, subject=sibling)
    assert other["data"] is None or other["data"]["receivedCityItems"] is None
    attempt = _ok(
        gql.execute(
            MAP,
            {"s": "jinfeng-2015", "i": "地区生产总值增速", "u": ["caizhengju"]},
            subject=sibling,
        ),
        "setReceivedCityItemUnits",
    )
    assert attempt["errors"][0]["code"] == "NOT_FOUND"


def test_the_city_compares_what_its_districts_share(gql: GraphQLClient, cities: Cities) -> None:
    district = cities.office(cities.jinfeng)
    run = compute(cities.database, cities.jinfeng, "annual", district).run
    publish(cities.database, cities.jinfeng, run.id, district)
    reader = as_role(cities.city, "leadership", name="市考评领导小组")

    before = _ok(gql.execute(COMPARE, {"y": 2015}, subject=reader), "districtComparison")
    assert {d["name"]: d["sharing"] for d in before} == {
        "金凤区": False,
        "西夏区": False,
        "兴庆区": False,
    }
    assert all(d["units"] == [] for d in before)

    admin = as_role(cities.jinfeng, "tenant_admin")
    assert _ok(gql.execute(SHARE, subject=admin), "updateTenantSetting")["errors"] == []
    after = _ok(gql.execute(COMPARE, {"y": 2015}, subject=reader), "districtComparison")
    jinfeng = next(d for d in after if d["name"] == "金凤区")
    assert jinfeng["sharing"] is True
    assert jinfeng["publishedAt"] is not None
    assert len(jinfeng["units"]) > 10
    assert sum(g["count"] for g in jinfeng["grades"]) == len(jinfeng["units"])

    # Another city, and a district, see none of it.
    stranger = as_role(cities.other_city, "leadership")
    theirs = _ok(gql.execute(COMPARE, {"y": 2015}, subject=stranger), "districtComparison")
    assert [d["name"] for d in theirs] == ["大武口区"]
    assert theirs[0]["units"] == []
    assert (
        _ok(
            gql.execute(COMPARE, {"y": 2015}, subject=as_role(cities.xixia, "leadership")),
            "districtComparison",
        )
        == []
    )
    # A unit's user of the city reads no district results.
    unit_user = as_role(cities.city, "finance")
    refused = gql.execute(COMPARE, {"y": 2015}, subject=unit_user)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
