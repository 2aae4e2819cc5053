"""Relay conventions: opaque global ids, the `Node` interface of the objects that carry one
(`node(id:)` in `jixiao.graphql.node`), and cursor connections over keyset pages."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Collection
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLObjectType, get_named_type
from strawberry.types.base import get_object_definition

from jixiao.platform.errors import InvalidInput
from jixiao.platform.pagination import Page

NODE = "Node"  # the interface of objects that `node(id:)` finds
N = TypeVar("N")
M = TypeVar("M")
# Strawberry copies a generic type's description to each `XConnection`/`XEdge` as it is; the
# item's type is named in it after the build (`describe_connections`).
CONNECTION_DESCRIPTION = "One page of a list, at most `first` items after the cursor `after`."
EDGE_DESCRIPTION = "One item of a page, with its cursor."
CONNECTION_OF = "One page of a list of `{}`, at most `first` items after the cursor `after`."
EDGE_OF = "One `{}` of a page, with its cursor."


def to_global_id(type_name: str, local_id: uuid.UUID) -> strawberry.ID:
    """`Type:uuid`, base64-encoded: stable and opaque."""
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{local_id}".encode()).decode())


def from_global_id(global_id: str, expected_type: str, *, field: str = "id") -> uuid.UUID:
    """The local id of a global id of the expected type; anything else is an input error."""
    found = _decoded(global_id)
    if found is None or found[0] != expected_type:
        raise InvalidInput(f"{field} 不是有效的 {expected_type} 标识", field=field)
    return found[1]


def node_global_id(
    global_id: str, types: Collection[str], *, field: str = "id"
) -> tuple[str, uuid.UUID]:
    """The type and local id of a global id of one of `types` (those implementing `Node`);
    anything else is the same input error `from_global_id` gives, naming `Node`."""
    found = _decoded(global_id)
    if found is None or found[0] not in types:
        raise InvalidInput(f"{field} 不是有效的 {NODE} 标识", field=field)
    return found


def _decoded(global_id: str) -> tuple[str, uuid.UUID] | None:
    """`(type, uuid)` of a well-formed global id; None for anything else."""
    try:
        type_name, _, raw = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        return type_name, uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


@strawberry.interface(
    name=NODE,
    description="An object with a global id: `node(id:)` finds it again by that id alone "
    "(Relay's Node), among the objects you may see.",
)
class Node:
    """Implemented by the main object types whose `id` is a global id (`to_global_id`);
    `jixiao.graphql.node` says how `node(id:)` finds and guards each of them."""

    @strawberry.field(description="The object's global id: pass it back as it is.")
    def id(self) -> strawberry.ID:
        raise NotImplementedError  # every implementing type has its own


@strawberry.type(description="Where a page stands in its list, and the cursors to page on.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="More items follow: ask again with `after: endCursor`."
    )
    has_previous_page: bool = strawberry.field(
        description="Items come before this page (true whenever `after` was given)."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null on an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item, for `after`; null on an empty page."
    )


@strawberry.type(description=EDGE_DESCRIPTION)
class Edge(Generic[N]):
    node: N = strawberry.field(description="The item.")
    cursor: str = strawberry.field(
        description="An opaque position: pass it as `after` for the items after this one."
    )


@strawberry.type(description=CONNECTION_DESCRIPTION)
class Connection(Generic[N]):
    edges: list[Edge[N]] = strawberry.field(
        description="The page's items with their cursors, in the list's order."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether more items follow, and the cursor to ask for them."
    )

    @strawberry.field(description="The page's items without their cursors, in the list's order.")
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


def describe_connections(schema: strawberry.Schema) -> None:
    """Name the item's type in the description of each `XConnection` and `XEdge`."""
    generics = (
        (get_object_definition(Connection, strict=True), "nodes", CONNECTION_OF),
        (get_object_definition(Edge, strict=True), "node", EDGE_OF),
    )
    for name, built in schema._schema.type_map.items():
        definition = getattr(schema.schema_converter.type_map.get(name), "definition", None)
        for generic, item_field, text in generics:
            if getattr(definition, "concrete_of", None) is generic:
                assert isinstance(built, GraphQLObjectType)
                built.description = text.format(get_named_type(built.fields[item_field].type))


def connection(page: Page[M], convert: Callable[[M], N], *, after: str | None) -> Connection[N]:
    """A connection of converted nodes from one keyset page."""
    edges = [
        Edge(node=convert(item), cursor=c) for item, c in zip(page.items, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
    )
