"""Results over GraphQL: the workflow by role, what each reader sees, drill-down, bonus table."""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient, Jinfeng, Office

RANKINGS = """
query Rankings($scheme: String!, $period: ResultPeriod!, $group: String, $run: ID) {
  rankings(schemeCode: $scheme, period: $period, groupCode: $group, runId: $run) {
    run { id status }
    units { unitCode unitName groupCode total rank overallRank grade baseGrade flags bonusAmount
            components { code name value } }
    groups { code units { unitCode rank } }
    overall { unitCode unitKind overallRank }
  }
}"""
RUNS = """
query Runs($scheme: String!) {
  resultRuns(schemeCode: $scheme) { nodes { id period status newest publishedNow supersededBy } }
}"""
UNIT = """
query Unit($scheme: String!, $unit: String!, $period: ResultPeriod!) {
  unitResult(schemeCode: $scheme, unitCode: $unit, period: $period) {
    unitCode total rank grade explain missing
    breakdown { indicatorCode period available score rawScore status
                sourceScores { scorer value actual met incidents rank } }
  }
}"""


def rankings(gql: GraphQLClient, who: Subject, period: str = "ANNUAL", **extra: Any) -> Any:
    result = gql.execute(RANKINGS, {"scheme": SCHEME, "period": period, **extra}, subject=who)
    assert "errors" not in result, result
    return result["data"]["rankings"]


def test_each_role_does_its_step(office: Office, gql: GraphQLClient, jinfeng: Jinfeng) -> None:
    computed = office.compute()
    assert computed["created"] is True
    assert computed["run"]["status"] == "DRAFT"
    assert office.compute()["created"] is False  # same inputs, same run
    run_id = computed["run"]["id"]
    refused = office.step("approveResults", run_id, jinfeng.office)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert office.step("publishResults", run_id, jinfeng.leadership)["errors"]
    reviewed = office.step("reviewResults", run_id, jinfeng.office)["data"]["reviewResults"]
    assert reviewed["run"]["status"] == "REVIEWED"
    approved = office.step("approveResults", run_id, jinfeng.leadership)["data"]
    assert approved["approveResults"]["run"]["status"] == "APPROVED"
    published = office.step("publishResults", run_id, jinfeng.office)["data"]["publishResults"]
    assert published["run"] == {
        "id": run_id,
        "status": "PUBLISHED",
        "statusLabel": "已公布",
        "publishedNow": True,
    }
    again = office.step("reviewResults", run_id, jinfeng.office)["data"]["reviewResults"]
    assert again["errors"][0]["code"] == "CONFLICT"
    assert "已公布，不能再修改" in again["errors"][0]["message"]


def test_rankings_for_the_office_by_group_and_overall(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    office.compute()
    # Leaders see published results only unless they open a run: nothing is published yet.
    assert rankings(gql, jinfeng.leadership) is None
    found = rankings(gql, jinfeng.office)
    assert found["run"]["status"] == "DRAFT"  # the office sees the newest computation
    assert len(found["units"]) == 24
    first = found["units"][0]
    assert (first["unitCode"], first["total"], first["rank"], first["grade"]) == (
        "shanghaixilu",
        "84.91",
        1,
        "一等奖",
    )
    assert first["bonusAmount"] == "168000.00"
    assert [c["code"] for c in first["components"]] == ["indicators", "leaders", "public"]
    assert found["groups"][0]["code"] == "towns"
    overall = [(u["unitKind"] != "DEPARTMENT", u["overallRank"]) for u in found["overall"]]
    assert overall == sorted(overall)
    assert len(overall) == 24
    assert overall[0] == (False, 1)  # departments first, ranked overall
    towns = rankings(gql, jinfeng.office, group="towns")["units"]
    assert {u["groupCode"] for u in towns} == {"towns"}
    assert len(towns) < 24


def test_a_unit_sees_only_its_own_published_result(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    reporter = jinfeng.reporter("liangtian")
    draft = office.compute()["run"]["id"]
    # unpublished: invisible to units, even asked for by its id
    assert rankings(gql, reporter) is None
    assert rankings(gql, reporter, run=draft) is None
    assert gql.execute(RUNS, {"scheme": SCHEME}, subject=reporter)["data"]["resultRuns"] == {
        "nodes": []
    }
    unit = gql.execute(
        UNIT, {"scheme": SCHEME, "unit": "liangtian", "period": "ANNUAL"}, subject=reporter
    )
    assert unit["data"]["unitResult"] is None
    office.publish()
    mine = rankings(gql, reporter)
    assert [u["unitCode"] for u in mine["units"]] == ["liangtian"]
    assert mine["units"][0]["rank"] == 2
    other = gql.execute(
        UNIT, {"scheme": SCHEME, "unit": "fengdeng", "period": "ANNUAL"}, subject=reporter
    )
    assert other["data"]["unitResult"] is None
    own = gql.execute(
        UNIT, {"scheme": SCHEME, "unit": "liangtian", "period": "ANNUAL"}, subject=reporter
    )
    assert own["data"]["unitResult"]["total"] == "84.41"


def test_drill_down_to_the_source_scores(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    office.compute("Q2")
    found = gql.execute(
        UNIT, {"scheme": SCHEME, "unit": "liangtian", "period": "Q2"}, subject=jinfeng.office
    )["data"]["unitResult"]
    lines = found["breakdown"]
    assert lines
    assert {line["period"] for line in lines} == {"Q2"}
    scored = sum((Decimal(line["score"]) for line in lines), Decimal(0))
    available = sum((Decimal(line["available"]) for line in lines), Decimal(0))
    assert (scored / available * 100).quantize(Decimal("0.01")) == Decimal(found["total"])
    for line in lines:
        if line["status"] == "scored":
            assert line["sourceScores"], line
    manual = [line for line in lines if any(s["scorer"] for s in line["sourceScores"])]
    for line in manual:  # a manual score is the mean of its scorers' values
        values = [Decimal(s["value"]) for s in line["sourceScores"]]
        assert Decimal(line["rawScore"]) == sum(values) / len(values)


def test_trend_and_comparison(office: Office, gql: GraphQLClient, jinfeng: Jinfeng) -> None:
    for period in ("Q1", "Q2", "ANNUAL"):
        office.compute(period)
    trend = gql.execute(
        """query($s: String!) { unitTrend(schemeCode: $s, unitCode: "liangtian") {
             period run { status } result { total rank } } }""",
        {"s": SCHEME},
        subject=jinfeng.office,
    )["data"]["unitTrend"]
    assert [p["period"] for p in trend] == ["Q1", "Q2", "ANNUAL"]
    compared = gql.execute(
        """query($s: String!) { compareUnits(schemeCode: $s, unitCodes: ["liangtian", "fengdeng"]) {
             units { unitCode total } } }""",
        {"s": SCHEME},
        subject=jinfeng.office,
    )["data"]["compareUnits"]
    assert [u["unitCode"] for u in compared["units"]] == ["liangtian", "fengdeng"]


def test_the_bonus_table_for_the_finance_bureau(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    query = """query($s: String!) { bonusTable(schemeCode: $s) {
                 total rows { unitCode grade coefficient basePerHead amount headcount } } }"""
    early = gql.execute(query, {"s": SCHEME}, subject=jinfeng.finance)
    assert early["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "尚未公布" in early["errors"][0]["message"]
    office.publish()
    table = gql.execute(query, {"s": SCHEME}, subject=jinfeng.finance)["data"]["bonusTable"]
    rows = {row["unitCode"]: row for row in table["rows"]}
    assert rows["shanghaixilu"]["amount"] == "168000.00"
    assert rows["fengdeng"]["amount"] == "0.00"  # binding indicator failed: no award grade
    total = sum(Decimal(r["amount"]) for r in table["rows"] if r["amount"] is not None)
    assert Decimal(table["total"]) == total
    excel = gql.execute(
        "query($s: String!) { bonusTableExcel(schemeCode: $s) }",
        {"s": SCHEME},
        subject=jinfeng.finance,
    )["data"]["bonusTableExcel"]
    sheet = load_workbook(io.BytesIO(base64.b64decode(excel))).active
    cells = {row[2]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[2]}
    assert cells["shanghaixilu"][3] == "上海西路街道"
    assert Decimal(str(cells["shanghaixilu"][10])) == Decimal("168000")
    refused = gql.execute(query, {"s": SCHEME}, subject=jinfeng.leadership)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
