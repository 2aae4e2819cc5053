"""A binding indicator scored from its verified value: the department says whether it was met, so
the score row it writes is one the engine takes (a row without `met` would stop every compute)."""

from __future__ import annotations

from sqlmodel import col, delete, select

from jixiao.schemes.models import Indicator
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter
from tests.assignments.support import SAVE, assign_a2, done, payload, step

VERIFY = """mutation($id: ID!, $value: Decimal!, $met: Boolean) {
  verifyProgressReport(id: $id, value: $value, note: "", met: $met) {
    report { status verifiedValue } errors { code message field } } }"""
PROBLEMS = """query { schemeProblems(schemeCode: "jinfeng-2015") { text } }"""


def _reported(quarter: Quarter) -> str:
    """A2 made binding (its imported scores gone); 良田镇's Q1 report of it, sent up to 发改局."""
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        leaf = session.exec(select(Indicator).where(Indicator.code == "A2")).one()
        leaf.binding = True
        session.add(leaf)
        session.exec(delete(Score).where(col(Score.indicator_id) == leaf.id))
        session.commit()
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    task = assign_a2(office, quarter.indicators["A2"], quarter.units["liangtian"])
    report = done(reporter, SAVE, input={"assignmentId": task, "period": "Q1", "actual": "80"})
    report_id: str = report["report"]["id"]
    step(reporter, "submitProgressReport", report_id)
    step(quarter.as_("lt-head"), "approveProgressReport", report_id)
    return report_id


def _score(quarter: Quarter) -> Score | None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        return session.exec(
            select(Score).where(
                Score.indicator_id == quarter.indicators["A2"],
                Score.unit_id == quarter.units["liangtian"],
                Score.period == "Q1",
            )
        ).first()


def test_verifying_a_binding_indicator_asks_whether_it_was_met(quarter: Quarter) -> None:
    report_id = _reported(quarter)
    monitor = quarter.as_("fgj")

    refused = payload(monitor, VERIFY, id=report_id, value="78", met=None)
    assert refused["errors"] == [
        {
            "code": "INVALID",
            "message": "「固定资产投资完成率」是约束性指标：核实时须选择是否达标",
            "field": "met",
        }
    ]
    assert _score(quarter) is None  # nothing written: no row the engine would refuse

    verified = done(monitor, VERIFY, id=report_id, value="78", met=False)["report"]
    assert (verified["status"], verified["verifiedValue"]) == ("VERIFIED", "78")
    row = _score(quarter)
    assert row is not None
    assert (row.actual, row.met) == (78, False)
    problems = quarter.as_("office").gql(PROBLEMS)
    assert problems["data"]["schemeProblems"] == [], problems
