"""Score entry over GraphQL: workbench pages, bulk entry, typed errors, reopening, isolation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient
from tests.scoring.entry.support import Scorers, newest_score

BENCH = """
query Bench($scheme: String!, $period: String!, $first: Int, $after: String) {
  scoringWorkbench(schemeCode: $scheme, period: $period, first: $first, after: $after) {
    nodes { unitCode indicatorCode method available scorer progress { status verifiedValue }
            score { scorer value status statusLabel reason } }
    pageInfo { hasNextPage endCursor }
  }
}"""
ENTER = """
mutation Enter($scheme: String!, $period: String!, $entries: [ScoreEntryInput!]!,
               $submit: Boolean! = false) {
  enterScores(schemeCode: $scheme, period: $period, entries: $entries, submit: $submit) {
    scores { scorer value status }
    errors { code message field }
  }
}"""
REOPEN = """
mutation Reopen($scheme: String!, $period: String!, $units: [String!]) {
  reopenScores(schemeCode: $scheme, period: $period, unitCodes: $units, reason: "更正") {
    reopened
    errors { code message }
  }
}"""


def _bench(gql: GraphQLClient, who: Subject, **page: Any) -> dict[str, Any]:
    result = gql.execute(BENCH, {"scheme": SCHEME, "period": "Q3", **page}, subject=who)
    assert "errors" not in result, result
    bench: dict[str, Any] = result["data"]["scoringWorkbench"]
    return bench


def _enter(gql: GraphQLClient, who: Subject, period: str, *entries: dict[str, Any]) -> Any:
    variables = {"scheme": SCHEME, "period": period, "entries": list(entries)}
    return gql.execute(ENTER, variables, subject=who)["data"]["enterScores"]


def test_a_leader_pages_the_workbench_and_enters_a_row(
    gql: GraphQLClient, jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    jinfeng.clear("Q3")
    leader = jinfeng.leader("liangtian", "fengdeng")
    first = _bench(gql, leader, first=3)
    assert first["pageInfo"]["hasNextPage"]
    rest = _bench(gql, leader, first=3, after=first["pageInfo"]["endCursor"])
    cells = first["nodes"] + rest["nodes"]
    assert not rest["pageInfo"]["hasNextPage"]
    assert sorted((c["unitCode"], c["indicatorCode"]) for c in cells) == [
        ("fengdeng", "B1"),
        ("fengdeng", "D1"),
        ("liangtian", "B1"),
        ("liangtian", "D1"),
    ]
    assert {c["available"] for c in cells} == {"3.75"}
    assert all(c["scorer"] == "lingdao1" and c["progress"] is None for c in cells)
    done = _enter(
        gql,
        leader,
        "Q3",
        {"unitCode": "liangtian", "indicatorCode": "B1", "value": "3.75"},
        {"unitCode": "liangtian", "indicatorCode": "D1", "value": "3", "reason": "目标未完成"},
    )
    assert done["errors"] == []
    assert [s["status"] for s in done["scores"]] == ["DRAFT", "DRAFT"]
    again = {(c["unitCode"], c["indicatorCode"]): c["score"] for c in _bench(gql, leader)["nodes"]}
    assert again[("liangtian", "D1")]["statusLabel"] == "草稿"
    drain()
    assert newest_score(jinfeng.database, jinfeng.tenant, "Q3", "liangtian", "D1", "Q3") == 3


def test_entry_errors_are_typed_and_name_the_cell(gql: GraphQLClient, jinfeng: Scorers) -> None:
    jinfeng.clear("Q3")
    leader = jinfeng.leader("liangtian")
    outside = _enter(
        gql, leader, "Q3", {"unitCode": "fengdeng", "indicatorCode": "B1", "value": "1"}
    )
    assert outside["errors"][0]["code"] == "FORBIDDEN"
    assert "丰登镇" in outside["errors"][0]["message"]
    above = _enter(
        gql, leader, "Q3", {"unitCode": "liangtian", "indicatorCode": "B1", "value": "4"}
    )
    assert above["errors"] == [
        {
            "code": "INVALID",
            "message": "「良田镇」的「重点项目建设进度」的分值 4 超出可得分范围 0～3.75",
            "field": "entries",
        }
    ]
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        refused = session.exec(select(AuditEvent).where(AuditEvent.action == "score.enter")).all()
    assert len(refused) == 2
    assert all(e.outcome != "success" for e in refused)


def test_only_the_office_reopens_and_another_tenant_sees_nothing(
    gql: GraphQLClient, jinfeng: Scorers, intruder: Subject
) -> None:
    leader = jinfeng.leader("liangtian")
    variables = {"scheme": SCHEME, "period": "Q1", "units": ["liangtian"]}
    refused = gql.execute(REOPEN, variables, subject=leader)
    assert refused["data"] is None
    assert refused["errors"]
    done = gql.execute(REOPEN, variables, subject=jinfeng.office)["data"]["reopenScores"]
    assert done["errors"] == []
    assert done["reopened"] > 0
    seen = gql.execute(BENCH, {"scheme": SCHEME, "period": "Q1"}, subject=intruder)
    assert seen["data"] is None
    assert seen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    entered = _enter(
        gql, intruder, "Q1", {"unitCode": "liangtian", "indicatorCode": "B1", "value": "1"}
    )
    assert entered["errors"][0]["code"] == "NOT_FOUND"


RATE = """
mutation Rate($entries: [RatingEntryInput!]!) {
  enterRatings(schemeCode: "jinfeng-2015", componentCode: "leaders", entries: $entries) {
    saved
    errors { code message }
  }
}"""
ADJUST = """
mutation Adjust($points: Decimal!) {
  addAdjustment(schemeCode: "jinfeng-2015", unitCode: "liangtian", kind: DEDUCTION,
                points: $points, reason: "明查暗访发现问题") {
    adjustment { id unitCode kind points reason }
    errors { code message }
  }
}"""
WITHDRAW = """
mutation Withdraw($id: ID!) { removeAdjustment(adjustmentId: $id) { errors { code } } }"""


def test_ratings_by_a_leader_and_adjustments_by_the_office(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    leader = jinfeng.leader("liangtian")
    rated = gql.execute(
        RATE, {"entries": [{"unitCode": "liangtian", "value": "92"}]}, subject=leader
    )
    assert rated["data"]["enterRatings"] == {"saved": 1, "errors": []}
    outside = gql.execute(
        RATE, {"entries": [{"unitCode": "fengdeng", "value": "92"}]}, subject=leader
    )
    assert outside["data"]["enterRatings"]["errors"][0]["code"] == "FORBIDDEN"
    # Read back: the leader sees liangtian's ratings only, theirs among the imported ones.
    read = gql.execute(
        '{ ratings(schemeCode: "jinfeng-2015", componentCode: "leaders")'
        " { unitCode rater value entered } }",
        subject=leader,
    )["data"]["ratings"]
    assert {r["unitCode"] for r in read} == {"liangtian"}
    assert {"unitCode": "liangtian", "rater": "lingdao1", "value": "92", "entered": True} in read
    assert len([r for r in read if r["rater"] is None]) == 2  # the imported leaders' ratings
    assert gql.execute(ADJUST, {"points": "1.5"}, subject=leader)["data"] is None
    added = gql.execute(ADJUST, {"points": "1.5"}, subject=jinfeng.office)["data"]["addAdjustment"]
    assert added["errors"] == []
    assert added["adjustment"]["kind"] == "DEDUCTION"
    assert added["adjustment"]["points"] == "1.5"
    removed = gql.execute(WITHDRAW, {"id": added["adjustment"]["id"]}, subject=jinfeng.office)
    assert removed["data"]["removeAdjustment"]["errors"] == []
