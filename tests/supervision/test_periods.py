"""A scheme's periods over GraphQL: three deadlines with their checks, closing and reopening
(refusing the reports of a closed period or scheme, with a message saying which and why), and
late reports (marked, or refused by the tenant setting `late_reports`)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent, AuditOutcome
from jixiao.platform.db import Database
from jixiao.schemes import periods
from jixiao.schemes.models import Scheme, SchemeStatus
from jixiao.tenants.service import update_setting
from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import ASSIGN, SAVE, STEPS, done, gid, payload, step

SCHEME_NAME = "金凤区2015年绩效考评方案"
DEADLINES = """
mutation($d: [PeriodDeadlineInput!]!) { setPeriodDeadlines(schemeCode: "jinfeng-2015",
  deadlines: $d) { deadlines { period periodName reportDue verifyDue scoreDue closed }
  errors { code message field } } }"""
PERIODS = """
query { schemePeriods(schemeCode: "jinfeng-2015") { period name state stateLabel reportDue
  verifyDue scoreDue closedBy closeReason reportsExpected reportsSentUp lateReports } }"""
CLOSE = """
mutation($p: String!, $r: String!) { closePeriod(schemeCode: "jinfeng-2015", period: $p,
  reason: $r) { period { period name state stateLabel closedBy closeReason }
  errors { code message field } } }"""
REOPEN = CLOSE.replace("closePeriod", "reopenPeriod")
LATE = "query($id: ID!) { progressReport(id: $id) { status late lateLabel } }"
BOARD = """
query { supervisionBoard(schemeCode: "jinfeng-2015", period: "Q1", first: 50) {
  nodes { unitCode late overdue } } }"""


@pytest.fixture
def quarter(database: Database) -> Quarter:
    return build_quarter(database)


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _assignment(quarter: Quarter) -> str:
    """A2 given to 良田镇 (发改局 monitors it)."""
    made = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "milestones": [],
        },
    )
    return str(made["assignments"][0]["id"])


def _draft(assignment: str) -> dict[str, Any]:
    return {"assignmentId": assignment, "period": "Q1", "completion": "95", "actual": "80"}


def _deadlines(quarter: Quarter, *entries: dict[str, Any]) -> dict[str, Any]:
    body = quarter.as_("office").gql(DEADLINES, {"d": list(entries)})
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["setPeriodDeadlines"]
    return found


def _periods(quarter: Quarter, who: str = "office") -> dict[str, dict[str, Any]]:
    body = quarter.as_(who).gql(PERIODS)
    assert "errors" not in body, body
    return {row["period"]: row for row in body["data"]["schemePeriods"]}


def _close(quarter: Quarter, period: str, reason: str, *, reopen: bool = False) -> Any:
    return payload(quarter.as_("office"), REOPEN if reopen else CLOSE, p=period, r=reason)


def _audit(quarter: Quarter, prefix: str) -> list[tuple[str, Any, Any, str | None]]:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        rows = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).like(f"{prefix}%"))
            .where(AuditEvent.outcome == AuditOutcome.SUCCESS)
            .order_by(col(AuditEvent.seq))
        ).all()
        return [(r.action, _json(r.before), _json(r.after), r.reason) for r in rows]


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


def test_three_deadlines_are_checked_and_an_omitted_one_is_kept(quarter: Quarter) -> None:
    today = _today()
    report, verify, score = (today + timedelta(days=n) for n in (10, 20, 30))
    set_ = _deadlines(
        quarter,
        {"period": "Q1", "reportDue": str(report), "verifyDue": str(verify)},
        {"period": "annual", "scoreDue": str(score)},
    )
    assert set_["errors"] == []
    assert set_["deadlines"] == [
        {
            "period": "Q1",
            "periodName": "第一季度",
            "reportDue": str(report),
            "verifyDue": str(verify),
            "scoreDue": None,
            "closed": False,
        },
        {
            "period": "annual",
            "periodName": "全年",
            "reportDue": None,
            "verifyDue": None,
            "scoreDue": str(score),
            "closed": False,
        },
    ]
    # Scoring before verification: refused, naming the field.
    early = _deadlines(quarter, {"period": "Q1", "scoreDue": str(verify - timedelta(days=1))})
    assert early["errors"] == [
        {
            "code": "INVALID",
            "message": f"第 1 项：评分截止日 {verify - timedelta(days=1)} 不能早于核实截止日 {verify}",
            "field": "deadlines[0].scoreDue",
        }
    ]
    # Verification before reporting, in the second entry.
    wrong = _deadlines(
        quarter,
        {"period": "Q2", "reportDue": str(report)},
        {"period": "Q1", "verifyDue": str(report - timedelta(days=1))},
    )
    assert wrong["errors"][0]["field"] == "deadlines[1].verifyDue"
    assert "核实截止日" in wrong["errors"][0]["message"]
    assert "不能早于填报截止日" in wrong["errors"][0]["message"]
    # A date outside the scheme's year and the next: a typo, refused.
    typo = _deadlines(quarter, {"period": "Q1", "reportDue": "2014-04-10"})
    assert typo["errors"][0]["field"] == "deadlines[0].reportDue"
    assert "填报截止日 2014-04-10 须在 2015-01-01 到" in typo["errors"][0]["message"]
    unknown = _deadlines(quarter, {"period": "Q9", "reportDue": str(report)})
    assert unknown["errors"][0]["field"] == "deadlines[0].period"
    assert "第一季度（Q1）" in unknown["errors"][0]["message"]
    # Only the report deadline moves (the old argument shape): the others stay.
    later = report + timedelta(days=2)
    moved = _deadlines(quarter, {"period": "Q1", "reportDue": str(later)})
    assert moved["deadlines"][0]["reportDue"] == str(later)
    assert moved["deadlines"][0]["verifyDue"] == str(verify)
    # Null clears; a period with nothing left has no row.
    cleared = _deadlines(quarter, {"period": "annual", "scoreDue": None})
    assert [row["period"] for row in cleared["deadlines"]] == ["Q1"]
    periods = _periods(quarter)
    assert list(periods) == ["Q1", "Q2", "Q3", "Q4", "annual"]
    assert [row["name"] for row in periods.values()] == [
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
        "全年",
    ]
    assert periods["Q1"]["reportDue"] == str(later)
    assert periods["Q1"]["stateLabel"] == "进行中"
    changes = _audit(quarter, "supervision.deadlines")
    assert len(changes) == 3  # the refused attempts changed nothing
    assert changes[0][2]["changes"][0]["after"]["verify_due"] == str(verify)


def test_a_closed_period_refuses_reports_until_the_office_reopens_it(quarter: Quarter) -> None:
    assignment = _assignment(quarter)
    reporter = quarter.as_("lt-reporter")
    report = done(reporter, SAVE, input=_draft(assignment))["report"]

    closed = _close(quarter, "Q1", "第一季度考评结束")
    assert closed["errors"] == []
    assert closed["period"] == {
        "period": "Q1",
        "name": "第一季度",
        "state": "CLOSED",
        "stateLabel": "已关闭",
        "closedBy": "office",
        "closeReason": "第一季度考评结束",
    }
    today = _today()
    refused = payload(reporter, SAVE, input=_draft(assignment))
    assert refused["errors"] == [
        {
            "code": "CONFLICT",
            "message": f"「{SCHEME_NAME}」第一季度 已于 {today} 由 office 关闭：第一季度考评结束，"
            "不能再填报进度（如需更正，请考评办重新开放该期间）",
            "field": "period",
        }
    ]
    submit = payload(reporter, STEPS["submitProgressReport"], id=report["id"])
    assert submit["errors"][0]["code"] == "CONFLICT"
    assert "不能再提交填报" in submit["errors"][0]["message"]
    # Other periods are open.
    q2 = done(reporter, SAVE, input={**_draft(assignment), "period": "Q2"})
    assert q2["report"]["period"] == "Q2"
    # Closing twice is a conflict; the reporter cannot reopen; reopening needs a reason.
    again = _close(quarter, "Q1", "再关一次")
    assert again["errors"][0]["code"] == "CONFLICT"
    assert "已于" in again["errors"][0]["message"]
    assert "errors" in reporter.gql(REOPEN, {"p": "Q1", "r": "想改"})
    blank = _close(quarter, "Q1", "  ", reopen=True)
    assert blank["errors"] == [
        {"code": "INVALID", "message": "重新开放期间须说明原因", "field": "reason"}
    ]
    assert _periods(quarter)["Q1"]["state"] == "CLOSED"

    reopened = _close(quarter, "Q1", "补录良田镇材料", reopen=True)
    assert reopened["period"]["state"] == "OPEN"
    assert reopened["period"]["closedBy"] is None
    assert done(reporter, SAVE, input=_draft(assignment))["report"]["status"] == "DRAFT"
    step(reporter, "submitProgressReport", report["id"])
    assert [(action, reason) for action, _, _, reason in _audit(quarter, "period.")] == [
        ("period.close", "第一季度考评结束"),
        ("period.reopen", "补录良田镇材料"),
    ]
    _, before, after, _ = _audit(quarter, "period.reopen")[0]
    assert (before["state"], before["closedBy"], after["state"]) == ("closed", "office", "open")
    assert _close(quarter, "Q1", "没关过", reopen=True)["errors"][0]["code"] == "CONFLICT"


def test_a_closed_period_refuses_verification_and_evidence(quarter: Quarter) -> None:
    assignment = _assignment(quarter)
    reporter, head, monitor = (quarter.as_(u) for u in ("lt-reporter", "lt-head", "fgj"))
    report = done(reporter, SAVE, input=_draft(assignment))["report"]
    step(reporter, "submitProgressReport", report["id"])
    assert step(head, "approveProgressReport", report["id"])["status"] == "REPORTED"
    _close(quarter, "Q1", "核实期已过")
    verify = payload(
        monitor, STEPS["verifyProgressReport"], id=report["id"], value="80", note="属实"
    )
    assert verify["errors"][0]["code"] == "CONFLICT"
    assert verify["errors"][0]["message"].startswith(f"「{SCHEME_NAME}」第一季度 已于")
    assert "核实期已过，不能再核实填报" in verify["errors"][0]["message"]
    returned = payload(monitor, STEPS["rejectProgressReport"], id=report["id"], reason="补材料")
    assert "不能再退回填报" in returned["errors"][0]["message"]
    _close(quarter, "Q1", "核实延期", reopen=True)
    assert step(monitor, "verifyProgressReport", report["id"], value="80", note="属实")


def test_a_closed_scheme_refuses_reports_and_deadlines(quarter: Quarter) -> None:
    assignment = _assignment(quarter)
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        scheme = session.exec(select(Scheme)).one()
        scheme.status, scheme.closed_by = SchemeStatus.CLOSED, "王主任"
        scheme.closed_at = datetime(2016, 1, 5, 2, 0, tzinfo=ZoneInfo("UTC"))
        session.add(scheme)
        session.commit()
    refused = payload(quarter.as_("lt-reporter"), SAVE, input=_draft(assignment))
    assert refused["errors"] == [
        {
            "code": "CONFLICT",
            "message": f"方案「{SCHEME_NAME}」已关闭（2016-01-05 由 王主任 关闭），不能再填报进度",
            "field": "schemeCode",
        }
    ]
    due = _deadlines(quarter, {"period": "Q1", "reportDue": "2015-04-10"})
    assert "不能再设置截止日" in due["errors"][0]["message"]
    assert "不能再关闭期间" in _close(quarter, "Q1", "年终")["errors"][0]["message"]


def test_a_late_report_is_accepted_and_marked_late_everywhere(quarter: Quarter) -> None:
    assignment = _assignment(quarter)
    reporter = quarter.as_("lt-reporter")
    on_time = done(reporter, SAVE, input=_draft(assignment))["report"]
    assert reporter.gql(LATE, {"id": on_time["id"]})["data"]["progressReport"]["late"] is False
    yesterday = _today() - timedelta(days=1)
    _deadlines(quarter, {"period": "Q1", "reportDue": str(yesterday)})
    # Saved again (or submitted) after the deadline's day: late.
    done(reporter, SAVE, input=_draft(assignment))
    step(reporter, "submitProgressReport", on_time["id"])
    shown = reporter.gql(LATE, {"id": on_time["id"]})["data"]["progressReport"]
    assert shown == {"status": "SUBMITTED", "late": True, "lateLabel": "逾期上报"}
    board = quarter.as_("office").gql(BOARD)["data"]["supervisionBoard"]["nodes"]
    assert [(row["unitCode"], row["late"]) for row in board] == [("liangtian", True)]
    periods = _periods(quarter)
    assert (periods["Q1"]["reportsExpected"], periods["Q1"]["lateReports"]) == (1, 1)
    assert periods["Q1"]["reportsSentUp"] == 0
    # The unit sees its own counts; another unit's reporter sees none of them.
    assert _periods(quarter, "fd-reporter")["Q1"]["reportsExpected"] == 0
    # A period without a deadline has no late reports.
    q2 = done(reporter, SAVE, input={**_draft(assignment), "period": "Q2"})["report"]
    assert reporter.gql(LATE, {"id": q2["id"]})["data"]["progressReport"]["late"] is False


def test_the_refuse_setting_turns_late_reports_away_but_not_corrections(
    quarter: Quarter,
) -> None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        update_setting(session, "late_reports", "refuse")
        session.commit()
    assignment = _assignment(quarter)
    reporter, head = quarter.as_("lt-reporter"), quarter.as_("lt-head")
    report = done(reporter, SAVE, input=_draft(assignment))["report"]
    step(reporter, "submitProgressReport", report["id"])
    step(head, "returnProgressReport", report["id"], reason="数据有误")
    yesterday = _today() - timedelta(days=1)
    _deadlines(quarter, {"period": "Q1", "reportDue": str(yesterday)})
    # The unit sent it on time: its correction is accepted, and not late.
    fixed = done(reporter, SAVE, input=_draft(assignment))["report"]
    assert fixed["version"] == 2
    step(reporter, "submitProgressReport", fixed["id"])
    assert reporter.gql(LATE, {"id": fixed["id"]})["data"]["progressReport"]["late"] is False
    # Another unit's first report after the deadline: refused, naming the deadline.
    other = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["fengdeng"])],
            "milestones": [],
        },
    )["assignments"][0]["id"]
    late = payload(quarter.as_("fd-reporter"), SAVE, input=_draft(other))
    assert late["errors"] == [
        {
            "code": "CONFLICT",
            "message": f"「{SCHEME_NAME}」第一季度 的填报已于 {yesterday} 截止，"
            "按系统设置逾期填报不予接收，不能再填报进度；如确需补报，请联系考评办调整截止日",
            "field": "period",
        }
    ]


def test_the_deadline_day_is_the_tenants(quarter: Quarter, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report at 23:30 in 金凤区 on the deadline day is on time; ten past midnight is late."""
    due = date(_today().year + 1, 4, 10)
    evening = datetime(due.year, 4, 10, 15, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 in Shanghai
    assignment = _assignment(quarter)
    _deadlines(quarter, {"period": "Q1", "reportDue": str(due)})
    monkeypatch.setattr(periods, "utcnow", lambda: evening)
    reporter = quarter.as_("lt-reporter")
    report = done(reporter, SAVE, input=_draft(assignment))["report"]
    assert reporter.gql(LATE, {"id": report["id"]})["data"]["progressReport"]["late"] is False
    monkeypatch.setattr(periods, "utcnow", lambda: evening + timedelta(minutes=40))
    done(reporter, SAVE, input=_draft(assignment))
    assert reporter.gql(LATE, {"id": report["id"]})["data"]["progressReport"]["late"] is True
