"""数据问题: a bad row stored long ago (planted past every mutation) never blocks a scheme in a
way the office cannot fix: compute names it in words, schemeProblems lists it, unrelated entry
keeps working, removeBadEntry (考评办, reason, audited) removes it, and the compute runs."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import done, payload

SCHEME = "jinfeng-2015"
COMPUTE = """
mutation Compute($scheme: String!) {
  computeResults(schemeCode: $scheme, period: ANNUAL) {
    run { id } errors { code message field }
  }
}"""
PROBLEMS = """
query Problems($scheme: String!) {
  schemeProblems(schemeCode: $scheme) {
    entryId kind kindLabel unitName subject periodName entry problems text source
  }
}"""
REMOVE = """
mutation Remove($scheme: String!, $kind: SchemeEntryKind!, $id: ID!, $reason: String!) {
  removeBadEntry(schemeCode: $scheme, kind: $kind, entryId: $id, reason: $reason) {
    removed { text } errors { code message field }
  }
}"""
REOPEN = """
mutation Reopen($scheme: String!) {
  reopenScores(schemeCode: $scheme, period: "Q2", unitCodes: ["fengdeng"],
               indicatorCodes: ["A1"], reason: "重新核实") { reopened errors { message } }
}"""
ENTER = """
mutation Enter($scheme: String!, $entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: $scheme, period: "Q2", entries: $entries) {
    scores { status } errors { code message field }
  }
}"""
WHERE = "「良田镇」「招商引资到位资金」第一季度的评分"


def plant(quarter: Quarter) -> uuid.UUID:
    """A negative actual of A1 in Q1 (A1 has no Q1 share), written straight into the table."""
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        some = session.exec(
            select(Score).where(Score.indicator_id == quarter.indicators["A1"])
        ).first()
        assert some is not None
        row = Score(
            scheme_id=some.scheme_id,
            unit_id=quarter.units["liangtian"],
            indicator_id=quarter.indicators["A1"],
            period="Q1",
            actual=Decimal(-5),
            seq=99_999,
        )
        session.add(row)
        session.commit()
        return row.id


def test_a_planted_bad_row_is_named_listed_removed_and_the_scheme_computes(
    quarter: Quarter,
) -> None:
    bad = plant(quarter)
    office, zsj = quarter.as_("office"), quarter.as_("zsj")

    refused = payload(office, COMPUTE, scheme=SCHEME)
    assert refused["run"] is None
    [error] = refused["errors"]
    assert error["field"] == "schemeCode"
    assert "有 1 条数据无法计算" in error["message"]
    assert WHERE in error["message"]
    assert "第一季度没有分值份额" in error["message"]
    assert "数据问题" in error["message"]

    # An unrelated cell can still be entered (after the office reopened it).
    assert done(office, REOPEN, scheme=SCHEME)["reopened"] == 1
    entry = {"unitCode": "fengdeng", "indicatorCode": "A1", "actual": "88"}
    entered = done(zsj, ENTER, scheme=SCHEME, entries=[entry])
    assert entered["scores"] == [{"status": "DRAFT"}]

    listed = office.gql(PROBLEMS, {"scheme": SCHEME})["data"]["schemeProblems"]
    assert len(listed) == 1
    [problem] = listed
    assert problem["kind"] == "SCORE"
    assert problem["unitName"] == "良田镇"
    assert problem["subject"] == "招商引资到位资金"
    assert problem["periodName"] == "第一季度"
    assert problem["entry"] == WHERE
    assert problem["text"].startswith(WHERE + "：")
    assert "A1" not in problem["text"]
    assert "Q1" not in problem["text"]

    variables: dict[str, Any] = {"scheme": SCHEME, "kind": "SCORE", "id": problem["entryId"]}
    no_reason = payload(office, REMOVE, **variables, reason="  ")
    assert no_reason["errors"][0]["field"] == "reason"
    # The scorer may neither see the problems nor remove them.
    assert office.gql(PROBLEMS, {"scheme": SCHEME}).get("errors") is None
    assert "errors" in zsj.gql(PROBLEMS, {"scheme": SCHEME})
    assert "errors" in zsj.gql(REMOVE, {**variables, "reason": "删"})

    removed = done(office, REMOVE, **variables, reason="一季度无此指标，误录")
    assert removed["removed"]["text"] == problem["text"]
    assert office.gql(PROBLEMS, {"scheme": SCHEME})["data"]["schemeProblems"] == []
    computed = done(office, COMPUTE, scheme=SCHEME)
    assert computed["run"]["id"]

    with quarter.database.tenant_session(quarter.tenant.id) as session:
        assert session.get(Score, (quarter.tenant.id, bad)) is None
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "scheme.entry.remove", AuditEvent.outcome == "success"
            )
        ).one()
        assert event.reason == "一季度无此指标，误录"
        assert event.actor_name == "office"
        before = json.loads(event.before or "{}")
        assert before["entry"] == WHERE
        assert before["actual"] == "-5"
        assert before["period"] == "Q1"


def test_an_entry_the_engine_accepts_is_not_removed_here(quarter: Quarter) -> None:
    office = quarter.as_("office")
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        good = session.exec(select(Score.id)).first()
    variables = {"scheme": SCHEME, "kind": "SCORE", "reason": "试试"}
    from jixiao.graphql.relay import to_global_id

    kept = payload(office, REMOVE, **variables, id=str(to_global_id("SchemeEntry", good)))
    assert kept["errors"][0]["code"] == "CONFLICT"
    assert "不是数据问题" in kept["errors"][0]["message"]


def test_another_tenant_neither_sees_nor_removes_the_problem(quarter: Quarter) -> None:
    plant(quarter)
    listed = quarter.as_("office").gql(PROBLEMS, {"scheme": SCHEME})["data"]["schemeProblems"]
    other = build_quarter(quarter.database, "西夏区")
    intruder = other.as_("office")
    assert intruder.gql(PROBLEMS, {"scheme": SCHEME})["data"]["schemeProblems"] == []
    variables = {"scheme": SCHEME, "kind": "SCORE", "id": listed[0]["entryId"], "reason": "删"}
    refused = payload(intruder, REMOVE, **variables)
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    assert quarter.as_("office").gql(PROBLEMS, {"scheme": SCHEME})["data"]["schemeProblems"]
