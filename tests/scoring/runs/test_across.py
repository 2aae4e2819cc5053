"""Results across years (a unit in each year's scheme linked by copy) and across units (one
indicator over every unit of a period, with its distribution), over GraphQL."""

from __future__ import annotations

import statistics
from decimal import Decimal
from typing import Any

from jixiao.platform.auth import Subject
from jixiao.schemes.copying import copy_scheme
from jixiao.schemes.service import SchemeSettings
from tests.factories import SCHEME, GraphQLClient, Jinfeng, Office, as_role, compute, publish

YEARS = """
query($scheme: String!, $unit: String!) {
  unitAcrossYears(schemeCode: $scheme, unitCode: $unit) {
    schemeCode schemeName year
    run { period status }
    result { unitName groupName total rank overallRank grade }
  }
}"""
SPREAD = """
query($scheme: String!, $period: ResultPeriod!, $indicator: String) {
  indicatorAcrossUnits(schemeCode: $scheme, period: $period, indicatorCode: $indicator) {
    run { period status }
    indicators { code name }
    indicatorCode indicatorName
    units { unitCode unitName groupName score available status }
    distribution { count minimum firstQuartile median thirdQuartile maximum mean
                   histogram { low high count } }
  }
}"""
UNIT = """
query($scheme: String!, $unit: String!, $period: ResultPeriod! = ANNUAL) {
  unitResult(schemeCode: $scheme, unitCode: $unit, period: $period) {
    total breakdown { indicatorCode score } }
}"""


def _ask(gql: GraphQLClient, query: str, who: Subject, **variables: Any) -> dict[str, Any]:
    return gql.execute(query, variables, subject=who)


def _data(answer: dict[str, Any]) -> Any:
    assert "errors" not in answer, answer
    return next(iter(answer["data"].values()))


def _next_year(jinfeng: Jinfeng, source: str, code: str, year: int) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        settings = SchemeSettings(code=code, name=f"金凤区{year}年绩效考评方案", year=year)
        copy_scheme(session, source, settings, actor=jinfeng.office)
        session.commit()


def test_a_units_published_result_in_each_year_of_the_copy_chain(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    office.publish("ANNUAL")
    _next_year(jinfeng, SCHEME, "jinfeng-2016", 2016)
    publish(jinfeng.database, jinfeng.tenant, _annual(jinfeng, "jinfeng-2016"), jinfeng.office)
    _next_year(jinfeng, "jinfeng-2016", "jinfeng-2017", 2017)
    compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office, "jinfeng-2017")

    # Asked from the middle year, the chain runs both ways; 2017 is computed, not published.
    years = _data(_ask(gql, YEARS, jinfeng.leadership, scheme="jinfeng-2016", unit="liangtian"))
    assert [(y["year"], y["schemeCode"]) for y in years] == [
        (2015, SCHEME),
        (2016, "jinfeng-2016"),
        (2017, "jinfeng-2017"),
    ]
    assert [y["run"] and y["run"]["status"] for y in years] == ["PUBLISHED", "PUBLISHED", None]
    first = years[0]["result"]
    assert (first["unitName"], first["groupName"]) == ("良田镇", "镇街组")
    unit = _data(_ask(gql, UNIT, jinfeng.leadership, scheme=SCHEME, unit="liangtian"))
    assert first["total"] == unit["total"]
    assert years[2]["result"] is None
    # The office gets the published results too, not its newest computation.
    by_office = _data(_ask(gql, YEARS, jinfeng.office, scheme="jinfeng-2017", unit="liangtian"))
    assert by_office == years

    # 良田镇's reporter reads its own years, not 丰登镇's.
    reporter = jinfeng.reporter("liangtian")
    own = _data(_ask(gql, YEARS, reporter, scheme=SCHEME, unit="liangtian"))
    assert [y["result"]["total"] if y["result"] else None for y in own] == [
        y["result"]["total"] if y["result"] else None for y in years
    ]
    other = _data(_ask(gql, YEARS, reporter, scheme=SCHEME, unit="fengdeng"))
    assert [y["result"] for y in other] == [None, None, None]

    # An unknown unit is named; the supervision group reads no results; another tenant
    # finds no such scheme.
    unknown = _ask(gql, YEARS, jinfeng.leadership, scheme=SCHEME, unit="nowhere")
    assert unknown["errors"][0]["message"] == "没有代码为「nowhere」的考评对象"
    supervision = as_role(jinfeng.tenant, "supervision")
    refused = _ask(gql, YEARS, supervision, scheme=SCHEME, unit="liangtian")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    foreign = _ask(gql, YEARS, intruder, scheme=SCHEME, unit="liangtian")
    assert foreign["data"] is None
    assert foreign["errors"][0]["message"] == f"没有代码为「{SCHEME}」的考评方案"


def _annual(jinfeng: Jinfeng, scheme: str) -> Any:
    return compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office, scheme).run.id


def test_one_indicator_across_units_with_its_distribution(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    office.publish("Q1")
    first = _data(_ask(gql, SPREAD, jinfeng.leadership, scheme=SCHEME, period="Q1"))
    assert first["run"] == {"period": "Q1", "status": "PUBLISHED"}
    assert first["indicatorCode"] == first["indicators"][0]["code"]
    chosen = next(i for i in first["indicators"] if i["code"] == "A2")
    spread = _data(
        _ask(gql, SPREAD, jinfeng.leadership, scheme=SCHEME, period="Q1", indicator="A2")
    )
    assert spread["indicatorName"] == chosen["name"]
    units = spread["units"]
    scores = [Decimal(u["score"]) for u in units]
    assert scores == sorted(scores, reverse=True)
    assert len(units) >= 3
    # Each unit's score is its drill-down line of the indicator.
    for row in units:
        unit = _ask(gql, UNIT, jinfeng.leadership, scheme=SCHEME, unit=row["unitCode"], period="Q1")
        lines = _data(unit)["breakdown"]
        assert [x["score"] for x in lines if x["indicatorCode"] == "A2"] == [row["score"]]
    shape = spread["distribution"]
    quartiles = statistics.quantiles(scores, n=4, method="inclusive")
    assert [Decimal(shape[k]) for k in ("firstQuartile", "median", "thirdQuartile")] == quartiles
    assert (Decimal(shape["minimum"]), Decimal(shape["maximum"])) == (min(scores), max(scores))
    mean = sum(scores, Decimal(0)) / len(scores)
    assert abs(Decimal(shape["mean"]) - mean) < Decimal("0.0001")
    assert shape["count"] == len(units)
    assert sum(b["count"] for b in shape["histogram"]) == len(units)

    # A reporter sees its own unit only; an unknown indicator is named; another tenant has no
    # such scheme.
    mine = _data(_ask(gql, SPREAD, jinfeng.reporter(), scheme=SCHEME, period="Q1", indicator="A2"))
    assert [u["unitName"] for u in mine["units"]] == ["良田镇"]
    assert mine["distribution"]["count"] == 1
    wrong = _ask(gql, SPREAD, jinfeng.leadership, scheme=SCHEME, period="Q1", indicator="ZZ9")
    assert wrong["errors"][0]["message"].startswith("指标「ZZ9」不在")
    foreign = _ask(gql, SPREAD, intruder, scheme=SCHEME, period="Q1", indicator="A2")
    assert foreign["data"] == {"indicatorAcrossUnits": None}
    assert foreign["errors"][0]["message"] == f"没有代码为「{SCHEME}」的考评方案"
    # No run of the period shown yet: null.
    nothing = _ask(gql, SPREAD, jinfeng.leadership, scheme=SCHEME, period="Q2")
    assert nothing == {"data": {"indicatorAcrossUnits": None}}


def _post(gql: GraphQLClient, who: Subject, query: str, **variables: Any) -> Any:
    gql.subject = who
    response = gql.http.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text
    return response


def test_answers_come_from_the_cache_per_viewer_until_a_new_year_is_copied(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    office.publish("ANNUAL")
    leader, reporter = jinfeng.leadership, jinfeng.reporter("liangtian")
    asked = {"scheme": SCHEME, "unit": "fengdeng"}
    first = _post(gql, leader, YEARS, **asked)
    again = _post(gql, leader, YEARS, **asked)
    assert (first.headers["x-jixiao-cache"], again.headers["x-jixiao-cache"]) == ("miss", "hit")
    assert again.content == first.content
    # 良田镇's reporter never reads the leader's answer about 丰登镇.
    theirs = _post(gql, reporter, YEARS, **asked)
    assert theirs.headers["x-jixiao-cache"] == "miss"
    assert [y["result"] for y in theirs.json()["data"]["unitAcrossYears"]] == [None]
    spread = {"scheme": SCHEME, "period": "ANNUAL", "indicator": "A2"}
    assert _post(gql, leader, SPREAD, **spread).headers["x-jixiao-cache"] == "miss"
    assert _post(gql, leader, SPREAD, **spread).headers["x-jixiao-cache"] == "hit"
    # Copying next year's scheme is audited: the next answer is computed afresh and has it.
    _next_year(jinfeng, SCHEME, "jinfeng-2016", 2016)
    fresh = _post(gql, leader, YEARS, **asked)
    assert fresh.headers["x-jixiao-cache"] == "miss"
    assert [y["year"] for y in fresh.json()["data"]["unitAcrossYears"]] == [2015, 2016]
