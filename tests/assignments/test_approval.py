"""A head's approval in one step (the default) or two (the tenant setting `report_approval`):
what each home's query shows as waiting, who is told, and the board's light agreeing with it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.identity.models import User
from jixiao.notices.models import Notification
from jixiao.platform.errors import InvalidInput
from jixiao.tenants.service import list_settings, update_setting
from tests.assignments.conftest import Quarter
from tests.assignments.support import ASSIGN, SAVE, STEPS, done, gid, payload, step
from tests.factories import Browser

# The home pages' queries (portal/src/api/home.graphql): a head's queue, a department's queue.
QUEUE = """
query($statuses: [ReportStatus!]) {
  progressReports(period: "Q1", statuses: $statuses, first: 100) { nodes { id status } }
}"""
MODE = "{ viewer { reportApproval } }"
BOARD = """
query { supervisionBoard(schemeCode: "jinfeng-2015", period: "Q1", first: 50) {
  nodes { unitCode indicatorCode light why overdue approved reported } } }"""
DEADLINES = """
mutation($d: [PeriodDeadlineInput!]!) { setPeriodDeadlines(schemeCode: "jinfeng-2015",
  deadlines: $d) { errors { code message field } } }"""
HEAD_WAITS = ["SUBMITTED", "APPROVED"]


def _submitted(quarter: Quarter) -> str:
    """A2 given to 良田镇 (发改局 monitors it), its Q1 report written and submitted."""
    made = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "milestones": [],
        },
    )
    assignment = made["assignments"][0]["id"]
    reporter = quarter.as_("lt-reporter")
    draft = {"assignmentId": assignment, "period": "Q1", "completion": "95", "actual": "80"}
    report = done(reporter, SAVE, input=draft)["report"]
    step(reporter, "submitProgressReport", report["id"])
    return str(report["id"])


def _queue(browser: Browser, statuses: list[str]) -> list[tuple[str, str]]:
    body = browser.gql(QUEUE, {"statuses": statuses})
    assert "errors" not in body, body
    return [(n["id"], n["status"]) for n in body["data"]["progressReports"]["nodes"]]


def _board_row(quarter: Quarter) -> dict[str, Any]:
    body = quarter.as_("office").gql(BOARD)
    assert "errors" not in body, body
    [row] = [n for n in body["data"]["supervisionBoard"]["nodes"] if n["unitCode"] == "liangtian"]
    return dict(row)


def _told(quarter: Quarter, username: str) -> list[str]:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        return list(
            session.exec(
                select(Notification.title)
                .where(Notification.user_id == user.id)
                .order_by(col(Notification.created_at))
            ).all()
        )


def _deadline(quarter: Quarter, due: date) -> None:
    body = quarter.as_("office").gql(DEADLINES, {"d": [{"period": "Q1", "reportDue": str(due)}]})
    assert body["data"]["setPeriodDeadlines"]["errors"] == [], body


def _two_step(quarter: Quarter) -> None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        update_setting(session, "report_approval", "two_step")
        session.commit()


def test_approval_sends_the_report_up_in_one_step_by_default(quarter: Quarter) -> None:
    report = _submitted(quarter)
    head, monitor = quarter.as_("lt-head"), quarter.as_("fgj")
    _deadline(quarter, date.today() + timedelta(days=60))
    assert head.gql(MODE)["data"]["viewer"]["reportApproval"] == "ONE_STEP"
    assert _queue(head, HEAD_WAITS) == [(report, "SUBMITTED")]
    row = _board_row(quarter)
    assert (row["light"], row["why"]) == ("YELLOW", "已提交，待单位负责人审核")
    assert _told(quarter, "fgj") == []

    approved = step(head, "approveProgressReport", report)
    assert approved["status"] == "REPORTED"
    assert [(e["action"], e["fromStatus"], e["toStatus"]) for e in approved["history"]] == [
        ("create", None, "draft"),
        ("submit", "draft", "submitted"),
        ("approve", "submitted", "approved"),
        ("report", "approved", "reported"),
    ]
    # Nothing waits for the head; the monitoring department has it to verify, and was told.
    assert _queue(head, HEAD_WAITS) == []
    assert _queue(monitor, ["REPORTED"]) == [(report, "REPORTED")]
    assert _told(quarter, "fgj") == ["待核实：良田镇「固定资产投资完成率」Q1 进度填报"]
    assert "已审核：「固定资产投资完成率」Q1 进度填报" in _told(quarter, "lt-reporter")
    row = _board_row(quarter)
    assert (row["light"], row["why"], row["reported"]) == ("GREEN", "完成进度 95%", True)
    # Both steps audited.
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        actions = session.exec(
            select(AuditEvent.action).where(col(AuditEvent.action).like("report.%"))
        ).all()
    assert {"report.approve", "report.report"} <= set(actions)
    # Sent up already: there is nothing left to send up.
    again = payload(head, STEPS["sendUpProgressReport"], id=report)
    assert again["errors"][0]["code"] == "CONFLICT"
    assert "已上报" in again["errors"][0]["message"]


def test_two_step_approval_waits_for_the_head_to_send_it_up(quarter: Quarter) -> None:
    _two_step(quarter)
    report = _submitted(quarter)
    head, monitor = quarter.as_("lt-head"), quarter.as_("fgj")
    _deadline(quarter, date.today() + timedelta(days=60))
    assert head.gql(MODE)["data"]["viewer"]["reportApproval"] == "TWO_STEP"

    assert step(head, "approveProgressReport", report)["status"] == "APPROVED"
    # Still the head's: to send up. Not yet the department's; nobody told it.
    assert _queue(head, HEAD_WAITS) == [(report, "APPROVED")]
    assert _queue(monitor, ["REPORTED"]) == []
    assert _told(quarter, "fgj") == []
    row = _board_row(quarter)
    assert (row["light"], row["why"]) == ("YELLOW", "已审核，待上报")
    assert (row["approved"], row["reported"], row["overdue"]) == (True, False, False)

    # Past the deadline it is late, and the board says where it stopped.
    _deadline(quarter, date.today() - timedelta(days=1))
    row = _board_row(quarter)
    late = f"已过填报截止日 {date.today() - timedelta(days=1):%Y-%m-%d}，已审核尚未上报"
    assert (row["light"], row["why"], row["overdue"]) == ("RED", late, True)

    assert step(head, "sendUpProgressReport", report)["status"] == "REPORTED"
    assert _queue(head, HEAD_WAITS) == []
    assert _queue(monitor, ["REPORTED"]) == [(report, "REPORTED")]
    assert _told(quarter, "fgj") == ["待核实：良田镇「固定资产投资完成率」Q1 进度填报"]


def test_the_setting_is_listed_and_checked(quarter: Quarter) -> None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        [row] = [s for s in list_settings(session) if s.key == "report_approval"]
        assert row.value == "one_step"
        with pytest.raises(InvalidInput) as refused:
            update_setting(session, "report_approval", "three_step")
    assert "填报审核方式" in refused.value.message
    assert "one_step / two_step" in refused.value.message
