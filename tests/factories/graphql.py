"""A GraphQL client over the real ASGI app, acting as whichever subject a test names, and the
two ways a test reads a request that must succeed."""

from __future__ import annotations

from typing import Any

from starlette.requests import HTTPConnection

from jixiao.app import create_app
from jixiao.platform.auth import ANONYMOUS, Subject
from jixiao.platform.db import Database
from tests.asgi import AppClient


class GraphQLClient:
    """Posts operations to /graphql; `subject` stands in for sign-in until identity lands."""

    def __init__(self, database: Database) -> None:
        self.subject: Subject = ANONYMOUS
        app = create_app(database.settings, database=database, authenticate=self._authenticate)
        self.http = AppClient(app)  # no lifespan: the test's broker and worker are used

    async def _authenticate(self, _connection: HTTPConnection) -> Subject:
        return self.subject

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, *, subject: Subject | None = None
    ) -> dict[str, Any]:
        self.subject = subject or ANONYMOUS
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def ok(gql: GraphQLClient, query: str, variables: dict[str, Any], subject: Subject) -> Any:
    """The data of a request that must succeed, payload errors included."""
    body = gql.execute(query, variables, subject=subject)
    assert "errors" not in body, body
    data = body["data"]
    for value in data.values():
        if isinstance(value, dict):
            assert not value.get("errors"), value
    return data


def root(gql: GraphQLClient, query: str, variables: dict[str, Any], who: Subject) -> Any:
    """The one root field's value of a request that must not fail as a whole (a payload's own
    errors are the caller's to check)."""
    body = gql.execute(query, variables, subject=who)
    assert "errors" not in body, body
    return next(iter(body["data"].values()))
