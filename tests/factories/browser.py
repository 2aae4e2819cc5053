"""A browser-like client: real authenticator, cookies kept, CSRF header sent like the portal.

Accounts that must use two-step verification (the three administrators, operators) enrol the
first time they sign in through `Browser.sign_in` (or change their one-time password), and
answer the code afterwards, from an authenticator kept per account (`AUTHENTICATORS`), so that
tests about something else sign them in as before. Tests of the second factor itself pass
`second_factor=False`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from jixiao.app import create_app
from jixiao.identity import second_factor, totp
from jixiao.platform.auth import CSRF_COOKIE
from jixiao.platform.db import Database
from tests.asgi import AppClient

SIGN_IN = """
mutation SignIn($tenant: String, $username: String!, $password: String!) {
  signIn(input: {tenant: $tenant, username: $username, password: $password}) {
    viewer { authenticated username mustChangePassword permissions roles tenant { code }
             mustEnrolSecondFactor }
    secondFactorRequired
    errors { code message field }
  }
}"""
CHANGE_PASSWORD = """
mutation Change($current: String!, $new: String!) {
  changePassword(input: {currentPassword: $current, newPassword: $new}) {
    viewer { mustChangePassword permissions mustEnrolSecondFactor }
    errors { code message field }
  }
}"""
VERIFY = """
mutation Verify($code: String!) {
  verifySecondFactor(code: $code) {
    viewer { authenticated username mustChangePassword permissions roles tenant { code }
             mustEnrolSecondFactor }
    errors { code message field }
  }
}"""
START = "mutation { startTotpEnrolment { secret uri errors { code message } } }"
CONFIRM = """
mutation Confirm($code: String!) {
  confirmTotpEnrolment(code: $code) {
    recoveryCodes
    viewer { authenticated username mustChangePassword permissions roles tenant { code }
             mustEnrolSecondFactor }
    errors { code message field }
  }
}"""


@dataclass
class Authenticator:
    """An authenticator app of one account: its secret and the steps it has shown."""

    secret: str
    recovery_codes: list[str] = field(default_factory=list)
    last_step: int = -1

    def code(self) -> str:
        """A code not used before: of the previous, current or next step, else a recovery code."""
        now = totp.step_at(second_factor.clock())
        for step in (now - 1, now, now + 1):
            if step > self.last_step:
                self.last_step = step
                return totp.code_at(self.secret, step)
        return self.recovery_codes.pop()


AUTHENTICATORS: dict[tuple[str, str], Authenticator] = {}


def _key(tenant: str | None, username: str) -> tuple[str, str]:
    return ((tenant or "").strip().lower(), username.strip())


VIEWER = "{ viewer { authenticated username mustChangePassword permissions } }"


class Browser:
    """Keeps cookies across requests and repeats the CSRF cookie in a header."""

    def __init__(self, database: Database) -> None:
        # Each browser has its own address: the per-address lock must not leak between tests.
        address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.http = AppClient(
            create_app(database.settings, database=database), client=(address, 50000)
        )
        self.http.get("/healthz")  # receives the CSRF cookie, as the portal page would

    def post(
        self, query: str, variables: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any
    ) -> Any:
        headers = kw.pop("headers", {})
        if csrf and self.http.cookies.get(CSRF_COOKIE):
            headers["X-CSRF-Token"] = self.http.cookies[CSRF_COOKIE]
        return self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers, **kw
        )

    def gql(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        response = self.post(query, variables, **kw)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def sign_in(
        self, tenant: str | None, username: str, password: str, *, second_factor: bool = True
    ) -> dict[str, Any]:
        self.account = _key(tenant, username)
        payload: dict[str, Any] = self.gql(
            SIGN_IN, {"tenant": tenant, "username": username, "password": password}
        )["data"]["signIn"]
        if not second_factor:
            return payload
        if payload["secondFactorRequired"]:
            payload = self.verify(AUTHENTICATORS[self.account].code())
        return self._enrolled(payload)

    def verify(self, code: str) -> dict[str, Any]:
        payload: dict[str, Any] = self.gql(VERIFY, {"code": code})["data"]["verifySecondFactor"]
        return payload

    def enrol(self) -> dict[str, Any]:
        """Set up an authenticator for the signed-in account; the confirmation's payload."""
        started = self.gql(START)["data"]["startTotpEnrolment"]
        assert started["errors"] == [], started
        app = Authenticator(secret=started["secret"])
        step = totp.step_at(second_factor.clock())
        confirmed: dict[str, Any] = self.gql(CONFIRM, {"code": totp.code_at(app.secret, step)})[
            "data"
        ]["confirmTotpEnrolment"]
        app.last_step = step
        app.recovery_codes = list(confirmed["recoveryCodes"])
        AUTHENTICATORS[self.account] = app
        return confirmed

    def _enrolled(self, payload: dict[str, Any]) -> dict[str, Any]:
        viewer = payload.get("viewer")
        if viewer and viewer["mustEnrolSecondFactor"] and not viewer["mustChangePassword"]:
            confirmed = self.enrol()
            payload = {"viewer": confirmed["viewer"], "errors": confirmed["errors"]}
        payload.pop("secondFactorRequired", None)
        if payload.get("viewer"):
            payload["viewer"].pop("mustEnrolSecondFactor", None)
        return payload

    def change_password(self, current: str, new: str) -> dict[str, Any]:
        payload: dict[str, Any] = self.gql(CHANGE_PASSWORD, {"current": current, "new": new})[
            "data"
        ]["changePassword"]
        viewer = payload.get("viewer")
        if viewer and viewer["mustEnrolSecondFactor"] and hasattr(self, "account"):
            confirmed = self.enrol()
            viewer = {
                "mustChangePassword": confirmed["viewer"]["mustChangePassword"],
                "permissions": confirmed["viewer"]["permissions"],
            }
            payload = {"viewer": viewer, "errors": confirmed["errors"]}
        elif viewer:
            viewer.pop("mustEnrolSecondFactor", None)
        return payload

    def viewer(self) -> dict[str, Any]:
        viewer: dict[str, Any] = self.gql(VIEWER)["data"]["viewer"]
        return viewer
