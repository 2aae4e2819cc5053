"""A browser-like client: real authenticator, cookies kept, CSRF header sent like the portal."""

from __future__ import annotations

import random
from typing import Any

import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.auth import CSRF_COOKIE
from jixiao.platform.db import Database

SIGN_IN = """
mutation SignIn($tenant: String, $username: String!, $password: String!) {
  signIn(input: {tenant: $tenant, username: $username, password: $password}) {
    viewer { authenticated username mustChangePassword permissions roles tenant { code } }
    errors { code message field }
  }
}"""
CHANGE_PASSWORD = """
mutation Change($current: String!, $new: String!) {
  changePassword(input: {currentPassword: $current, newPassword: $new}) {
    viewer { mustChangePassword permissions }
    errors { code message field }
  }
}"""
VIEWER = "{ viewer { authenticated username mustChangePassword permissions } }"


class Browser:
    """Keeps cookies across requests and repeats the CSRF cookie in a header."""

    def __init__(self, database: Database) -> None:
        # Each browser has its own address: the per-address lock must not leak between tests.
        address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.http = TestClient(
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

    def sign_in(self, tenant: str | None, username: str, password: str) -> dict[str, Any]:
        payload: dict[str, Any] = self.gql(
            SIGN_IN, {"tenant": tenant, "username": username, "password": password}
        )["data"]["signIn"]
        return payload

    def change_password(self, current: str, new: str) -> dict[str, Any]:
        payload: dict[str, Any] = self.gql(CHANGE_PASSWORD, {"current": current, "new": new})[
            "data"
        ]["changePassword"]
        return payload

    def viewer(self) -> dict[str, Any]:
        viewer: dict[str, Any] = self.gql(VIEWER)["data"]["viewer"]
        return viewer


@pytest.fixture
def browser(database: Database) -> Browser:
    return Browser(database)


@pytest.fixture
def other_browser(database: Database) -> Browser:
    return Browser(database)
