"""API documentation for third parties: every root operation is described, the reference in
docs/api/ is the SDL's, and the server publishes it at /docs with the guide at /docs/guide."""

from __future__ import annotations

from graphql import build_schema as build_sdl
from starlette.testclient import TestClient
from typer.testing import CliRunner

from jixiao.app import create_app
from jixiao.cli import app
from jixiao.graphql.reference import (
    COMMON_ARGUMENTS,
    reference_html,
    reference_markdown,
    undescribed,
)
from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings
from jixiao.platform.db import Database


def test_every_query_and_mutation_says_what_it_does() -> None:
    schema = build_schema(Settings())._schema
    bare = [
        f"{root}.{name}"
        for root in ("Query", "Mutation")
        for name, field in schema.type_map[root].fields.items()  # type: ignore[union-attr]
        if not (field.description or "").strip()
    ]
    assert bare == [], f"describe these operations (description= on the resolver): {bare}"


def test_every_type_field_argument_and_enum_value_says_what_it_is() -> None:
    bare = undescribed(build_schema(Settings())._schema)
    listing = "\n".join(bare)
    assert bare == [], f"describe these ({len(bare)}; see reference.undescribed):\n{listing}"


def test_undescribed_finds_what_lacks_a_description() -> None:
    schema = build_sdl(
        """
        "Described."
        type Query {
          "Described."
          a(first: Int, "Described." x: Int, y: Int): Int
          b: Colour
        }
        type Bare { c: Int }
        "Described."
        input Filter { "Described." d: Int, e: Int }
        "Described."
        enum Colour { "Described." RED GREEN }
        """
    )
    assert undescribed(schema) == [
        "type Bare",
        "field Bare.c",
        "enum value Colour.GREEN",
        "field Filter.e",
        "argument Query.a(y)",
        "field Query.b",
    ]


def test_the_reference_in_docs_api_is_the_committed_sdls() -> None:
    result = CliRunner().invoke(app, ["api-docs", "--check"])
    assert result.exit_code == 0, result.output


def test_the_reference_explains_arguments_and_escapes_html() -> None:
    text = reference_markdown()
    assert "### `rankings` → `Rankings`" in text
    assert COMMON_ARGUMENTS["schemeCode"] in text
    page = reference_html("# T\n\n| a | b |\n|---|---|\n| `<x>` | 1 |\n\n- [the guide](guide.md)")
    assert "<code>&lt;x&gt;</code>" in page
    assert '<a href="/docs/guide">the guide</a>' in page
    assert "<x>" not in page


def test_the_server_publishes_the_reference_and_the_guide(sqlite_settings: Settings) -> None:
    database = Database(sqlite_settings)
    try:
        client = TestClient(create_app(sqlite_settings, database=database))
        page = client.get("/docs")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert 'id="rankings"' in page.text
        assert "suspendTenant" in page.text
        guide = client.get("/docs/guide")
        assert guide.status_code == 200
        assert "Authorization: Bearer" in guide.text
        assert "X-RateLimit-Remaining" in guide.text
    finally:
        database.dispose()
