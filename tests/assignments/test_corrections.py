"""Taking back and correcting (issue 16, 3): a reporter withdraws a submitted report, a scorer
their own draft; the office corrects a verified value or a submitted score with a reason.
Nobody else may do any of it."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter
from tests.assignments.support import ASSIGN, REPORT_FIELDS, SAVE, done, gid, payload, step

SCHEME = "jinfeng-2015"
WITHDRAW_REPORT = f"""
mutation W($id: ID!) {{
  withdrawProgressReport(id: $id) {{ report {{ {REPORT_FIELDS} }} errors {{ code message field }} }}
}}"""
CORRECT_REPORT = f"""
mutation C($id: ID!, $value: Decimal!, $reason: String!) {{
  correctVerifiedValue(id: $id, value: $value, reason: $reason) {{
    report {{ {REPORT_FIELDS} }} errors {{ code message field }}
  }}
}}"""
WITHDRAW_SCORES = """
mutation W($cells: [ScoreCellInput!]!) {
  withdrawScores(schemeCode: "jinfeng-2015", period: "Q2", cells: $cells) {
    withdrawn errors { code message field }
  }
}"""
CORRECT_SCORE = """
mutation C($entry: ScoreEntryInput!, $reason: String!) {
  correctScore(schemeCode: "jinfeng-2015", period: "Q2", entry: $entry, reason: $reason) {
    scores { actual status enteredBy } errors { code message field }
  }
}"""
REOPEN = """
mutation R {
  reopenScores(schemeCode: "jinfeng-2015", period: "Q2", unitCodes: ["fengdeng"],
               indicatorCodes: ["A1"], reason: "重新核实") { reopened errors { message } }
}"""
ENTER = """
mutation E($entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: "jinfeng-2015", period: "Q2", entries: $entries) {
    scores { status } errors { code message field }
  }
}"""


def _report(quarter: Quarter) -> str:
    """A submitted Q1 report of 良田镇 on A2 (linear, monitored by 发改局)."""
    assigned = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "targetValue": "100",
            "targetText": "固定资产投资",
            "deadline": "2015-12-20",
            "milestones": [],
        },
    )
    assignment = assigned["assignments"][0]["id"]
    reporter = quarter.as_("lt-reporter")
    draft = {"assignmentId": assignment, "period": "Q1", "actual": "70", "narrative": "进展"}
    report = done(reporter, SAVE, input=draft)["report"]
    step(reporter, "submitProgressReport", report["id"])
    return str(report["id"])


def _verified(quarter: Quarter, report_id: str) -> None:
    head = quarter.as_("lt-head")
    if step(head, "approveProgressReport", report_id)["status"] == "APPROVED":
        step(head, "sendUpProgressReport", report_id)  # the two-step flow
    step(quarter.as_("fgj"), "verifyProgressReport", report_id, value="80", note="核实")


def _audit(quarter: Quarter, action: str) -> AuditEvent:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        return session.exec(
            select(AuditEvent).where(AuditEvent.action == action, AuditEvent.outcome == "success")
        ).one()


def test_the_reporter_withdraws_a_submitted_report_before_the_head_acts(quarter: Quarter) -> None:
    report = _report(quarter)
    other_unit = payload(quarter.as_("fd-reporter"), WITHDRAW_REPORT, id=report)
    assert other_unit["errors"][0]["code"] == "NOT_FOUND"  # another unit's report is not seen
    assert "errors" in quarter.as_("zsj").gql(WITHDRAW_REPORT, {"id": report})  # no report:write

    back = done(quarter.as_("lt-reporter"), WITHDRAW_REPORT, id=report)["report"]
    assert back["status"] == "DRAFT"
    assert back["history"][-1]["action"] == "withdraw"
    assert back["history"][-1]["fromStatus"] == "submitted"
    again = payload(quarter.as_("lt-reporter"), WITHDRAW_REPORT, id=report)
    assert again["errors"][0]["code"] == "CONFLICT"

    step(quarter.as_("lt-reporter"), "submitProgressReport", report)
    step(quarter.as_("lt-head"), "approveProgressReport", report)
    late = payload(quarter.as_("lt-reporter"), WITHDRAW_REPORT, id=report)
    assert late["errors"][0]["code"] == "CONFLICT"
    assert "只有「已提交」的可以" in late["errors"][0]["message"]


def test_the_office_corrects_a_verified_value_with_a_reason(quarter: Quarter) -> None:
    report = _report(quarter)
    _verified(quarter, report)
    office = quarter.as_("office")
    wanted: dict[str, Any] = {"id": report, "value": "90", "reason": "复核发现统计口径有误"}
    for name in ("fgj", "lt-reporter", "lt-head"):  # not the office: not even the verifier
        assert "errors" in quarter.as_(name).gql(CORRECT_REPORT, wanted)
    assert payload(office, CORRECT_REPORT, **{**wanted, "reason": " "})["errors"][0]["field"] == (
        "reason"
    )
    negative = payload(office, CORRECT_REPORT, **{**wanted, "value": "-1"})
    assert negative["errors"][0]["field"] == "value"

    corrected = done(office, CORRECT_REPORT, **wanted)["report"]
    assert corrected["status"] == "VERIFIED"
    assert corrected["verifiedValue"] == "90"
    last = corrected["history"][-1]
    assert (last["action"], last["reason"], last["value"]) == ("correct", wanted["reason"], "90")
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        score = session.exec(
            select(Score).where(
                Score.unit_id == quarter.units["liangtian"],
                Score.indicator_id == quarter.indicators["A2"],
                Score.period == "Q1",
            )
        ).one()
        assert str(score.actual) == "90"
    event = _audit(quarter, "report.correct")
    assert event.reason == wanted["reason"]
    assert json.loads(event.before or "{}") == {"verified_value": "80"}


def test_a_scorer_withdraws_only_their_own_draft(quarter: Quarter) -> None:
    office, zsj, fgj = quarter.as_("office"), quarter.as_("zsj"), quarter.as_("fgj")
    assert done(office, REOPEN)["reopened"] == 1
    cell = {"unitCode": "fengdeng", "indicatorCode": "A1"}
    done(zsj, ENTER, entries=[{**cell, "actual": "88"}])

    not_theirs = payload(fgj, WITHDRAW_SCORES, cells=[cell])  # 发改局 does not score A1
    assert not_theirs["errors"][0]["code"] == "FORBIDDEN"
    submitted = payload(zsj, WITHDRAW_SCORES, cells=[{**cell, "unitCode": "liangtian"}])
    assert submitted["errors"][0]["code"] == "CONFLICT"
    assert "须考评办退回" in submitted["errors"][0]["message"]

    assert done(zsj, WITHDRAW_SCORES, cells=[cell])["withdrawn"] == 1
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        assert (
            session.exec(
                select(Score).where(
                    Score.unit_id == quarter.units["fengdeng"],
                    Score.indicator_id == quarter.indicators["A1"],
                    Score.period == "Q2",
                )
            ).first()
            is None
        )
    gone = payload(zsj, WITHDRAW_SCORES, cells=[cell])
    assert "没有您的评分草稿" in gone["errors"][0]["message"]
    assert json.loads(_audit(quarter, "score.withdraw").before or "{}")["entries"][0]["actual"]


def test_the_office_corrects_a_submitted_score_with_a_reason(quarter: Quarter) -> None:
    office, zsj = quarter.as_("office"), quarter.as_("zsj")
    entry = {"unitCode": "liangtian", "indicatorCode": "A1", "actual": "77"}
    assert "errors" in zsj.gql(CORRECT_SCORE, {"entry": entry, "reason": "更正"})
    assert payload(office, CORRECT_SCORE, entry=entry, reason="")["errors"][0]["field"] == "reason"
    negative = payload(office, CORRECT_SCORE, entry={**entry, "actual": "-3"}, reason="更正")
    assert negative["errors"][0]["field"] == "entry"
    assert "不能为负数" in negative["errors"][0]["message"]

    corrected = done(office, CORRECT_SCORE, entry=entry, reason="统计局复核数据")["scores"]
    assert corrected == [{"actual": "77", "status": "RECORDED", "enteredBy": "office"}]
    event = _audit(quarter, "score.correct")
    assert event.reason == "统计局复核数据"
    assert json.loads(event.after or "{}")["actual"] == "77"

    assert done(office, REOPEN)["reopened"] == 1
    draft = {**entry, "unitCode": "fengdeng"}
    done(zsj, ENTER, entries=[{**draft, "actual": "60"}])
    still_draft = payload(office, CORRECT_SCORE, entry=draft, reason="更正")
    assert still_draft["errors"][0]["code"] == "CONFLICT"
