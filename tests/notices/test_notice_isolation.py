"""Another government, even a user holding every permission, neither sees nor changes this
one's notices, attachments, receipts, notifications or audit archives."""

from __future__ import annotations

import hashlib
import uuid

from sqlmodel import select

from jixiao.graphql.relay import to_global_id
from jixiao.notices.attachments import store_upload
from jixiao.notices.models import Notice, NoticeStatus, Notification
from jixiao.notices.reading import remind_unread
from jixiao.notices.service import NoticeDraft, create_notice, publish_notice
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.policies.permissions import TENANT_CODES
from tests.audit.test_retention import _history, _retain
from tests.factories import GraphQLClient, make_tenant, person, tenant_user
from tests.notices.support import (
    CREATE,
    DELETE,
    MARK_READ,
    MY_NOTICES,
    NOTICE,
    PUBLISH,
    RECEIPTS,
    REMIND,
    UPDATE,
    WITHDRAW,
    notice_input,
)

PDF = b"%PDF-1.7\nvictim\n%%EOF\n"


def _victim_notice(database: Database, office: Subject) -> tuple[uuid.UUID, uuid.UUID]:
    assert office.tenant_id is not None
    storage = database.settings.storage_dir
    received = storage / "incoming.pdf"
    received.parent.mkdir(parents=True, exist_ok=True)
    received.write_bytes(PDF)
    with database.tenant_session(office.tenant_id) as session:
        attachment = store_upload(
            session,
            file_store(database.settings),
            received=received,
            file_name="机密.pdf",
            size_bytes=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            actor=office,
        )
        draft = NoticeDraft(
            title="金凤区内部通知", body_html="<p>内部</p>", attachment_ids=(attachment.id,)
        )
        notice = create_notice(session, draft, actor=office)
        publish_notice(session, notice.id, actor=office)
        remind_unread(session, notice.id, actor=office, mail=False)
        session.commit()
    return notice.id, attachment.id


def test_another_tenant_with_every_permission_sees_and_changes_nothing(
    gql: GraphQLClient, database: Database
) -> None:
    history = _history(database)
    victim = history.tenant
    archive = _retain(database, victim).archives[0]
    office = person(database, victim, "office", "office")
    reader = person(database, victim, "reader", "finance")
    notice_id, attachment_id = _victim_notice(database, office)
    attacker = tenant_user(make_tenant(database, "西夏区"), *TENANT_CODES)

    notice = str(to_global_id("Notice", notice_id))
    attachment = str(to_global_id("NoticeAttachment", attachment_id))
    with database.tenant_session(victim.id) as session:
        [victim_bell] = session.exec(
            select(Notification).where(Notification.user_id == reader.user_id)
        ).all()
    bell = str(to_global_id("Notification", victim_bell.id))

    def run(query: str, variables: dict[str, object]) -> dict[str, object]:
        body = gql.execute(query, variables, subject=attacker)
        assert "errors" not in body or all(
            e["extensions"]["code"] == "NOT_FOUND" for e in body["errors"]
        ), body
        return body

    assert run(NOTICE, {"id": notice})["data"] == {"notice": None}
    assert run(MY_NOTICES, {})["data"]["myNotices"]["edges"] == []  # type: ignore[index]
    listed = run("{ notices { nodes { id } } }", {})
    assert listed["data"] == {"notices": {"nodes": []}}
    assert run(RECEIPTS, {"id": notice})["errors"]  # NOT_FOUND
    for query, variables, field in (
        (UPDATE, {"id": notice, "input": notice_input("改")}, "updateNotice"),
        (PUBLISH, {"id": notice}, "publishNotice"),
        (WITHDRAW, {"id": notice}, "withdrawNotice"),
        (DELETE, {"id": notice}, "deleteNotice"),
        (REMIND, {"id": notice}, "remindNoticeUnread"),
        (MARK_READ, {"id": notice}, "markNoticeRead"),
        (CREATE, {"input": notice_input(attachmentIds=[attachment])}, "createNotice"),
    ):
        [error] = run(query, variables)["data"][field]["errors"]  # type: ignore[index]
        assert error["code"] == "NOT_FOUND", (field, error)
    marked = run(
        "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { marked } }", {"ids": [bell]}
    )
    assert marked["data"] == {"markNotificationsRead": {"marked": 0}}
    archives = run("{ auditArchives { nodes { id } } }", {})
    assert archives["data"] == {"auditArchives": {"nodes": []}}
    archive_id = str(to_global_id("AuditArchive", archive.id))
    verified = run("query($id: ID!) { verifyAuditArchive(id: $id) { ok } }", {"id": archive_id})
    assert verified["data"] == {"verifyAuditArchive": None}

    gql.subject = attacker
    assert gql.http.get(f"/files/notices/{attachment}").status_code == 404
    assert gql.http.get(f"/files/audit-archives/{archive_id}").status_code == 404

    with database.tenant_session(victim.id) as session:
        kept = session.get(Notice, (victim.id, notice_id))
        bell_row = session.get(Notification, (victim.id, victim_bell.id))
    assert kept is not None
    assert kept.status is NoticeStatus.PUBLISHED
    assert kept.title == "金凤区内部通知"
    assert bell_row is not None
    assert bell_row.read_at is None
