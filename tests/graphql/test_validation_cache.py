"""A document is validated once, whatever the request: the limits' rules are made once per
schema, and the schema once per process and limits. What the server logs at ERROR is a crash,
never a client's refusal."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from strawberry import Schema

from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants import service
from tests.asgi import run
from tests.factories import GraphQLClient, make_tenant, tenant_user


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operations graphql-core validated (the cache's misses)."""
    seen: list[str] = []
    real: Callable[..., Any] = strawberry_schema.validate

    def counting(schema: Any, document: Any, rules: Any) -> Any:
        seen.append(document.loc.source.body)
        return real(schema, document, rules)

    monkeypatch.setattr(strawberry_schema, "validate", counting)
    return seen


def test_a_document_sent_again_is_not_validated_again(
    gql: GraphQLClient, validations: list[str]
) -> None:
    # A document no earlier test sent (the caches live as long as the process).
    query = f"query Viewer{uuid.uuid4().hex} {{ viewer {{ authenticated }} }}"
    for _ in range(3):
        assert gql.execute(query)["data"] == {"viewer": {"authenticated": False}}
    assert validations == [query]  # strawberry's own limiters made every request a miss
    other = f"query Other{uuid.uuid4().hex} {{ viewer {{ authenticated }} }}"
    gql.execute(other)
    assert validations == [query, other]


def test_the_limits_still_refuse_a_document_answered_from_the_cache(
    gql: GraphQLClient, validations: list[str]
) -> None:
    aliases = " ".join(f"a{i}: viewer {{ authenticated }}" for i in range(31))  # 30 at most
    query = f"query Aliased{uuid.uuid4().hex} {{ {aliases} }}"
    for _ in range(2):
        result = gql.execute(query)
        assert result.get("data") is None, result
        assert "aliases found" in result["errors"][0]["message"], result
    assert validations == [query]  # refused twice, validated once


def test_the_schema_is_built_once_per_set_of_limits(sqlite_settings: Settings) -> None:
    schema = build_schema(sqlite_settings)
    assert build_schema(sqlite_settings.with_changes(sign_in_backoff_ms=5)) is schema
    stricter = build_schema(sqlite_settings.with_changes(graphql_max_depth=1))
    assert stricter is not schema
    assert build_schema(sqlite_settings.with_changes(graphql_max_depth=1)) is stricter
    # Run without a request, the resolvers fail: what matters is whether validation refused.
    assert not _too_deep(stricter, "{ viewer { authenticated } }")
    assert _too_deep(stricter, "{ viewer { tenant { code } } }")
    assert _too_deep(stricter, "{ viewer { tenant { code } } }")  # from the validation cache
    assert not _too_deep(schema, "{ viewer { tenant { code } } }")


def _too_deep(schema: Schema, query: str) -> bool:
    result = run(schema.execute(query))
    return any("exceeds maximum operation depth" in e.message for e in result.errors or [])


def test_a_refusal_is_no_error_in_the_log_and_a_crash_is(
    gql: GraphQLClient,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    caplog.set_level(logging.DEBUG)
    refused = gql.execute("{ tenantSettings { key } }", subject=tenant_user(jinfeng))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    invalid = gql.execute("{ noSuchField }")
    assert invalid["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert any("answered with an error" in r.getMessage() for r in caplog.records)

    def broken(_session: object) -> list[object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "list_settings", broken)
    crashed = gql.execute(
        "{ tenantSettings { key } }", subject=tenant_user(jinfeng, "setting:read")
    )
    assert crashed["errors"][0]["extensions"]["code"] == "INTERNAL"
    [logged] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged.exc_info is not None
    assert "disk on fire" in str(logged.exc_info[1])
