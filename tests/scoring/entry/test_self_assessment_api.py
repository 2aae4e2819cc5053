"""Self-assessment (自评) over GraphQL: a unit gives its own score with its report, the scorer
sees it and the gap on the workbench, a compute ignores it, and every refusal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select

from jixiao.assignments import reports
from jixiao.assignments.service import AssignmentDraft, assign_one
from jixiao.graphql.relay import to_global_id
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.schemes.models import Indicator, Scheme
from jixiao.supervision.periods import close_period
from tests.factories import SCHEME, GraphQLClient, compute, person, root
from tests.scoring.entry.support import Scorers

SET = """
mutation($r: ID!, $v: Decimal, $n: String! = "") {
  setSelfAssessment(reportId: $r, value: $v, note: $n) {
    selfAssessment { period value note enteredBy } errors { code message field } } }"""
READ = "query($r: ID!) { selfAssessment(reportId: $r) { period value note } }"
BENCH = """
query($s: String!) { scoringWorkbench(schemeCode: $s, period: "Q3") {
  nodes { unitCode indicatorCode scorePoints selfScore selfGap } } }"""
ENTER = """
mutation($s: String!) { enterScores(schemeCode: $s, period: "Q3", entries: [
  {unitCode: "liangtian", indicatorCode: "B1", value: "3", reason: "台账不全"}]) {
  errors { message } } }"""


@dataclass
class Report:
    jinfeng: Scorers
    gql: GraphQLClient
    reporter: Subject
    office: Subject
    report_id: uuid.UUID

    @property
    def gid(self) -> str:
        return str(to_global_id("ProgressReport", self.report_id))

    def run(self, query: str, variables: dict[str, Any], who: Subject) -> Any:
        return root(self.gql, query, {"s": SCHEME, **variables}, who)

    def give(self, value: str | None, who: Subject | None = None) -> Any:
        return self.run(SET, {"r": self.gid, "v": value, "n": "全部完成"}, who or self.reporter)

    def inputs_seq(self) -> int:
        with self.jinfeng.database.tenant_session(self.jinfeng.tenant.id) as session:
            return session.exec(select(Scheme).where(Scheme.code == SCHEME)).one().inputs_seq


@pytest.fixture
def report(jinfeng: Scorers, database: Database) -> Report:
    """良田镇's draft report of B1 for Q3 (a manual indicator: 3.75 points in Q3)."""
    jinfeng.clear("Q3")
    tag = uuid.uuid4().hex[:6]
    tenant, units = jinfeng.tenant, jinfeng.units
    reporter = person(database, tenant, f"lt{tag}", "unit_reporter", unit_id=units["liangtian"])
    office = person(database, tenant, f"kb{tag}", "office")
    with database.tenant_session(tenant.id) as session:
        indicator = session.exec(select(Indicator).where(Indicator.code == "B1")).one()
        assignment = assign_one(session, indicator, units["liangtian"], AssignmentDraft(), office)
        draft = reports.ReportDraft(narrative="已完成第三季度任务")
        made = reports.save_report(session, reporter, assignment.id, "Q3", draft)
        session.commit()
        report_id = made.id
    return Report(jinfeng, GraphQLClient(database), reporter, office, report_id)


def test_the_scorer_sees_the_self_score_and_the_gap(report: Report) -> None:
    given = report.give("3.5")
    assert given["errors"] == []
    assert given["selfAssessment"]["value"] == "3.5"
    assert report.run(READ, {"r": report.gid}, report.reporter) == {
        "period": "Q3",
        "value": "3.5",
        "note": "全部完成",
    }
    leader = report.jinfeng.leader("liangtian")
    assert report.run(ENTER, {}, leader)["errors"] == []
    cells = report.run(BENCH, {}, leader)["nodes"]
    cell = next(c for c in cells if (c["unitCode"], c["indicatorCode"]) == ("liangtian", "B1"))
    assert (cell["scorePoints"], cell["selfScore"], cell["selfGap"]) == ("3.00", "3.5", "-0.50")
    assert report.give(None)["selfAssessment"] is None
    cells = report.run(BENCH, {}, leader)["nodes"]
    cell = next(c for c in cells if (c["unitCode"], c["indicatorCode"]) == ("liangtian", "B1"))
    assert cell["selfScore"] is None
    assert cell["selfGap"] is None


def test_a_compute_ignores_self_scores(report: Report) -> None:
    jinfeng = report.jinfeng
    first = compute(jinfeng.database, jinfeng.tenant, "Q3", report.office)
    seq = report.inputs_seq()
    assert report.give("0")["errors"] == []
    assert report.inputs_seq() == seq
    again = compute(jinfeng.database, jinfeng.tenant, "Q3", report.office)
    assert not again.created
    assert again.run.id == first.run.id
    assert again.run.inputs_version == first.run.inputs_version


@pytest.mark.parametrize("value", ["3.76", "-0.5"])
def test_a_self_score_outside_the_available_points_is_refused(report: Report, value: str) -> None:
    refused = report.give(value)
    assert refused["errors"][0]["code"] == "INVALID", refused
    assert "0～3.75" in refused["errors"][0]["message"]
    assert report.run(READ, {"r": report.gid}, report.reporter) is None


def test_an_infinite_self_score_is_refused_at_the_argument(report: Report) -> None:
    body = report.gql.execute(
        SET,
        {"s": SCHEME, "r": report.gid, "v": "Infinity", "n": "全部完成"},
        subject=report.reporter,
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION"], body
    assert "Infinity" in body["errors"][0]["message"]
    assert report.run(READ, {"r": report.gid}, report.reporter) is None


def test_another_unit_cannot_give_or_read_it(report: Report, database: Database) -> None:
    jinfeng = report.jinfeng
    other = person(
        database,
        jinfeng.tenant,
        f"fd{uuid.uuid4().hex[:6]}",
        "unit_reporter",
        unit_id=jinfeng.units["fengdeng"],
    )
    assert report.give("3", who=other)["errors"][0]["code"] == "NOT_FOUND"
    office = report.gql.execute(SET, {"r": report.gid, "v": "3"}, subject=report.office)
    assert office["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert report.give("3")["errors"] == []
    body = report.gql.execute(READ, {"r": report.gid}, subject=other)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_a_closed_period_or_a_submitted_report_is_read_only(report: Report) -> None:
    jinfeng = report.jinfeng
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        reports.submit(session, report.reporter, report.report_id)
        session.commit()
    refused = report.give("3")
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert (
        "已提交" in refused["errors"][0]["message"]
        or "不能再修改" in refused["errors"][0]["message"]
    )
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        close_period(session, report.office, SCHEME, "Q3", "三季度结束")
        session.commit()
    closed = report.give("3")
    assert closed["errors"][0]["code"] == "CONFLICT"
    assert closed["errors"][0]["field"] == "period"


def test_another_tenant_cannot_give_or_read_it(report: Report, intruder: Subject) -> None:
    assert report.give("3")["errors"] == []
    assert report.give("1", who=intruder)["errors"][0]["code"] == "NOT_FOUND"
    body = report.gql.execute(READ, {"r": report.gid}, subject=intruder)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert report.run(READ, {"r": report.gid}, report.reporter)["value"] == "3"
