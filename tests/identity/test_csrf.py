"""CSRF: one cookie parser for the check and the authenticator, and tokens bound to the session
(another client's token, or one planted as a cookie, is refused; sign-in rotates it)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from jixiao.platform.auth import CSRF_COOKIE, SESSION_COOKIE
from jixiao.platform.db import Database
from tests.factories import Browser
from tests.identity.support import account

SIGN_OUT = {"query": "mutation { signOut }"}


def _attack(browser: Browser, headers: list[tuple[str, str]]) -> Any:
    """A request with exactly these headers (no cookie jar): what a forging page can make a
    browser send, or what a client holding someone else's token sends."""
    return TestClient(browser.http.app).post("/graphql", json=SIGN_OUT, headers=headers)


def _refused(response: Any) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF"


def test_a_malformed_cookie_does_not_hide_the_session_from_the_check(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    session = browser.http.cookies[SESSION_COOKIE]
    for cookies in (
        [("cookie", f"junk; {SESSION_COOKIE}={session}")],
        [("cookie", f'a="b; {SESSION_COOKIE}={session}')],
        [("cookie", f"{SESSION_COOKIE}={session}"), ("cookie", "theme=dark")],
    ):
        _refused(_attack(browser, cookies))
    assert browser.viewer()["authenticated"] is True  # nothing happened


def test_a_token_of_another_client_or_session_is_refused(
    database: Database, browser: Browser, other_browser: Browser
) -> None:
    alice = account(database, "office")
    bob = account(database, "unit_reporter", tenant=alice.tenant)
    browser.sign_in(alice.tenant.code, alice.username, alice.password)
    other_browser.sign_in(bob.tenant.code, bob.username, bob.password)
    bobs_session = other_browser.http.cookies[SESSION_COOKIE]
    for token in (browser.http.cookies[CSRF_COOKIE], "planted-by-a-sibling-subdomain"):
        cookie = f"{SESSION_COOKIE}={bobs_session}; {CSRF_COOKIE}={token}"
        _refused(_attack(other_browser, [("cookie", cookie), ("x-csrf-token", token)]))
    assert other_browser.viewer()["authenticated"] is True
    own = other_browser.post(SIGN_OUT["query"])
    assert own.status_code == 200
    assert own.json()["data"]["signOut"] is True


def test_sign_in_password_change_and_sign_out_rotate_the_token(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    anonymous = browser.http.cookies[CSRF_COOKIE]
    browser.sign_in(user.tenant.code, user.username, user.password)
    signed_in = browser.http.cookies[CSRF_COOKIE]
    assert signed_in != anonymous
    session = browser.http.cookies[SESSION_COOKIE]
    stale = f"{SESSION_COOKIE}={session}; {CSRF_COOKIE}={anonymous}"
    _refused(_attack(browser, [("cookie", stale), ("x-csrf-token", anonymous)]))

    changed = browser.change_password(user.password, "Another-Long-Passphrase-2026")
    assert changed["errors"] == []
    renewed = browser.http.cookies[CSRF_COOKIE]
    assert renewed not in (anonymous, signed_in)
    assert browser.viewer()["authenticated"] is True

    assert browser.gql(SIGN_OUT["query"])["data"]["signOut"] is True
    assert browser.http.cookies[CSRF_COOKIE] not in (anonymous, signed_in, renewed)
    again = browser.sign_in(user.tenant.code, user.username, "Another-Long-Passphrase-2026")
    assert again["errors"] == []


def test_a_refusal_hands_the_right_token_so_the_portal_can_retry(
    database: Database, browser: Browser
) -> None:
    user = account(database, "office")
    browser.sign_in(user.tenant.code, user.username, user.password)
    held = next(c for c in browser.http.cookies.jar if c.name == CSRF_COOKIE)
    browser.http.cookies.set(CSRF_COOKIE, "stale-from-an-old-tab", domain=held.domain)
    _refused(browser.post(SIGN_OUT["query"]))  # the portal repeats the cookie it has
    assert browser.http.cookies[CSRF_COOKIE] != "stale-from-an-old-tab"
    retried = browser.post(SIGN_OUT["query"])  # …and retries once with the one it was given
    assert retried.status_code == 200
    assert retried.json()["data"]["signOut"] is True
