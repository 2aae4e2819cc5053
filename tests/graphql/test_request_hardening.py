"""What /graphql refuses before any resolver runs: oversized bodies (413), NUL characters in
any string input, and, in production, schema names in "Did you mean" suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from tests.factories import GraphQLClient, make_tenant, tenant_user

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


SIGN_IN = """mutation($input: SignInInput!) {
  signIn(input: $input) { viewer { authenticated } errors { code message } }
}"""


def _refused_for_nul(result: dict[str, Any], field: str) -> None:
    assert result["data"] is None
    error = result["errors"][0]
    assert error["extensions"]["code"] == "INVALID", error
    assert error["extensions"]["field"] == field
    assert field in error["message"]
    assert "空字符" in error["message"]


def test_a_nul_character_is_refused_up_front_even_before_sign_in(
    gql: GraphQLClient, database: Database
) -> None:
    tenant = make_tenant(database, "金凤区")
    gql.http.get("/healthz")  # the CSRF cookie, as the portal page would get it

    def post(query: str, variables: dict[str, Any]) -> dict[str, Any]:
        token = gql.http.cookies.get("jixiao_csrf") or ""
        response = gql.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    signed = {"tenant": tenant.code, "username": "office", "password": "p"}
    for field in ("tenant", "username", "password"):
        _refused_for_nul(post(SIGN_IN, {"input": {**signed, field: "a\x00b"}}), f"input.{field}")
    literal = 'mutation { signIn(input: {tenant: "x", username: "a\\u0000", password: "p"}) { errors { code } } }'
    _refused_for_nul(post(literal, {}), "input.username")
    nested = 'mutation($u: String!) { signIn(input: {tenant: "x", username: $u, password: "p"}) { errors { code } } }'
    _refused_for_nul(post(nested, {"u": "\x00"}), "input.username")
    # Guarded fields too: the refusal comes before the permission check and any database work.
    search = 'query { users(search: "x\\u0000") { nodes { id } } }'
    _refused_for_nul(post(search, {}), "search")
    # Text that merely shows an escape is no NUL.
    shown = post(SIGN_IN, {"input": {**signed, "username": "a\\u0000b"}})
    assert shown["data"]["signIn"]["errors"][0]["code"] == "UNAUTHENTICATED"


PROBES = [
    ("{ viewr { authenticated } }", "'viewer'"),
    ("{ viewer { authenticatd } }", "'authenticated'"),
    ('{ users(serch: "x") { nodes { id } } }', "'search'"),
    (
        'mutation { signIn(input: {tenant: "x", username: "u", password: "p", pasword: "q"}) {'
        " errors { code } } }",
        "'password'",
    ),
    ('mutation { computeResults(schemeCode: "x", period: ANUAL) { errors { code } } }', "'ANNUAL'"),
]


def test_production_gives_no_did_you_mean_suggestions(sqlite_settings: Settings) -> None:
    production = sqlite_settings.with_changes(env="production")
    quiet = TestClient(create_app(production, database=Database(production)))
    chatty = TestClient(create_app(sqlite_settings, database=Database(sqlite_settings)))
    for query, guess in PROBES:
        told = chatty.post("/graphql", json={"query": query}).json()["errors"]
        assert "Did you mean" in told[0]["message"]  # development keeps them: they help
        assert guess in told[0]["message"]
        refused = quiet.post("/graphql", json={"query": query}).json()["errors"]
        assert len(refused) == len(told)
        for error in refused:
            assert "Did you mean" not in error["message"]
            assert guess not in error["message"]
            assert error["extensions"]["code"] == "GRAPHQL_VALIDATION"
        assert refused[0]["message"].endswith(".")  # what is wrong is still said
