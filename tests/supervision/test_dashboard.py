"""The leadership dashboard (数据大屏) over GraphQL: the current quarter's progress and lights as
the supervision board counts them, the latest ranking and trends for readers of results, and
nothing for a unit's reporter or another tenant."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.identity.service import create_user
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.policies.service import assign_roles
from jixiao.supervision.dashboard import REFRESH_SECONDS
from tests.assignments.conftest import Quarter, build_quarter
from tests.factories import PASSWORD, GraphQLClient, compute, everything, make_tenant, publish
from tests.supervision.test_supervision import _assign, _report_up

DASHBOARD = """
query($scheme: String, $period: String, $top: Int) {
  dashboard(schemeCode: $scheme, period: $period, top: $top) {
    schemeCode schemeName year period periodLabel refreshSeconds
    summary { total green yellow red none reported verified scored overdue }
    units { unitCode unitName total reported verified scored green yellow red none }
    progressTrend { period periodLabel total reported verified scored red }
    rankingRun { period status }
    ranking { unitName unitKind groupName total rank overallRank grade }
    totalsTrend { period periodLabel units mean highest lowest }
  }
}"""
SUMMARY = """
query($period: String!) { supervisionSummary(schemeCode: "jinfeng-2015", period: $period) {
  total green yellow red none reported verified scored overdue } }"""


@pytest.fixture
def quarter(database: Database) -> Quarter:
    built = build_quarter(database)
    with database.tenant_session(built.tenant.id) as session:
        for username, role in (("ducha", "supervision"), ("leader", "leadership")):
            user, _ = create_user(
                session, username=username, display_name=username, password=PASSWORD
            )
            user.must_change_password, user.password_changed_at = False, utcnow()
            session.add(user)
            session.flush()
            assign_roles(session, None, user.id, [role])
        session.commit()
    return built


def _dashboard(quarter: Quarter, who: str, **variables: Any) -> dict[str, Any]:
    found = quarter.as_(who).gql(DASHBOARD, variables)
    assert "errors" not in found, found
    board: dict[str, Any] = found["data"]["dashboard"]
    return board


def test_the_quarters_progress_and_lights_as_the_board_counts_them(quarter: Quarter) -> None:
    _report_up(quarter, _assign(quarter), "80")  # 良田镇's Q1 sent up: 100 % of its milestone
    screen = _dashboard(quarter, "ducha", scheme="jinfeng-2015", period="Q1")
    assert (screen["schemeName"], screen["periodLabel"]) == ("金凤区2015年绩效考评方案", "第一季度")
    assert screen["refreshSeconds"] == REFRESH_SECONDS
    summary = quarter.as_("ducha").gql(SUMMARY, {"period": "Q1"})["data"]["supervisionSummary"]
    assert screen["summary"] == summary
    assert summary["reported"] >= 1
    liangtian = next(u for u in screen["units"] if u["unitCode"] == "liangtian")
    assert liangtian["unitName"] == "良田镇"
    assert liangtian["reported"] >= 1
    assert liangtian["green"] >= 1
    for name in ("total", "reported", "verified", "scored", "green", "yellow", "red", "none"):
        assert sum(u[name] for u in screen["units"]) == summary[name], name
    assert [p["period"] for p in screen["progressTrend"]] == ["Q1"]
    assert screen["progressTrend"][0]["reported"] == summary["reported"]
    # The supervision group reads no results: no ranking, no totals.
    assert (screen["rankingRun"], screen["ranking"], screen["totalsTrend"]) == (None, [], [])


def test_readers_of_results_see_the_latest_ranking_and_the_trends(quarter: Quarter) -> None:
    office = everything(quarter.tenant)
    for period in ("Q1", "Q2"):
        run = compute(quarter.database, quarter.tenant, period, office).run
        publish(quarter.database, quarter.tenant, run.id, office)
    # Without a scheme or period: the only scheme (2015, a past year), its last quarter.
    screen = _dashboard(quarter, "leader", top=5)
    assert (screen["schemeCode"], screen["period"]) == ("jinfeng-2015", "Q4")
    assert [p["period"] for p in screen["progressTrend"]] == ["Q1", "Q2", "Q3", "Q4"]
    # Q4 and Q3 have no run: the latest earlier quarter's is ranked, by overall rank.
    assert screen["rankingRun"] == {"period": "Q2", "status": "PUBLISHED"}
    ranks = [u["overallRank"] for u in screen["ranking"]]
    assert len(ranks) == 5
    assert ranks == sorted(ranks)
    assert ranks[0] == 1
    assert all(u["unitName"] and u["groupName"] for u in screen["ranking"])
    # Departments and towns are ranked apart: each rank twice, the higher total first.
    first, second = screen["ranking"][:2]
    assert {first["unitKind"], second["unitKind"]} & {"DEPARTMENT"}
    assert first["unitKind"] != second["unitKind"]
    assert float(first["total"]) >= float(second["total"])
    assert [p["periodLabel"] for p in screen["totalsTrend"]] == ["第一季度", "第二季度"]
    q1 = screen["totalsTrend"][0]
    assert float(q1["lowest"]) <= float(q1["mean"]) <= float(q1["highest"])
    assert q1["units"] == 24
    this_quarter = _dashboard(quarter, "leader", scheme="jinfeng-2015", period="Q1")
    assert this_quarter["rankingRun"]["period"] == "Q1"
    assert len(this_quarter["ranking"]) == 10


def test_bad_input_is_named_and_others_see_nothing(quarter: Quarter, database: Database) -> None:
    refused = quarter.as_("lt-reporter").gql(DASHBOARD, {})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = quarter.as_("leader").gql(DASHBOARD, {"scheme": "jinfeng-2015", "period": "Q9"})
    assert bad["errors"][0]["message"].startswith("方案「金凤区2015年绩效考评方案」没有期间「Q9」")
    too_many = quarter.as_("leader").gql(DASHBOARD, {"top": 51})
    assert "排名显示的单位数须在 1 到 50 之间" in too_many["errors"][0]["message"]
    # Another tenant's user holding every permission: no scheme of its own (null), and
    # 金凤区's is not found.
    intruder = everything(make_tenant(database, "西夏区"), name="西夏区 全权用户")
    gql = GraphQLClient(database)
    assert gql.execute(DASHBOARD, {}, subject=intruder) == {"data": {"dashboard": None}}
    foreign = gql.execute(DASHBOARD, {"scheme": "jinfeng-2015"}, subject=intruder)
    assert foreign["data"] == {"dashboard": None}
    assert foreign["errors"][0]["message"] == "没有代码为「jinfeng-2015」的考评方案"
