"""Every sign-in and every identity change lands in the tenant's tamper-evident chain."""

from __future__ import annotations

from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.audit.service import verify_chain
from jixiao.platform.db import Database
from tests.factories import Browser
from tests.identity.support import account


def _actions(database: Database, tenant_id: object) -> list[tuple[str, str]]:
    with database.tenant_session(tenant_id) as session:  # type: ignore[arg-type]
        rows = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
        assert verify_chain(session).ok
    return [(row.action, row.outcome) for row in rows]


def test_sign_ins_and_account_changes_are_audited(database: Database, browser: Browser) -> None:
    admin = account(database, "tenant_admin")
    browser.sign_in(admin.tenant.code, admin.username, "wrong-password")
    browser.sign_in(admin.tenant.code, admin.username, admin.password)
    made = browser.gql(
        'mutation { createUser(input: {username: "zhang", displayName: "张三"}) { user { id } } }'
    )
    user_id = made["data"]["createUser"]["user"]["id"]
    browser.gql("mutation($id: ID!) { disableUser(id: $id) { user { status } } }", {"id": user_id})
    browser.gql("mutation { signOut }")
    actions = _actions(database, admin.tenant.id)
    assert ("auth.sign_in", "refused") in actions
    assert ("auth.sign_in", "success") in actions
    assert ("user.create", "success") in actions
    assert ("user.disable", "success") in actions
    assert actions[-1] == ("auth.sign_out", "success")


def test_a_refused_identity_mutation_is_audited(database: Database, browser: Browser) -> None:
    clerk = account(database, "unit_reporter")
    browser.sign_in(clerk.tenant.code, clerk.username, clerk.password)
    refused = browser.gql(
        'mutation { createUser(input: {username: "x1", displayName: "x"}) { user { id } } }'
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert ("user.create", "refused") in _actions(database, clerk.tenant.id)
