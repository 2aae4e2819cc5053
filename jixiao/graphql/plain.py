"""Plain attribute fields read by graphql-core directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField


def read_plain_fields_directly(schema: strawberry.Schema) -> int:
    """Let graphql-core read each plain attribute field (no resolver, no extension, no
    permission: `is_basic_field`) with one call, as strawberry's own basic path does with
    three; a ranking resolves thousands of them. Returns how many fields were changed."""
    changed = 0
    for named in schema._schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for gql_field in named.fields.values():
            field = (gql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if isinstance(field, StrawberryField) and field.is_basic_field:
                gql_field.resolve = _attribute(field.python_name)
                changed += 1
    return changed


def _attribute(name: str) -> Callable[..., Any]:
    def read(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    read._is_default = True  # type: ignore[attr-defined]  # strawberry's mark (tracing skips it)
    return read
