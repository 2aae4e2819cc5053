"""The checks of graphql-cop, against the app in production mode: every one must come out clean.

graphql-cop (dolevf/graphql-cop) probes a GraphQL endpoint for introspection, field suggestions,
GraphiQL, GET-based queries and mutations, url-encoded POST (CSRF), batching, alias and directive
overloading, circular and deep queries, field duplication and debug traces. It needs a network
tool run; these are the same requests, sent to the app the tests build.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database

PROBE = "{ viewer { authenticated } }"


@pytest.fixture
def production(sqlite_settings: Settings) -> TestClient:
    settings = sqlite_settings.with_changes(env="production")
    client = TestClient(create_app(settings, database=Database(settings)))
    client.get("/healthz")  # the CSRF cookie, as a page load gives it
    return client


def post(client: TestClient, body: object) -> tuple[int, dict[str, object]]:
    response = client.post("/graphql", json=body)
    data = (
        response.json()
        if response.headers.get("content-type", "").startswith("application/json")
        else {}
    )
    return response.status_code, data


def errors(body: dict[str, object]) -> list[dict[str, object]]:
    found = body.get("errors")
    assert isinstance(found, list), body
    assert found, body
    return found


def test_introspection_suggestions_and_graphiql_are_off(production: TestClient) -> None:
    _, body = post(production, {"query": "{ __schema { queryType { name } } }"})
    assert "data" not in body or body["data"] is None
    _, body = post(production, {"query": "{ viewr { authenticated } }"})
    assert all("Did you mean" not in str(e["message"]) for e in errors(body))
    page = production.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()


def test_nothing_is_served_over_get_nor_from_a_form(production: TestClient) -> None:
    for query in (PROBE, "mutation { signOut { errors { code } } }"):
        response = production.get("/graphql", params={"query": query})
        assert response.status_code in (400, 405)
    form = production.post(
        "/graphql",
        content=f"query={PROBE}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code in (400, 403, 415)


def test_batches_are_refused(production: TestClient) -> None:
    status, body = post(production, [{"query": PROBE}] * 10)
    assert status == 400 or "errors" in body


@pytest.mark.parametrize(
    "query",
    [
        "{ " + " ".join(f"a{i}: viewer {{ authenticated }}" for i in range(100)) + " }",  # aliases
        "{ viewer { authenticated " + "@include(if: true) " * 50 + "} }",  # directives
        "{ viewer { " + "authenticated " * 3000 + "} }",  # field duplication
        "{ viewer { tenant { " * 20 + "code" + " } }" * 20 + " }",  # depth
    ],
    ids=["alias overloading", "directive overloading", "field duplication", "deep query"],
)
def test_overloading_queries_are_refused_before_they_run(
    production: TestClient, query: str
) -> None:
    _, body = post(production, {"query": query})
    assert errors(body)
    assert body.get("data") is None


def test_no_debug_or_trace_extensions_are_returned(production: TestClient) -> None:
    _, body = post(production, {"query": PROBE})
    assert body.get("data") == {"viewer": {"authenticated": False}}
    shown = body.get("extensions") or {}
    assert isinstance(shown, dict)
    assert not set(shown) & {"tracing", "debug", "exception"}
    _, body = post(production, {"query": "{ viewer { nope } }"})
    for error in errors(body):
        extensions = error.get("extensions") or {}
        assert isinstance(extensions, dict)
        assert "exception" not in extensions
        assert "stacktrace" not in extensions
