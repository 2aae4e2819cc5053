"""Plain attribute fields are read by graphql-core with one call (graphql/plain.py); fields
with a resolver, an extension or a permission keep strawberry's path."""

from __future__ import annotations

from typing import Any

import strawberry

from jixiao.graphql.plain import read_plain_fields_directly
from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings


class Refuse(strawberry.BasePermission):
    message = "no"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Item:
    plain_name: str
    secret: str = strawberry.field(permission_classes=[Refuse])

    @strawberry.field
    def shouted(self) -> str:
        return self.plain_name.upper()


@strawberry.type
class Query:
    @strawberry.field
    def item(self) -> Item:
        return Item(plain_name="金凤", secret="x")


def test_plain_fields_answer_as_before_and_guarded_ones_stay_guarded() -> None:
    schema = strawberry.Schema(query=Query)
    before = schema.execute_sync("{ item { plainName shouted } }")
    assert read_plain_fields_directly(schema) == 1  # plainName only
    fields = schema._schema.type_map["Item"].fields  # type: ignore[attr-defined]
    assert getattr(fields["shouted"].resolve, "__name__", "") != "read"
    after = schema.execute_sync("{ item { plainName shouted } }")
    assert after.data == before.data == {"item": {"plainName": "金凤", "shouted": "金凤"}}
    refused = schema.execute_sync("{ item { secret } }")
    assert refused.errors
    assert refused.errors[0].message == "no"


def test_the_application_schema_reads_result_figures_directly() -> None:
    schema = build_schema(Settings(env="test"))
    fields = schema._schema.type_map["UnitResult"].fields  # type: ignore[attr-defined]
    assert fields["total"].resolve.__name__ == "read"
    assert fields["breakdown"].resolve.__name__ != "read"  # a resolver with a loader
    assert fields["components"].resolve.__name__ != "read"
