"""Keyset pagination: pages follow a unique sort key, never an offset."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.platform.errors import InvalidInput

T = TypeVar("T")
S = TypeVar("S", Select[Any], SelectOfScalar[Any])
DEFAULT_PAGE = 20


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows with each row's cursor."""

    items: list[T]
    cursors: list[str]
    has_next: bool


def encode_cursor(value: Any) -> str:
    """An opaque cursor for a sort-key value."""
    return base64.urlsafe_b64encode(f"k:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, python_type: type[Any]) -> Any:
    """The sort-key value of a cursor; a tampered cursor is a clear input error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("k:"):
            raise ValueError(raw)
        # String-like columns (SQLModel's AutoString) report no useful python type.
        return (str if python_type is object else python_type)(raw[2:])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            "分页游标无效，请从第一页重新查询 (invalid cursor)", field="after"
        ) from None


def keyset_page(
    session: Session,
    statement: Select[tuple[T]],
    key: InstrumentedAttribute[Any],
    *,
    first: int | None,
    after: str | None,
    max_first: int = 100,
    descending: bool = False,
) -> Page[T]:
    """Rows of `statement` ordered by the unique `key` (newest first where `descending`),
    `first` of them after `after`."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > max_first:
        raise InvalidInput(f"first 须在 0 到 {max_first} 之间 (got {size})", field="first")
    if after:
        value = decode_cursor(after, _python_type(key))
        statement = statement.where(key < value if descending else key > value)
    order = key.desc() if descending else key
    rows = list(session.exec(statement.order_by(order).limit(size + 1)).all())  # type: ignore[call-overload]
    has_next = len(rows) > size
    items = rows[:size]
    key_name = key.key
    return Page(
        items=items,
        cursors=[encode_cursor(getattr(item, key_name)) for item in items],
        has_next=has_next,
    )


def time_window(statement: S, column: Any, since: datetime | None, until: datetime | None) -> S:
    """`statement` narrowed to `column` from `since` (inclusive) to `until` (exclusive); a
    moment without its time zone is refused, naming the argument."""
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput(f"{name} 须带时区，例如 2026-01-01T00:00:00+08:00", field=name)
    if since:
        statement = statement.where(column >= since)
    if until:
        statement = statement.where(column < until)
    return statement


def _python_type(key: InstrumentedAttribute[Any]) -> type[Any]:
    try:
        python_type: type[Any] = key.type.python_type
    except NotImplementedError:
        return str
    return python_type
