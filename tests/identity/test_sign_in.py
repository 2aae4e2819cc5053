"""Sign-in, one-time passwords, lockout and back-off, the sign-in log."""

from __future__ import annotations

import pytest
from sqlmodel import select

from jixiao.graphql.identity import session as session_module
from jixiao.identity import passwords
from jixiao.identity.models import PlatformSignInLog, SignInLog, SignInOutcome, User
from jixiao.identity.service import GENERIC_FAILURE
from jixiao.identity.throttle import ACCOUNT_LIMIT
from jixiao.platform.db import Database
from jixiao.tenants import onboarding
from jixiao.tenants.models import TenantLevel
from tests.factories import PASSWORD, Browser, unique_code
from tests.identity.support import account


def test_first_administrator_must_change_the_one_time_password(
    database: Database, browser: Browser
) -> None:
    # given a freshly onboarded government
    with database.platform_session() as session:
        onboarded = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(unique_code(), "永宁县", TenantLevel.COUNTY)
        )
        session.commit()
    admin = next(a for a in onboarded.accounts if a.role == "tenant_admin")
    code = onboarded.tenant.code
    # when the administrator signs in with the one-time password
    signed = browser.sign_in(code, admin.username, admin.one_time_password)
    # then the only thing they may do is change it
    assert signed["errors"] == []
    assert signed["viewer"]["mustChangePassword"] is True
    assert signed["viewer"]["permissions"] == []
    refused = browser.gql("{ tenantSettings { key } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # an administrator's new password must be long and varied
    weak = browser.change_password(admin.one_time_password, "short1")
    assert weak["errors"][0]["field"] == "newPassword"
    assert "12" in weak["errors"][0]["message"]
    common = browser.change_password(admin.one_time_password, "Password@123")
    assert "常见" in common["errors"][0]["message"]
    done = browser.change_password(admin.one_time_password, "Ningxia-Yongning-2026")
    assert done["errors"] == []
    assert done["viewer"]["mustChangePassword"] is False
    assert "setting:read" in done["viewer"]["permissions"]
    assert browser.gql("{ tenantSettings { key } }")["data"]["tenantSettings"]


def test_unknown_users_and_wrong_passwords_get_the_same_answer(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    wrong = browser.sign_in(user.tenant.code, user.username, "not-the-password")
    unknown = browser.sign_in(user.tenant.code, "nobody", "not-the-password")
    no_tenant = browser.sign_in("no-such-tenant", user.username, user.password)
    assert wrong["errors"] == unknown["errors"] == no_tenant["errors"]
    assert wrong["errors"][0]["message"] == GENERIC_FAILURE
    assert browser.viewer()["authenticated"] is False


def test_repeated_failures_lock_the_account_for_a_while(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    for _ in range(ACCOUNT_LIMIT):
        assert browser.sign_in(user.tenant.code, user.username, "guess")["errors"]
    # the right password no longer opens it, and the answer is the same as for a guess
    locked = browser.sign_in(user.tenant.code, user.username, user.password)
    assert locked["errors"][0]["message"] == GENERIC_FAILURE
    # a username that does not exist locks the same way (nothing to enumerate)
    for _ in range(ACCOUNT_LIMIT + 1):
        ghost = browser.sign_in(user.tenant.code, "ghost", "guess")
    assert ghost["errors"] == locked["errors"]
    # the log has every attempt
    with database.tenant_session(user.tenant.id) as session:
        outcomes = [
            row.outcome
            for row in session.exec(
                select(SignInLog).where(SignInLog.username == user.username)
            ).all()
        ]
    assert outcomes.count(SignInOutcome.FAILED) == ACCOUNT_LIMIT
    assert outcomes.count(SignInOutcome.LOCKED) == 1


def test_failures_slow_down_before_the_lock(
    database: Database, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    delays: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(session_module.anyio, "sleep", fake_sleep)
    settings = database.settings.with_changes(sign_in_backoff_ms=500)
    slow = Browser(Database(settings, engine=database.engine))
    user = account(database, "office")
    for _ in range(4):
        slow.sign_in(user.tenant.code, user.username, "guess")
    assert delays == [0.5, 1.0]


def test_an_address_that_guesses_many_accounts_is_locked(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    for i in range(20):
        browser.sign_in(user.tenant.code, f"someone{i}", "guess")
    assert browser.sign_in(user.tenant.code, user.username, user.password)["errors"]


def test_a_successful_sign_in_is_logged_and_operators_have_their_own_log(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    assert browser.sign_in(user.tenant.code, user.username, user.password)["errors"] == []
    browser.sign_in(None, "no-operator", "x")
    with database.tenant_session(user.tenant.id) as session:
        row = session.exec(select(SignInLog).where(SignInLog.username == user.username)).one()
    assert row.outcome is SignInOutcome.SUCCESS
    assert row.client_address
    with database.platform_session() as session:
        platform_rows = session.exec(
            select(PlatformSignInLog).where(PlatformSignInLog.username == "no-operator")
        ).all()
    assert [r.realm for r in platform_rows] == ["@"]


def test_old_hashes_are_upgraded_at_sign_in(
    database: Database, browser: Browser, owasp_hashing: None
) -> None:
    user = account(database, "office")
    weaker = passwords.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    with database.tenant_session(user.tenant.id) as session:
        row = session.exec(select(User).where(User.username == user.username)).one()
        row.password_hash = weaker.hash(PASSWORD)
        session.add(row)
        session.commit()
    assert browser.sign_in(user.tenant.code, user.username, PASSWORD)["errors"] == []
    with database.tenant_session(user.tenant.id) as session:
        upgraded = (
            session.exec(select(User).where(User.username == user.username)).one().password_hash
        )
    assert not passwords.needs_rehash(upgraded)
    assert "m=19456,t=2,p=1" in upgraded


def test_sign_in_needs_the_csrf_token(database: Database, browser: Browser) -> None:
    user = account(database, "office")
    result = browser.gql(
        "mutation($t: String, $u: String!, $p: String!) {"
        " signIn(input: {tenant: $t, username: $u, password: $p}) { errors { code } } }",
        {"t": user.tenant.code, "u": user.username, "p": user.password},
        csrf=False,
    )
    assert result["data"]["signIn"]["errors"][0]["code"] == "FORBIDDEN"
