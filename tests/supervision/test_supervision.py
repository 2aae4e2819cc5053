"""Supervision: period deadlines, lights by the tenant's thresholds, supervision notices with
replies, and period-deadline reminders escalating reporter → head → office, each sent once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from jixiao.identity.models import User
from jixiao.identity.service import create_user
from jixiao.notices import reminders
from jixiao.notices.models import Notification, NotificationKind
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.policies.service import assign_roles
from jixiao.schemes.models import Scheme
from jixiao.supervision import reminders as cycle_reminders
from jixiao.supervision.models import PeriodDeadline
from jixiao.tenants.service import update_setting
from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import ASSIGN, SAVE, done, gid, step
from tests.factories import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")
BOARD = """
query { supervisionBoard(schemeCode: "jinfeng-2015", period: "Q1", first: 50) {
  nodes { unitCode light why progress overdue } } }"""
SEND = """
mutation($input: SupervisionNoticeInput!) { sendSupervisionNotice(input: $input) {
  notice { id title state stateLabel unitCode replyDue overdue reply }
  errors { code message field } } }"""
REPLY = """
mutation($id: ID!, $reply: String!) { replySupervisionNotice(id: $id, reply: $reply) {
  notice { state reply repliedBy } errors { code message field } } }"""
CLOSE = """
mutation($id: ID!) { closeSupervisionNotice(id: $id, note: "已整改") {
  notice { state closeNote closedBy } errors { code message } } }"""
NOTICES = "{ supervisionNotices { nodes { id title unitCode state } } }"
DEADLINES = """
mutation($d: [PeriodDeadlineInput!]!) { setPeriodDeadlines(schemeCode: "jinfeng-2015",
  deadlines: $d) { deadlines { period reportDue } errors { code message field } } }"""


@pytest.fixture
def quarter(database: Database) -> Quarter:
    built = build_quarter(database)
    with database.tenant_session(built.tenant.id) as session:
        user, _ = create_user(session, username="ducha", display_name="督查组", password=PASSWORD)
        user.must_change_password, user.password_changed_at = False, utcnow()
        session.add(user)
        session.flush()
        assign_roles(session, None, user.id, ["supervision"])
        session.commit()
    return built


def _assign(quarter: Quarter, milestone: str | None = "80") -> str:
    made = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "milestones": [{"period": "Q1", "text": "完成80%", "value": milestone}],
        },
    )
    return str(made["assignments"][0]["id"])


def _report_up(quarter: Quarter, assignment: str, actual: str) -> str:
    reporter, head = quarter.as_("lt-reporter"), quarter.as_("lt-head")
    report = done(
        reporter, SAVE, input={"assignmentId": assignment, "period": "Q1", "actual": actual}
    )["report"]
    step(reporter, "submitProgressReport", report["id"])
    step(head, "approveProgressReport", report["id"])  # sent up too (one-step approval)
    return str(report["id"])


def _board(quarter: Quarter) -> list[dict[str, Any]]:
    found = quarter.as_("ducha").gql(BOARD)
    assert "errors" not in found, found
    return list(found["data"]["supervisionBoard"]["nodes"])


def _set(quarter: Quarter, key: str, value: str) -> None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        update_setting(session, key, value)
        session.commit()


def test_lights_follow_the_tenants_thresholds(quarter: Quarter) -> None:
    assignment = _assign(quarter)
    future = (date.today() + timedelta(days=60)).isoformat()
    office = quarter.as_("office")
    set_due = office.gql(DEADLINES, {"d": [{"period": "Q1", "reportDue": future}]})
    assert set_due["data"]["setPeriodDeadlines"]["errors"] == []
    [row] = _board(quarter)
    assert (row["light"], row["why"]) == ("NONE", "未到截止日")
    _report_up(quarter, assignment, "56")  # 56 of 80: 70%
    [row] = _board(quarter)
    assert (row["light"], row["progress"]) == ("YELLOW", "70.0")
    assert "低于 90%" in row["why"]
    _set(quarter, "supervision_green_percent", "70")
    assert _board(quarter)[0]["light"] == "GREEN"
    _set(quarter, "supervision_green_percent", "95")
    _set(quarter, "supervision_yellow_percent", "75")
    assert _board(quarter)[0]["light"] == "RED"
    # An unknown period and a period given twice are refused, naming the entry.
    bad = office.gql(
        DEADLINES,
        {"d": [{"period": "Q1", "reportDue": future}, {"period": "Q9", "reportDue": future}]},
    )["data"]["setPeriodDeadlines"]["errors"][0]
    assert (bad["field"], bad["code"]) == ("deadlines[1].period", "INVALID")
    # Only the office sets deadlines.
    refused = quarter.as_("ducha").gql(DEADLINES, {"d": []})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_supervision_notice_is_replied_by_its_unit_only_and_closed(quarter: Quarter) -> None:
    assignment = _assign(quarter)
    supervisor = quarter.as_("ducha")
    due = (date.today() + timedelta(days=5)).isoformat()
    notice_input = {
        "schemeCode": "jinfeng-2015",
        "unitCode": "liangtian",
        "title": "固定资产投资进度滞后",
        "body": "请说明原因并提出整改措施。",
        "replyDue": due,
        "assignmentId": assignment,
        "period": "Q1",
    }
    sent = supervisor.gql(SEND, {"input": notice_input})["data"]["sendSupervisionNotice"]
    assert sent["errors"] == []
    notice = sent["notice"]
    assert (notice["state"], notice["unitCode"], notice["overdue"]) == ("OPEN", "liangtian", False)
    # The unit's people are told; another unit sees nothing of it.
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        titles = session.exec(
            select(User.username, Notification.title).join(
                Notification, Notification.user_id == User.id
            )
        ).all()
    assert ("lt-reporter", "督办通知：固定资产投资进度滞后") in titles
    assert ("lt-head", "督办通知：固定资产投资进度滞后") in titles
    other = quarter.as_("fd-reporter")
    assert other.gql(NOTICES)["data"]["supervisionNotices"]["nodes"] == []
    wrong = other.gql(REPLY, {"id": notice["id"], "reply": "x"})["data"]
    assert wrong["replySupervisionNotice"]["errors"][0]["code"] == "NOT_FOUND"
    mine = quarter.as_("lt-reporter")
    assert [n["title"] for n in mine.gql(NOTICES)["data"]["supervisionNotices"]["nodes"]] == [
        "固定资产投资进度滞后"
    ]
    empty = mine.gql(REPLY, {"id": notice["id"], "reply": "  "})["data"]
    assert empty["replySupervisionNotice"]["errors"][0]["field"] == "reply"
    replied = mine.gql(REPLY, {"id": notice["id"], "reply": "已协调施工方加快进度"})["data"]
    assert replied["replySupervisionNotice"]["notice"]["state"] == "REPLIED"
    # The unit cannot close; the group can, once.
    refused = mine.gql(CLOSE, {"id": notice["id"]})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    closed = supervisor.gql(CLOSE, {"id": notice["id"]})["data"]["closeSupervisionNotice"]
    assert closed["notice"] == {"state": "CLOSED", "closeNote": "已整改", "closedBy": "督查组"}
    again = supervisor.gql(CLOSE, {"id": notice["id"]})["data"]["closeSupervisionNotice"]
    assert again["errors"][0]["code"] == "CONFLICT"
    late = mine.gql(REPLY, {"id": notice["id"], "reply": "补充"})["data"]
    assert late["replySupervisionNotice"]["errors"][0]["code"] == "CONFLICT"
    # A reply deadline in the past is refused.
    past = supervisor.gql(SEND, {"input": {**notice_input, "replyDue": "2015-01-01"}})
    assert past["data"]["sendSupervisionNotice"]["errors"][0]["field"] == "replyDue"


def _period_reminders(quarter: Quarter) -> list[tuple[str, str]]:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        rows = session.exec(
            select(User.username, Notification.title)
            .join(Notification, Notification.user_id == User.id)
            .where(Notification.kind == NotificationKind.REMINDER)
        ).all()
    return sorted((username, title) for username, title in rows)


def _remind(quarter: Quarter, now: datetime) -> int:
    assert "period_reports" in reminders.SOURCES  # registered by jixiao.supervision.reminders
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        sent = reminders.send_reminders(session, now=now, mail=False)
        session.commit()
    return sent


def test_period_reminders_escalate_and_are_sent_once(quarter: Quarter) -> None:
    assert timedelta(days=3) < cycle_reminders.FOLLOW_FOR
    assignment = _assign(quarter)
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        scheme = session.exec(select(Scheme)).one()
        session.add(PeriodDeadline(scheme_id=scheme.id, period="Q1", report_due=date(2030, 4, 10)))
        session.commit()
    due = datetime(2030, 4, 10, 23, 59, tzinfo=SHANGHAI)
    # Outside the reminder window: nothing; inside it, the reporter, once even if run twice.
    assert _remind(quarter, due - timedelta(days=10)) == 0
    assert _remind(quarter, due - timedelta(days=2)) == 1
    assert _remind(quarter, due - timedelta(days=1)) == 0
    reminded = _period_reminders(quarter)
    assert [u for u, _ in reminded] == ["lt-reporter"]
    assert reminded[0][1].startswith("即将截止：")
    assert "良田镇，1 项未上报" in reminded[0][1]
    # Past the deadline: the head; later still: the office.
    assert _remind(quarter, due + timedelta(hours=2)) == 1
    assert _remind(quarter, due + timedelta(days=4)) == 1
    assert _remind(quarter, due + timedelta(days=4, hours=1)) == 0
    users = [u for u, _ in _period_reminders(quarter)]
    assert sorted(users) == ["lt-head", "lt-reporter", "office"]
    # Once the report is sent up, nobody is reminded of it any more.
    _report_up(quarter, assignment, "80")
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        for row in session.exec(select(Notification)).all():
            session.delete(row)
        session.commit()
    assert _remind(quarter, due + timedelta(days=5)) == 0


def test_the_board_and_its_summary_in_one_request_agree(quarter: Quarter) -> None:
    _assign(quarter)
    found = quarter.as_("ducha").gql(
        """{ supervisionSummary(schemeCode: "jinfeng-2015", period: "Q1") { total none }
        supervisionBoard(schemeCode: "jinfeng-2015", period: "Q1") { nodes { light } } }"""
    )
    assert "errors" not in found, found
    summary, rows = found["data"]["supervisionSummary"], found["data"]["supervisionBoard"]["nodes"]
    assert summary == {"total": len(rows), "none": len(rows)} == {"total": 1, "none": 1}
