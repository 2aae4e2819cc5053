"""How arguments name a scheme (guide.md, "Ids and codes"): `schemeId: ID` where a program
passes back an id it read, `schemeCode: String` where a person types the code, `code: String`
on the scheme's own operations and `sourceCode: String` for a second scheme in one call. No
other spelling (`scheme`, `schemeKey`, `schemeName`…) and no other type (a `schemeId: String`).

Arguments of every field and fields of every input type are held to it: an input is filled
by the same programs and people.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
)
from graphql import build_schema as build_sdl

from jixiao.graphql.reference import GUIDE_PATH
from jixiao.graphql.schema import build_schema
from jixiao.platform.config import Settings

# The spellings that name a scheme, and the type each takes (a plural is a list of it).
SPELLINGS = {
    "schemeId": "ID",
    "schemeIds": "ID",
    "schemeCode": "String",
    "schemeCodes": "String",
    "code": "String",  # on the scheme's own operations; every `code` is a String
    "sourceCode": "String",  # copyScheme, fillPreviousOutcomes: the scheme copied from
}
PLURALS = frozenset({"schemeIds", "schemeCodes"})
# Names that say "scheme" without naming one.
NOT_A_SCHEME = {
    "schemeYear": "OnboardTenantInput: the year of the first scheme onboarding makes",
}


def arguments(schema: GraphQLSchema) -> Iterator[tuple[str, str, GraphQLInputType]]:
    """(where, name, type) of every argument and every input field of the API."""
    for type_name, kind in sorted(schema.type_map.items()):
        if type_name.startswith("__"):
            continue
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                for name, argument in field.args.items():
                    yield f"{type_name}.{field_name}({name})", name, argument.type
        elif isinstance(kind, GraphQLInputObjectType):
            for name, input_field in kind.fields.items():
                yield f"{type_name}.{name}", name, input_field.type


def misnamed(schema: GraphQLSchema) -> list[str]:
    """The arguments naming a scheme that follow neither rule."""
    wrong = []
    for where, name, type_ in arguments(schema):
        if name in SPELLINGS:
            wanted = SPELLINGS[name]
            plural = name in PLURALS
            is_list = isinstance(get_nullable_type(type_), GraphQLList)
            if get_named_type(type_).name != wanted or is_list != plural:
                shape = f"[{wanted}]" if plural else wanted
                wrong.append(f"{where}: {type_} is not {shape}")
        elif "scheme" in name.lower() and name not in NOT_A_SCHEME:
            wrong.append(f"{where}: name a scheme by schemeId: ID or schemeCode: String")
    return wrong


def test_every_argument_naming_a_scheme_is_an_id_or_a_code() -> None:
    wrong = misnamed(build_schema(Settings())._schema)
    assert wrong == [], "see guide.md, Ids and codes:\n" + "\n".join(wrong)


def test_the_check_finds_another_spelling_or_type() -> None:
    schema = build_sdl(
        """
        type Query {
          a(schemeId: ID!, schemeCode: String, code: String!, sourceCode: String): Int
          b(scheme: String!, schemeKey: String): Int
          c(schemeId: String!, schemeCode: ID, schemeIds: ID): Int
        }
        input Pick { schemeCodes: [String!]!, schemeName: String, schemeYear: Int }
        """
    )
    assert misnamed(schema) == [
        "Pick.schemeName: name a scheme by schemeId: ID or schemeCode: String",
        "Query.b(scheme): name a scheme by schemeId: ID or schemeCode: String",
        "Query.b(schemeKey): name a scheme by schemeId: ID or schemeCode: String",
        "Query.c(schemeId): String! is not ID",
        "Query.c(schemeCode): ID is not String",
        "Query.c(schemeIds): ID is not [ID]",
    ]


def test_the_guide_states_the_convention() -> None:
    guide = GUIDE_PATH.read_text("utf-8")
    for name, type_name in SPELLINGS.items():
        if name not in PLURALS:
            assert f"| `{name}` | `{type_name}` |" in guide, name
