"""Two-step verification: enrolment, the code after the password, its throttle, replay and
recovery codes, who must have it, and resets within one's own tenant only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.identity import second_factor, totp
from jixiao.identity.models import SignInLog, SignInOutcome, User
from jixiao.identity.throttle import ACCOUNT_LIMIT
from jixiao.platform.db import Database
from jixiao.tenants.service import update_setting
from tests.factories import Browser, make_operator_account
from tests.factories.browser import AUTHENTICATORS
from tests.identity.support import Account, account

NOW = 1_800_000_000.0  # a fixed moment: steps are then known to the test
ENROL_STEP = totp.step_at(NOW)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The server's clock, which the test moves by setting `moment[0]`."""
    moment = [NOW]
    monkeypatch.setattr(second_factor, "clock", lambda: moment[0])
    return moment


def enrolled(database: Database, browser: Browser, user: Account) -> tuple[str, list[str]]:
    """Sign in, enrol, sign out; the secret and the recovery codes."""
    signed = browser.sign_in(user.tenant.code, user.username, user.password, second_factor=False)
    assert signed["errors"] == [], signed
    started = browser.gql("mutation { startTotpEnrolment { secret uri errors { code } } }")
    secret = started["data"]["startTotpEnrolment"]["secret"]
    uri = started["data"]["startTotpEnrolment"]["uri"]
    assert uri.startswith("otpauth://totp/")
    assert f"secret={secret}" in uri
    assert "issuer=%E7%BB%A9%E6%95%88%E8%80%83%E8%AF%84%20Jixiao" in uri  # 绩效考评 Jixiao
    assert f"{user.tenant.code}%2F{user.username}" in uri
    confirmed = browser.gql(
        "mutation($c: String!) { confirmTotpEnrolment(code: $c) { recoveryCodes "
        "viewer { mustEnrolSecondFactor permissions } errors { code message } } }",
        {"c": totp.code_at(secret, ENROL_STEP)},
    )["data"]["confirmTotpEnrolment"]
    assert confirmed["errors"] == [], confirmed
    assert len(confirmed["recoveryCodes"]) == 10
    assert browser.gql("mutation { signOut }")["data"]["signOut"] is True
    return secret, confirmed["recoveryCodes"]


def password_step(browser: Browser, user: Account) -> dict[str, Any]:
    return browser.sign_in(user.tenant.code, user.username, user.password, second_factor=False)


def test_an_enrolled_user_signs_in_with_the_code_and_no_code_counts_twice(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    user = account(database, "office")
    secret, _ = enrolled(database, browser, user)

    # given the right password, the session waits for the code and may do nothing
    first = password_step(browser, user)
    assert first == {"viewer": None, "secondFactorRequired": True, "errors": []}
    assert browser.viewer()["authenticated"] is False
    # the enrolment's code was used: the same step is refused, the next one opens
    assert browser.verify(totp.code_at(secret, ENROL_STEP))["errors"]
    frozen[0] = NOW + 30
    done = browser.verify(totp.code_at(secret, ENROL_STEP + 1))
    assert done["errors"] == []
    assert done["viewer"]["authenticated"] is True
    assert browser.viewer()["permissions"]

    # a second browser replaying that code within its window is refused
    thief = Browser(database)
    password_step(thief, user)
    replay = thief.verify(totp.code_at(secret, ENROL_STEP + 1))
    assert replay["errors"][0]["code"] == "UNAUTHENTICATED"
    assert thief.viewer()["authenticated"] is False
    with database.tenant_session(user.tenant.id) as session:
        stored = session.exec(select(User).where(User.username == user.username)).one()
    assert stored.totp_secret is not None
    assert secret not in stored.totp_secret  # sealed at rest


def test_a_recovery_code_opens_once(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    user = account(database, "office")
    _, codes = enrolled(database, browser, user)
    password_step(browser, user)
    assert browser.verify(codes[3].upper())["errors"] == []  # typed in capitals: the same code
    browser.gql("mutation { signOut }")
    password_step(browser, user)
    assert browser.verify(codes[3])["errors"][0]["code"] == "UNAUTHENTICATED"
    assert browser.verify(codes[4])["errors"] == []
    status = browser.gql("{ mySecondFactor { enabled required recoveryCodesLeft } }")
    assert status["data"]["mySecondFactor"] == {
        "enabled": True,
        "required": False,
        "recoveryCodesLeft": 8,
    }


def test_wrong_codes_count_in_the_sign_in_throttle_and_are_logged(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    user = account(database, "office")
    secret, _ = enrolled(database, browser, user)
    password_step(browser, user)  # counted until the code is right
    for _ in range(ACCOUNT_LIMIT - 1):
        assert browser.verify("000000")["errors"]
    # over the limit: even the right code (or the right password) is refused for a while
    frozen[0] = NOW + 30
    assert browser.verify(totp.code_at(secret, ENROL_STEP + 1))["errors"]
    assert password_step(browser, user)["errors"]
    with database.tenant_session(user.tenant.id) as session:
        rows = session.exec(
            select(SignInLog).where(SignInLog.username == user.username).order_by(col(SignInLog.at))
        ).all()
        reasons = [
            e.reason
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.action == "auth.sign_in")
            ).all()
        ]
    outcomes = [r.outcome for r in rows]
    assert outcomes.count(SignInOutcome.PENDING) == 1  # the second password step was locked
    assert [r.reason for r in rows].count("wrong second factor") == ACCOUNT_LIMIT - 1
    assert SignInOutcome.LOCKED in outcomes
    assert "failed: wrong second factor" in reasons


def test_the_three_administrators_must_enrol_before_anything_else(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    admin = account(database, "security_admin")
    signed = password_step(browser, admin)
    assert signed["viewer"]["mustEnrolSecondFactor"] is True
    assert signed["viewer"]["permissions"] == []
    assert browser.gql("{ roles { code } }").get("errors")
    confirmed = browser.enrol()
    assert confirmed["viewer"]["mustEnrolSecondFactor"] is False
    assert confirmed["viewer"]["permissions"]
    # it cannot be turned off
    off = browser.gql(
        'mutation { disableTotp(password: "Correct-Horse-Battery-9") { errors { code } } }'
    )["data"]["disableTotp"]
    assert off["errors"] == [{"code": "FORBIDDEN"}]
    # and the next sign-in asks for the code
    browser.gql("mutation { signOut }")
    assert password_step(browser, admin)["secondFactorRequired"] is True


def test_operators_must_enrol(database: Database, browser: Browser) -> None:
    name = f"op-{uuid.uuid4().hex[:8]}"
    make_operator_account(database, name, display_name="运营", password="Correct-Horse-Battery-9")
    signed = browser.sign_in(None, name, "Correct-Horse-Battery-9", second_factor=False)
    assert signed["viewer"]["mustEnrolSecondFactor"] is True
    assert signed["viewer"]["permissions"] == []
    assert browser.enrol()["viewer"]["permissions"]
    again = Browser(database)
    assert again.sign_in(None, name, "Correct-Horse-Battery-9")["viewer"]["permissions"]


def test_others_choose_and_a_tenant_may_require_it_of_everyone(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    user = account(database, "office")
    signed = password_step(browser, user)
    assert signed["viewer"]["mustEnrolSecondFactor"] is False
    assert signed["viewer"]["permissions"]
    browser.enrol()
    off = browser.gql(
        "mutation($p: String!) { disableTotp(password: $p) { status { enabled } errors { code } } }",
        {"p": user.password},
    )["data"]["disableTotp"]
    assert off == {"status": {"enabled": False}, "errors": []}

    with database.tenant_session(user.tenant.id) as session:
        update_setting(session, second_factor.SETTING, second_factor.EVERYONE)
        session.commit()
    assert browser.viewer()["permissions"] == []
    assert Browser(database).sign_in(user.tenant.code, user.username, user.password)["viewer"][
        "permissions"
    ]


def test_an_administrator_resets_a_lost_phone_in_their_own_tenant_only(
    database: Database, browser: Browser, frozen: list[float]
) -> None:
    clerk = account(database, "office")
    enrolled(database, browser, clerk)
    outsider = account(database, "office", name="西夏区")
    enrolled(database, Browser(database), outsider)
    admin = account(database, "tenant_admin", tenant=clerk.tenant)
    admin_browser = Browser(database)
    assert admin_browser.sign_in(admin.tenant.code, admin.username, admin.password)["errors"] == []

    def user_id(who: Account) -> str:
        with database.tenant_session(who.tenant.id) as session:
            row = session.exec(select(User).where(User.username == who.username)).one()
        from jixiao.graphql.relay import to_global_id

        return to_global_id("User", row.id)

    reset = "mutation($id: ID!) { resetUserSecondFactor(id: $id) { user { secondFactorEnabled } errors { code } } }"
    other = admin_browser.gql(reset, {"id": user_id(outsider)})["data"]["resetUserSecondFactor"]
    assert other["errors"] == [{"code": "NOT_FOUND"}]
    with database.tenant_session(outsider.tenant.id) as session:
        kept = session.exec(select(User).where(User.username == outsider.username)).one()
    assert kept.totp_enabled_at is not None

    own = admin_browser.gql(reset, {"id": user_id(clerk)})["data"]["resetUserSecondFactor"]
    assert own == {"user": {"secondFactorEnabled": False}, "errors": []}
    # the clerk signs in with the password alone again; the reset is in the audit
    assert password_step(browser, clerk)["viewer"]["authenticated"] is True
    with database.tenant_session(clerk.tenant.id) as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert "user.second_factor.reset" in actions
    assert "user.second_factor.enable" in actions


def test_a_wrong_code_does_not_confirm_an_enrolment(database: Database, browser: Browser) -> None:
    user = account(database, "office")
    password_step(browser, user)
    browser.gql("mutation { startTotpEnrolment { secret } }")
    wrong = browser.gql(
        'mutation { confirmTotpEnrolment(code: "12345") { recoveryCodes errors { field } } }'
    )["data"]["confirmTotpEnrolment"]
    assert wrong == {"recoveryCodes": [], "errors": [{"field": "code"}]}
    assert (user.tenant.code, user.username) not in AUTHENTICATORS


def test_totp_matches_the_rfc_6238_vectors() -> None:
    # RFC 6238 appendix B, SHA-1 key "12345678901234567890", last 6 digits
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    for moment, expected in ((59, "287082"), (1111111109, "081804"), (20000000000, "353130")):
        assert totp.code_at(secret, totp.step_at(moment)) == expected
    assert totp.matching_step(secret, "287 082", after=None, moment=59) == 1
    assert totp.matching_step(secret, "287082", after=1, moment=59) is None
