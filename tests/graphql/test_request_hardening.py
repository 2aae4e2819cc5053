"""What /graphql refuses before any resolver runs: oversized bodies (413), NUL characters in
any string input, and, in production, schema names in "Did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from tests.factories import make_tenant, tenant_user
from tests.graphql.conftest import GraphQLClient

MIB = 1024 * 1024
VIEWER = "{ viewer { authenticated } }"  # the padding is an extra variable, ignored


def _padded(size: int) -> dict[str, Any]:
    return {"query": VIEWER, "variables": {"pad": "x" * size}}


def _too_large(response: Any, limit: int) -> None:
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "TOO_LARGE", "limitBytes": limit}
    assert "请求体过大" in error["message"]


def test_a_body_over_the_limit_is_refused_before_it_is_parsed(gql: GraphQLClient) -> None:
    _too_large(gql.http.post("/graphql", json=_padded(30 * MIB)), 2 * MIB)
    _too_large(gql.http.post("/graphql", json=_padded(2 * MIB)), 2 * MIB)
    fits = gql.http.post("/graphql", json=_padded(MIB))
    assert fits.status_code == 200
    assert fits.json()["data"]["viewer"]["authenticated"] is False


def test_the_limit_holds_without_a_content_length(gql: GraphQLClient) -> None:
    def chunked() -> Iterator[bytes]:
        yield b'{"query": "{ viewer { authenticated } }", "variables": {"pad": "'
        for _ in range(48):
            yield b"x" * 65536
        yield b'"}}'

    response = gql.http.post(
        "/graphql", content=chunked(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    _too_large(response, 2 * MIB)


def test_the_limit_is_a_setting_and_importers_may_send_data_files(database: Database) -> None:
    settings = database.settings.with_changes(
        graphql_max_body_bytes=64 * 1024, graphql_import_max_body_bytes=8 * MIB
    )
    tenant = make_tenant(database, "金凤区")
    subject = tenant_user(tenant, "notice:read")

    async def authenticate(_connection: object) -> Any:
        return subject

    client = TestClient(create_app(settings, database=database, authenticate=authenticate))
    _too_large(client.post("/graphql", json=_padded(100 * 1024)), 64 * 1024)
    subject = tenant_user(tenant, "scheme:write")  # a scheme import carries its data file
    assert client.post("/graphql", json=_padded(4 * MIB)).status_code == 200
    _too_large(client.post("/graphql", json=_padded(9 * MIB)), 8 * MIB)
    assert Settings.from_env({"JIXIAO_GRAPHQL_MAX_BODY_BYTES": "4096"}).graphql_max_body_bytes == (
        4096
    )
