"""The API reference for third parties, generated from the committed SDL (schema.graphql).

`jixiao api-docs` writes docs/api/reference.md (checked in CI like the SDL itself); the server
shows the same reference as HTML at `/docs`, beside the guide (`/docs/guide`: tokens,
pagination, errors, rate limits, the common flows). Arguments that many operations share
(`first`, `after`, `schemeCode`, `period`…) are explained once, in `COMMON_ARGUMENTS`, where the
SDL has no description of its own.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    introspection_types,
    specified_scalar_types,
)

SDL_PATH = Path(__file__).with_name("schema.graphql")
GUIDE_PATH = Path(__file__).with_name("guide.md")

COMMON_ARGUMENTS = {
    "first": "How many items to return (at most 100).",
    "after": "A cursor: `pageInfo.endCursor` of the previous page.",
    "id": "A global id, as returned in an `id` field.",
    "ids": "Global ids, as returned in `id` fields.",
    "code": "The code a person typed for it (codes are unique in the tenant).",
    "schemeCode": "The scheme's code, e.g. `jinfeng-2015`.",
    "schemeId": "The scheme's global id.",
    "unitCode": "The unit's code.",
    "unitCodes": "Units' codes.",
    "unitId": "The unit's global id.",
    "componentCode": "The component's code within the scheme.",
    "groupCode": "The group's code within the scheme.",
    "indicatorCode": "The indicator's code within the scheme.",
    "period": "`ANNUAL` or a quarter `Q1`…`Q4`.",
    "year": "The appraisal year.",
    "runId": "A result run of the history (default: the current one).",
    "input": "The fields to set; see the input type.",
    "reason": "Why: kept in the audit trail and shown to those concerned.",
    "note": "A free note kept with the change.",
    "search": "Words to look for in names and codes.",
    "status": "Only items in this state.",
    "states": "Only items in these states.",
    "kind": "Only items of this kind.",
    "filter": "Conditions the items must meet.",
    "format": "The file format wanted.",
    "dataText": "A jixiao.data/1 document (JSON or YAML text, INTERCHANGE.md).",
    "userId": "The user's global id.",
    "userIds": "Users' global ids.",
    "roleCode": "The role's code.",
    "roleCodes": "Roles' codes.",
}


def schema() -> GraphQLSchema:
    return build_schema(SDL_PATH.read_text("utf-8"))


def undescribed(graphql_schema: GraphQLSchema) -> list[str]:
    """Every type, field, argument and enum value the reference would leave unexplained.

    An argument counts as described when it has a description of its own or its name is in
    `COMMON_ARGUMENTS`; introspection types and the built-in scalars are not the API's own.
    """
    bare: list[str] = []
    for name, kind in sorted(graphql_schema.type_map.items()):
        if name in introspection_types or name in specified_scalar_types:
            continue
        if not (kind.description or "").strip():
            bare.append(f"type {name}")
        fields = kind.fields if isinstance(kind, _WITH_FIELDS) else {}
        for field_name, field in fields.items():
            if not (field.description or "").strip():
                bare.append(f"field {name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not _argument(arg_name, arg).strip():
                    bare.append(f"argument {name}.{field_name}({arg_name})")
        if isinstance(kind, GraphQLEnumType):
            bare += [
                f"enum value {name}.{value_name}"
                for value_name, value in kind.values.items()
                if not (value.description or "").strip()
            ]
    return bare


_WITH_FIELDS = (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)


def _argument(name: str, argument: GraphQLArgument) -> str:
    return argument.description or COMMON_ARGUMENTS.get(name, "")


def _operations(kind: str, root: GraphQLObjectType) -> Iterator[str]:
    yield f"## {kind}\n"
    for name in sorted(root.fields):
        field: GraphQLField = root.fields[name]
        yield f"### `{name}` → `{field.type}`\n"
        if field.deprecation_reason:
            yield f"**Deprecated:** {field.deprecation_reason}\n"
        yield f"{field.description or ''}\n"
        if field.args:
            yield "| argument | type | meaning |\n|---|---|---|"
            for arg_name, arg in field.args.items():
                text = _argument(arg_name, arg).replace("\n", " ").replace("|", "\\|")
                yield f"| `{arg_name}` | `{arg.type}` | {text} |"
            yield ""


def _types(graphql_schema: GraphQLSchema) -> Iterator[str]:
    yield "## Types\n"
    for name in sorted(graphql_schema.type_map):
        kind = graphql_schema.type_map[name]
        if name.startswith("__") or name in {"Query", "Mutation", "Subscription"}:
            continue
        if isinstance(kind, GraphQLObjectType | GraphQLInputObjectType | GraphQLInterfaceType):
            yield f"### `{name}`\n"
            yield f"{kind.description or ''}\n"
            if isinstance(kind, GraphQLObjectType) and kind.interfaces:
                yield "Implements " + ", ".join(f"`{i.name}`" for i in kind.interfaces) + ".\n"
            if isinstance(kind, GraphQLInterfaceType):
                implemented = graphql_schema.get_possible_types(kind)
                yield "Implemented by " + ", ".join(f"`{t.name}`" for t in implemented) + ".\n"
            yield "| field | type | meaning |\n|---|---|---|"
            for field_name, field in kind.fields.items():
                text = (field.description or "").replace("\n", " ").replace("|", "\\|")
                yield f"| `{field_name}` | `{field.type}` | {text} |"
            yield ""
        elif isinstance(kind, GraphQLEnumType):
            yield f"### `{name}` (enum)\n"
            yield f"{kind.description or ''}\n"
            for value_name, value in kind.values.items():
                yield f"- `{value_name}`" + (f": {value.description}" if value.description else "")
            yield ""
        elif isinstance(kind, GraphQLUnionType):
            members = ", ".join(f"`{t.name}`" for t in kind.types)
            yield f"### `{name}` (one of {members})\n"
        else:
            yield f"### `{name}` (scalar)\n\n{kind.description or ''}\n"


def reference_markdown(graphql_schema: GraphQLSchema | None = None) -> str:
    graphql_schema = graphql_schema or schema()
    lines = [
        "# Jixiao GraphQL API reference\n",
        "Generated by `jixiao api-docs` from `jixiao/graphql/schema.graphql`; do not edit. "
        "How to authenticate, page, read errors and stay within the rate limits: "
        "[the guide](guide.md) (served at `/docs/guide`).\n",
    ]
    assert graphql_schema.query_type is not None
    lines += _operations("Queries", graphql_schema.query_type)
    if graphql_schema.mutation_type is not None:
        lines += _operations("Mutations", graphql_schema.mutation_type)
    lines += _types(graphql_schema)
    return "\n".join(lines).rstrip() + "\n"


def reference_html(markdown: str) -> str:
    """The reference as a page of its own: headings, tables and lists of the Markdown above."""
    out = [
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8">',
        "<title>Jixiao GraphQL API</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2em auto;"
        "padding:0 1em}code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;"
        "margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}</style>",
    ]
    in_table = False
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [_inline(c.strip()) for c in line.strip("|").split(" | ")]
            if set(line) <= {"|", "-"}:
                continue
            if not in_table:
                out.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in cells) + "</tr>")
                in_table = True
            else:
                out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = _inline(line[level:].strip())
            anchor = html.escape(line[level:].strip().split("`")[1] if "`" in line else "")
            out.append(f'<h{level} id="{anchor}">{text}</h{level}>')
        elif line.startswith("- "):
            out.append(f"<li>{_inline(line[2:])}</li>")
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
    if in_table:
        out.append("</table>")
    return "\n".join(out) + "\n"


def _inline(text: str) -> str:
    """`code` spans and [links](x.md); everything else escaped."""
    parts = html.escape(text).split("`")
    body = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
    return body.replace("[the guide](guide.md)", '<a href="/docs/guide">the guide</a>')
