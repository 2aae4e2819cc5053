"""Descriptions of enum values whose Python enum lives in a domain module.

Domain enums (e.g. `notices.models.NoticeKind`) must not import strawberry, so their values
cannot carry `strawberry.enum_value(description=…)`. The GraphQL module that registers such an
enum says what each value means here, beside its `strawberry.enum(...)` call:

    strawberry.enum(models.AccountStatus, name="AccountStatus", description="…")
    describe_values("AccountStatus", {"ACTIVE": "…", "DISABLED": "…"})

`build_schema` applies them to the built schema, so they reach the SDL, introspection and the
reference. A name or value that the schema does not have is an error at build time.
"""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLSchema

_DESCRIPTIONS: dict[str, dict[str, str]] = {}


def describe_values(enum_name: str, descriptions: dict[str, str]) -> None:
    """Say what each GraphQL value (the SDL's name, e.g. `ACTIVE`) of `enum_name` means."""
    _DESCRIPTIONS.setdefault(enum_name, {}).update(descriptions)


def apply_value_descriptions(schema: GraphQLSchema) -> None:
    for enum_name, descriptions in _DESCRIPTIONS.items():
        enum = schema.type_map.get(enum_name)
        if not isinstance(enum, GraphQLEnumType):
            raise LookupError(f"describe_values: the schema has no enum {enum_name}")
        unknown = sorted(set(descriptions) - set(enum.values))
        if unknown:
            raise LookupError(f"describe_values: {enum_name} has no value {', '.join(unknown)}")
        for value_name, text in descriptions.items():
            value = enum.values[value_name]
            if not value.description:
                value.description = text
