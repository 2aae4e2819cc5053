"""The engine's rules where a report's values are entered and verified: what the engine would
refuse is refused at entry, and nothing verified can stop a compute (issue 16's A1/Q1 case)."""

from __future__ import annotations

from sqlmodel import select

from jixiao.schemes.inputs import engine_inputs
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter
from tests.assignments.support import ASSIGN, SAVE, STEPS, done, gid, payload, step


def _assign_a1(quarter: Quarter) -> str:
    result = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A1"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "targetValue": "100",
            "targetText": "招商引资到位资金完成目标",
            "deadline": "2015-12-20",
            "milestones": [],
        },
    )
    return str(result["assignments"][0]["id"])


def test_a_refused_actual_never_reaches_the_engine(quarter: Quarter) -> None:
    assignment = _assign_a1(quarter)  # A1 has shares in Q2 and Q4 only; 招商局 monitors it
    reporter, head, monitor = quarter.as_("lt-reporter"), quarter.as_("lt-head"), quarter.as_("zsj")
    negative = payload(
        reporter, SAVE, input={"assignmentId": assignment, "period": "Q1", "actual": "-5"}
    )
    assert negative["errors"][0]["field"] == "actual"
    assert "不能为负数" in negative["errors"][0]["message"]
    draft = {"assignmentId": assignment, "period": "Q1", "actual": "5", "narrative": "已洽谈"}
    report = done(reporter, SAVE, input=draft)["report"]
    step(reporter, "submitProgressReport", report["id"])
    step(head, "approveProgressReport", report["id"])  # sent up too (one-step approval)
    refused = payload(monitor, STEPS["verifyProgressReport"], id=report["id"], value="-5", note="")
    assert refused["errors"][0]["field"] == "value"
    verified = step(monitor, "verifyProgressReport", report["id"], value="4", note="核实")
    assert verified["status"] == "VERIFIED"
    assert verified["verifiedValue"] == "4"
    db, tenant = quarter.database, quarter.tenant.id
    with db.tenant_session(tenant) as session:
        # Q1 carries no share of A1: the value stays on the report, no score is written ...
        written = session.exec(
            select(Score).where(
                Score.unit_id == quarter.units["liangtian"],
                Score.indicator_id == quarter.indicators["A1"],
                Score.period == "Q1",
            )
        ).all()
        assert written == []
        # ... and the scheme's inputs still load for a compute
        assert engine_inputs(session, "jinfeng-2015").data.scores
