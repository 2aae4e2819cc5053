"""Sessions (cookie flags, expiry, revocation, CSRF) and API tokens (scopes, revocation, tenants)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col, select

from jixiao.identity.models import ApiToken, UserSession
from jixiao.platform.auth import SESSION_COOKIE
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.tenants import service as tenants
from jixiao.tenants.models import TenantStatus
from tests.factories import Browser
from tests.identity.support import account

CREATE_TOKEN = """
mutation Create($name: String!, $scopes: [String!]!, $days: Int!) {
  createApiToken(input: {name: $name, scopes: $scopes, expiresInDays: $days}) {
    secret token { id prefix scopes expiresAt } errors { code field message }
  }
}"""


def _session_rows(database: Database, account_tenant: object) -> list[UserSession]:
    with database.tenant_session(account_tenant.id) as session:  # type: ignore[attr-defined]
        return list(session.exec(select(UserSession)).all())


def test_the_session_cookie_is_httponly_samesite_and_fresh_at_each_sign_in(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    response = browser.post(
        "mutation($t: String, $u: String!, $p: String!) { signIn(input: {tenant: $t, username: $u, password: $p}) { errors { code } } }",
        {"t": user.tenant.code, "u": user.username, "p": user.password},
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie
    first = browser.http.cookies[SESSION_COOKIE]
    browser.sign_in(user.tenant.code, user.username, user.password)
    assert browser.http.cookies[SESSION_COOKIE] != first


def test_sign_out_revokes_the_session(database: Database, browser: Browser) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    stolen = browser.http.cookies[SESSION_COOKIE]
    assert browser.gql("mutation { signOut }")["data"]["signOut"] is True
    browser.http.cookies.set(SESSION_COOKIE, stolen)
    browser.http.get("/healthz")  # the CSRF token of that session, as a page load would get it
    assert browser.viewer()["authenticated"] is False


def test_idle_and_absolute_expiry(database: Database, browser: Browser) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    assert browser.viewer()["authenticated"] is True
    idle = timedelta(minutes=database.settings.session_idle_minutes + 1)
    with database.tenant_session(user.tenant.id) as session:
        session.exec(update(UserSession).values(last_seen_at=utcnow() - idle))  # type: ignore[call-overload]
        session.commit()
    assert browser.viewer()["authenticated"] is False
    browser.sign_in(user.tenant.code, user.username, user.password)
    with database.tenant_session(user.tenant.id) as session:
        session.exec(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))  # type: ignore[call-overload]
        session.commit()
    assert browser.viewer()["authenticated"] is False


def test_password_change_ends_other_sessions(
    database: Database, browser: Browser, other_browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    other_browser.sign_in(user.tenant.code, user.username, user.password)
    assert browser.change_password(user.password, "A-brand-new-passphrase-7")["errors"] == []
    assert browser.viewer()["authenticated"] is True
    assert other_browser.viewer()["authenticated"] is False


def test_administrators_disable_users_and_end_sessions(
    database: Database, browser: Browser, other_browser: Browser
) -> None:
    admin = account(database, "tenant_admin")
    staff = account(database, "office", tenant=admin.tenant)
    other_browser.sign_in(staff.tenant.code, staff.username, staff.password)
    browser.sign_in(admin.tenant.code, admin.username, admin.password)
    users = browser.gql('{ users(search: "office") { nodes { id username } } }')["data"]["users"][
        "nodes"
    ]
    staff_id = next(u["id"] for u in users if u["username"] == staff.username)
    ended = browser.gql(
        "mutation($id: ID!) { endUserSessions(id: $id) { errors { code } } }", {"id": staff_id}
    )
    assert ended["data"]["endUserSessions"]["errors"] == []
    assert other_browser.viewer()["authenticated"] is False
    other_browser.sign_in(staff.tenant.code, staff.username, staff.password)
    browser.gql("mutation($id: ID!) { disableUser(id: $id) { user { status } } }", {"id": staff_id})
    assert other_browser.viewer()["authenticated"] is False
    refused = other_browser.sign_in(staff.tenant.code, staff.username, staff.password)
    assert "停用" in refused["errors"][0]["message"]


def test_cookie_requests_without_the_csrf_header_are_refused(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    missing = browser.post("mutation { signOut }", csrf=False)
    assert missing.status_code == 403
    assert missing.json()["errors"][0]["extensions"]["code"] == "CSRF"
    forged = browser.post("mutation { signOut }", csrf=False, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    assert browser.viewer()["authenticated"] is True  # nothing happened


def test_api_tokens_carry_their_scopes_and_are_revoked_at_once(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    beyond = browser.gql(CREATE_TOKEN, {"name": "x", "scopes": ["role:write"], "days": 30})["data"][
        "createApiToken"
    ]
    assert beyond["errors"][0]["field"] == "scopes"
    made = browser.gql(CREATE_TOKEN, {"name": "数据中台", "scopes": ["scheme:read"], "days": 30})[
        "data"
    ]["createApiToken"]
    secret = made["secret"]
    assert secret.startswith(f"jxt_{user.tenant.code}_")
    assert made["token"]["prefix"] in secret
    with database.tenant_session(user.tenant.id) as session:
        stored = session.exec(select(ApiToken)).one()
    assert secret not in (stored.secret_hash, stored.prefix)

    client = Browser(database)
    bearer = {"Authorization": f"Bearer {secret}"}
    viewer = client.gql("{ viewer { kind permissions } }", headers=bearer)["data"]["viewer"]
    assert viewer == {"kind": "token", "permissions": ["scheme:read"]}
    with database.tenant_session(user.tenant.id) as session:
        used = session.exec(select(ApiToken)).one()
    assert used.last_used_at is not None
    assert used.last_used_address

    revoked = browser.gql(
        "mutation($id: ID!) { revokeApiToken(id: $id) { token { revokedAt } } }",
        {"id": made["token"]["id"]},
    )
    assert revoked["data"]["revokeApiToken"]["token"]["revokedAt"]
    assert client.post("{ viewer { kind } }", headers=bearer).status_code == 401


def test_an_expired_token_is_refused(database: Database, browser: Browser) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    secret = browser.gql(CREATE_TOKEN, {"name": "x", "scopes": ["scheme:read"], "days": 1})["data"][
        "createApiToken"
    ]["secret"]
    with database.tenant_session(user.tenant.id) as session:
        session.exec(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))  # type: ignore[call-overload]
        session.commit()
    assert (
        Browser(database)
        .post("{ viewer { kind } }", headers={"Authorization": f"Bearer {secret}"})
        .status_code
        == 401
    )


def test_a_token_of_one_tenant_is_refused_in_another(database: Database, browser: Browser) -> None:
    jinfeng = account(database, "office", name="金凤区")
    xixia = account(database, "office", name="西夏区")
    browser.sign_in(jinfeng.tenant.code, jinfeng.username, jinfeng.password)
    secret = browser.gql(CREATE_TOKEN, {"name": "x", "scopes": ["scheme:read"], "days": 5})["data"][
        "createApiToken"
    ]["secret"]
    moved = secret.replace(f"jxt_{jinfeng.tenant.code}_", f"jxt_{xixia.tenant.code}_")
    response = Browser(database).post(
        "{ viewer { kind } }", headers={"Authorization": f"Bearer {moved}"}
    )
    assert response.status_code == 401


def test_a_suspended_tenants_sessions_and_tokens_are_refused(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    secret = browser.gql(CREATE_TOKEN, {"name": "x", "scopes": ["scheme:read"], "days": 5})["data"][
        "createApiToken"
    ]["secret"]
    with database.platform_session() as session:
        tenants.set_status(session, user.tenant.code, TenantStatus.SUSPENDED)
        session.commit()
    by_cookie = browser.post("{ viewer { kind } }")
    by_token = Browser(database).post(
        "{ viewer { kind } }", headers={"Authorization": f"Bearer {secret}"}
    )
    for response in (by_cookie, by_token):
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "TENANT_SUSPENDED"
    assert SESSION_COOKIE not in browser.http.cookies  # cleared, so the browser can sign in afresh
    assert (
        "暂停"
        in browser.sign_in(user.tenant.code, user.username, user.password)["errors"][0]["message"]
    )
    with database.tenant_session(user.tenant.id) as session:
        assert session.exec(select(col(UserSession.id))).all()  # sessions kept, but refused


def test_secure_cookies_outside_development(database: Database) -> None:
    user = account(database, "office")
    settings = database.settings.with_changes(env="production", secret_key="k" * 40)
    browser = Browser(Database(settings, engine=database.engine))
    response = browser.post(
        "mutation($t: String, $u: String!, $p: String!) { signIn(input: {tenant: $t, username: $u, password: $p}) { errors { code } } }",
        {"t": user.tenant.code, "u": user.username, "p": user.password},
    )
    assert "Secure" in response.headers["set-cookie"]
