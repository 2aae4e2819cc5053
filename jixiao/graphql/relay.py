"""Relay conventions: opaque global ids and cursor connections over keyset pages."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from jixiao.platform.errors import InvalidInput
from jixiao.platform.pagination import Page

N = TypeVar("N")
M = TypeVar("M")


def to_global_id(type_name: str, local_id: uuid.UUID) -> strawberry.ID:
    """`Type:uuid`, base64-encoded: stable and opaque."""
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{local_id}".encode()).decode())


def from_global_id(global_id: str, expected_type: str, *, field: str = "id") -> uuid.UUID:
    """The local id of a global id of the expected type; anything else is an input error."""
    try:
        type_name, _, raw = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
        if type_name != expected_type:
            raise ValueError(type_name)
        return uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(f"{field} 不是有效的 {expected_type} 标识", field=field) from None


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]


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
