"""金凤区's notices, notifications and audit archives for the isolation world.

Made the way the government makes them: its office uploads a file and publishes a notice through
HTTP and GraphQL, a reader reads it and sets a mail address, the office reminds the rest; then
the oldest part of its audit trail is aged past its retention period and retention archives it
(archives, checkpoint). Also the attacker's role with every tenant permission, which 三员分立
forbids through the service: written directly, as the worst misconfiguration to attack with.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from jixiao.audit.retention import apply_retention
from jixiao.identity.models import User
from jixiao.platform.auth import CSRF_COOKIE
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.policies.enforcer import bump_policy_version
from jixiao.policies.models import Role, RoleGrant, UserRole
from jixiao.policies.permissions import TENANT_CODES
from jixiao.policies.service import create_role
from jixiao.tenants.models import Tenant
from tests.audit.retention_support import age_history, age_sign_ins

PDF = b"%PDF-1.7\n%% isolation world\n%%EOF\n"


def build_notices(
    database: Database, victim: Tenant, marker: str, office: Any, reader: Any, named_user_id: str
) -> None:
    """A published notice with an attachment, a receipt, a reminder and mail settings.

    `office` and `reader` are signed-in `world.Client`s of 金凤区 (office and finance roles).
    """
    upload = office.http.post(
        "/files/notices",
        params={"name": f"{marker}.pdf"},
        content=PDF,
        headers={"X-CSRF-Token": office.http.cookies[CSRF_COOKIE]},
    )
    assert upload.status_code == 201, upload.text
    made = office.ok(
        "mutation($i: NoticeInput!) { createNotice(input: $i) { notice { id } errors { message } } }",
        {
            "i": {
                "title": f"{marker} 通知",
                "bodyHtml": f"<p>{marker} 正文</p>",
                "audience": {
                    "everyone": False,
                    "roleCodes": ["finance"],
                    "userIds": [named_user_id],
                },
                "attachmentIds": [upload.json()["id"]],
            }
        },
    )
    notice = made["createNotice"]["notice"]["id"]
    office.ok(
        "mutation($id: ID!) { publishNotice(id: $id) { errors { message } } }", {"id": notice}
    )
    reader.ok(
        "mutation($id: ID!) { markNoticeRead(id: $id) { errors { message } } }", {"id": notice}
    )
    reader.ok(
        "mutation($i: NotificationSettingsInput!) { updateMyNotificationSettings(input: $i)"
        " { errors { message } } }",
        {"i": {"email": f"{marker.lower()}@jinfeng.gov.cn"}},
    )
    reminded = office.ok(
        "mutation($id: ID!) { remindNoticeUnread(id: $id) { reminded errors { message } } }",
        {"id": notice},
    )
    assert reminded["remindNoticeUnread"]["reminded"] >= 1, reminded


def build_archives(database: Database, victim: Tenant) -> None:
    """Age 金凤区's first events and oldest sign-in past its retention; retention archives them."""
    age_history(database, victim.id, days=4000, through_seq=3)
    age_sign_ins(database, victim.id, days=4000, oldest=1)
    with database.tenant_session(victim.id) as session:
        run = apply_retention(session, file_store(database.settings))
        session.commit()
    assert (run.events_removed, run.sign_ins_removed) == (3, 1), run


def read_ids(auditor: Any) -> dict[str, list[str]]:
    """Global ids of types named unlike their table model (as 金凤区's audit admin reads them)."""
    attempts = auditor.ok("{ signInLog(first: 100) { nodes { id } } }")["signInLog"]["nodes"]
    return {"SignInAttempt": [a["id"] for a in attempts]}


def grant_every_permission(database: Database, tenant: Tenant, username: str, code: str) -> None:
    """Give a user a role holding every tenant permission code, written directly: 三员分立
    refuses such a role (and such a user) through the service."""
    with database.tenant_session(tenant.id) as session:
        partial = [c for c in TENANT_CODES if not c.startswith(("role:", "audit:"))]
        create_role(session, code, "西夏区全部权限", partial)
        role = session.exec(select(Role).where(Role.code == code)).one()
        for permission in sorted(TENANT_CODES - set(partial)):
            session.add(RoleGrant(role_id=role.id, permission=permission))
        user = session.exec(select(User).where(User.username == username)).one()
        session.add(UserRole(user_id=user.id, role_id=role.id))
        session.flush()
        bump_policy_version(session)
        session.commit()
