"""Schema-wide rules: committed SDL, a permission on every root field, limits, error masking."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.engine.methods import METHOD_RULES
from jixiao.engine.model import Method
from jixiao.graphql.portal_rules import PORTAL_RULES_PATH, portal_rules
from jixiao.graphql.schema import SDL_PATH, build_schema, sdl
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants import service
from tests.factories import GraphQLClient, make_tenant, tenant_user


def test_the_committed_sdl_is_current() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), "run `jixiao graphql-schema` and commit"


def test_the_portal_reads_the_scoring_methods_rules_of_the_engine() -> None:
    text = PORTAL_RULES_PATH.read_text(encoding="utf-8")
    assert text == portal_rules(), "run `jixiao graphql-schema` and commit"
    ratio = METHOD_RULES[Method.RATIO]
    assert '  RATIO: {\n    label: "完成比例",\n' in text
    assert ratio.definition == ("target", "lower_is_better")
    assert 'definition: ["target", "lowerIsBetter"]' in text  # the GraphQL input's names


def test_every_root_field_declares_its_permission() -> None:
    schema = build_schema(Settings())
    missing = []
    for root in (
        schema.schema_converter.type_map["Query"],
        schema.schema_converter.type_map["Mutation"],
    ):
        definition = root.definition
        for field in definition.fields:  # type: ignore[union-attr]
            if not field.permission_classes:
                missing.append(f"{definition.name}.{field.name}")  # type: ignore[union-attr]
    assert missing == []


def test_deep_queries_are_refused(gql: GraphQLClient) -> None:
    deep = "query { tenants { edges { node { " + "parent { " * 12 + "code" + " }" * 12 + " } } } }"
    result = gql.execute(deep)
    assert "exceeds maximum operation depth" in result["errors"][0]["message"]


def test_too_many_aliases_are_refused(gql: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: viewer {{ authenticated }}" for i in range(40))
    result = gql.execute("query { " + aliases + " }")
    assert "aliases" in result["errors"][0]["message"]


def test_too_many_tokens_are_refused(gql: GraphQLClient) -> None:
    result = gql.execute("query { " + " ".join(["viewer { authenticated }"] * 2000) + " }")
    assert "token" in result["errors"][0]["message"].lower()


def test_unexpected_errors_are_masked_with_a_request_id(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_session: object) -> list[object]:
        raise RuntimeError("password=hunter2 in a stack trace")

    monkeypatch.setattr(service, "list_settings", broken)
    gql.subject = tenant_user(make_tenant(database, "金凤区"), "setting:read")
    response = gql.http.post(
        "/graphql",
        json={"query": "{ tenantSettings { key } }"},
        headers={"X-Request-ID": "req-12345678"},
    )
    error = response.json()["errors"][0]
    assert "hunter2" not in response.text
    assert error["extensions"] == {"requestId": "req-12345678", "code": "INTERNAL"}
    assert response.headers["x-request-id"] == "req-12345678"


def test_queries_over_get_are_not_served(gql: GraphQLClient) -> None:
    response = gql.http.get("/graphql", params={"query": "{ viewer { authenticated } }"})
    assert response.status_code in (400, 405)


def test_introspection_and_graphiql_are_off_in_production(sqlite_settings: Settings) -> None:
    prod = sqlite_settings.with_changes(env="production")
    client = TestClient(create_app(prod, database=Database(prod)))
    result = client.post("/graphql", json={"query": "{ __schema { types { name } } }"}).json()
    assert "introspection" in result["errors"][0]["message"].lower()
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    dev = TestClient(create_app(sqlite_settings, database=Database(sqlite_settings)))
    assert "graphiql" in dev.get("/graphql", headers={"Accept": "text/html"}).text.lower()


def test_viewer_is_public(gql: GraphQLClient) -> None:
    result = gql.execute("{ viewer { authenticated displayName tenant { code } permissions } }")
    assert result["data"]["viewer"] == {
        "authenticated": False,
        "displayName": None,
        "tenant": None,
        "permissions": [],
    }
