"""Deadline reminders: a job that runs twice reminds each person once, in the app and by
e-mail (through a test SMTP server); a unit's deadline escalates reporter → head → office."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from jixiao.notices import notifications, reminders
from jixiao.notices.models import EmailState, Notification, NotificationKind
from jixiao.notices.reading import mark_read
from jixiao.notices.service import Audience, NoticeDraft, create_notice, publish_notice
from jixiao.org.models import Unit, UnitKind, UnitLink, UnitLinkRole
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import send
from tests.factories import make_tenant, person
from tests.notices.smtp import SmtpServer


def _with_email(database: Database, tenant: Tenant, subject: Subject, email: str | None) -> None:
    assert subject.user_id is not None
    with database.tenant_session(tenant.id) as session:
        notifications.set_preference(
            session, subject.user_id, email=email, email_enabled=True, actor=subject
        )
        session.commit()


def _reminders(database: Database, tenant: Tenant) -> list[Notification]:
    with database.tenant_session(tenant.id) as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.kind == NotificationKind.REMINDER)
                .order_by(col(Notification.id))
            )
        )


def test_a_reminder_job_run_twice_reminds_each_person_once(
    mail_database: Database, mail_drain: Callable[[], None], smtp: SmtpServer
) -> None:
    jinfeng = make_tenant(mail_database, "金凤区")
    office = person(mail_database, jinfeng, "office", "office")
    readers = [person(mail_database, jinfeng, f"cz{i}", "finance") for i in range(4)]
    for index, reader in enumerate(readers[:3]):
        _with_email(mail_database, jinfeng, reader, f"cz{index}@jinfeng.gov.cn")
    due = utcnow() + timedelta(days=2)
    with mail_database.tenant_session(jinfeng.id) as session:
        draft = NoticeDraft(
            title="年度考评材料报送",
            body_html="<p>请报送材料</p>",
            audience=Audience(everyone=False, role_codes=("finance",)),
            expires_at=due,
        )
        notice = create_notice(session, draft, actor=office)
        publish_notice(session, notice.id, actor=office)
        assert readers[0].user_id is not None
        mark_read(session, readers[0].user_id, notice.id, actor=readers[0])  # read: no reminder
        session.commit()
    mail_drain()

    for _ in range(2):
        send("notices.remind_deadlines", tenant_id=str(jinfeng.id))
        mail_drain()

    made = _reminders(mail_database, jinfeng)
    assert sorted(n.user_id for n in made) == sorted(r.user_id for r in readers[1:])  # type: ignore[type-var]
    assert all(n.title == "即将截止：阅读通知「年度考评材料报送」" for n in made)
    local = due.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert made[0].body == f"阅读通知「年度考评材料报送」将于 {local} 截止，请及时办理。"
    mailed = {n.user_id: n.email_state for n in made}
    assert mailed[readers[3].user_id] is EmailState.NONE  # no address: in the app only
    assert {mailed[r.user_id] for r in readers[1:3]} == {EmailState.SENT}, [
        (n.email_state, n.email_error, n.email_attempts) for n in made
    ]
    assert smtp.mailbox.recipients() == ["cz1@jinfeng.gov.cn", "cz2@jinfeng.gov.cn"]
    message = smtp.mailbox.messages()[0]
    assert message["Subject"] == "[绩效考评] 即将截止：阅读通知「年度考评材料报送」"
    assert message["From"] == "jixiao@jinfeng.gov.cn"
    assert "年度考评材料报送" in message.get_content()

    # the e-mail job delivered once more (at-least-once): nothing is mailed twice
    for notification in made:
        send("notices.email", tenant_id=str(jinfeng.id), notification_id=str(notification.id))
    mail_drain()
    assert len(smtp.mailbox.messages()) == 2


class _Clock:
    """A deadline source of one unit's period deadline (what the quarterly cycle will add)."""

    def __init__(self, unit_id: uuid.UUID, due: datetime) -> None:
        self.unit_id, self.due = unit_id, due

    def __call__(
        self, session: object, now: datetime, horizon: datetime
    ) -> Iterable[reminders.Deadline]:
        return reminders.unit_deadlines(
            session,  # type: ignore[arg-type]
            unit_id=self.unit_id,
            key=f"report:{self.unit_id}:2026Q1",
            due=self.due,
            text="2026年第一季度进度填报（良田镇）",
            now=now,
        )


def test_a_unit_deadline_escalates_from_reporter_to_head_to_office(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        town = Unit(code="liangtian", name="良田镇", kind=UnitKind.TOWN)
        session.add(town)
        session.commit()
    reporter = person(database, jinfeng, "tianbao", "unit_reporter", unit_id=town.id)
    head = person(database, jinfeng, "zhenzhang", "unit_head", unit_id=town.id)
    office = person(database, jinfeng, "office", "office")
    with database.tenant_session(jinfeng.id) as session:
        for who, role in ((reporter, UnitLinkRole.REPORTER), (head, UnitLinkRole.HEAD)):
            assert who.user_id is not None
            session.add(UnitLink(unit_id=town.id, user_id=who.user_id, role=role))
        session.commit()
    due = utcnow() + timedelta(days=1)
    monkeypatch.setitem(reminders.SOURCES, "test_period", _Clock(town.id, due))

    expected = [
        (due - timedelta(days=2), reporter, "即将截止：2026年第一季度进度填报（良田镇）"),
        (due + timedelta(days=1), head, "已逾期：2026年第一季度进度填报（良田镇）"),
        (due + timedelta(days=4), office, "已逾期：2026年第一季度进度填报（良田镇）"),
    ]
    for now, who, title in expected:
        for _ in range(2):  # daily runs the same day: once
            with database.tenant_session(jinfeng.id) as session:
                reminders.send_reminders(session, now=now, mail=False)
                session.commit()
        latest = _reminders(database, jinfeng)
        assert [n.user_id for n in latest][-1] == who.user_id
        assert latest[-1].title == title
    assert len(_reminders(database, jinfeng)) == 3
