"""Writing many rows at the speed of the database, in the session's own transaction.

PostgreSQL: `COPY … FROM STDIN` through psycopg 3 on the session's connection into a temporary
table, then one `INSERT … SELECT` into the real table. PostgreSQL refuses COPY FROM into a table
under row-level security ("COPY FROM not supported with row-level security"), and the app role
is always under it; the INSERT is checked by the policy against the transaction's
`jixiao.tenant_id`, so a row of another tenant is refused, and a rollback leaves nothing (the
temporary table is dropped with the transaction).
SQLite: executemany of a Core insert, a chunk at a time. Rows stream from an iterator, so
memory stays bounded by one chunk whatever the number of rows.

These writes bypass the ORM unit of work: the caller passes `tenant_id` itself and, when the
rows are a scheme's inputs, calls `jixiao.schemes.revision.touch` in the same transaction.
Used by imports (a scheme's data) and by result runs (their unit rows and drill-down).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Connection, Integer, Table, insert

from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import uuid7

CHUNK = 10_000
# (stage, done, total): "reading", "validating", "writing", "committing"; total 0 = unknown.
Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    """The default progress callback: nothing is reported."""


def write_rows(
    session: JixiaoSession,
    table: Table,
    constants: Mapping[str, Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    done: Callable[[int], None] | None = None,
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`, each with `constants`
    (`tenant_id`, `scheme_id`, …) and a new time-ordered `id`; returns how many.

    `done(n)` is called after each chunk with the number of rows written so far.
    """
    session.flush()  # rows the ORM still holds (parents of these) reach the database first
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, constants, columns, rows, done)
    return _executemany(connection, table, constants, columns, rows, done)


def _chunks(rows: Iterable[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _executemany(
    connection: Connection,
    table: Table,
    constants: Mapping[str, Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    done: Callable[[int], None] | None,
) -> int:
    statement = insert(table)
    count = 0
    for chunk in _chunks(rows):
        values = [
            {**constants, "id": uuid7(), **dict(zip(columns, row, strict=True))} for row in chunk
        ]
        connection.execute(statement, values)
        count += len(chunk)
        if done is not None:
            done(count)
    return count


def _uuid7_texts(count: int) -> list[str]:
    """`count` time-ordered ids (as `orm.uuid7`) as 32 hex digits, which PostgreSQL reads as
    uuid: about five times cheaper than building and dumping `uuid.UUID` objects."""
    millis = (time.time_ns() // 1_000_000) & ((1 << 48) - 1)
    head = (millis << 80) | (0x7 << 76) | (0b10 << 62)
    noise = os.urandom(10 * count)
    texts = []
    for start in range(0, 10 * count, 10):
        rand = int.from_bytes(noise[start : start + 10], "big")
        value = head | (((rand >> 62) & 0xFFF) << 64) | (rand & ((1 << 62) - 1))
        texts.append(f"{value:032x}")
    return texts


def _processor(kind: Any, dialect: Any) -> Callable[[Any], Any] | None:
    # psycopg adapts JSON through its own wrapper, which COPY's text rows do not take.
    if isinstance(kind, JSON):
        return lambda value: None if value is None else orjson.dumps(value).decode()
    process: Callable[[Any], Any] | None = kind.bind_processor(dialect)
    return process


def _copy(
    connection: Connection,
    table: Table,
    constants: Mapping[str, Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    done: Callable[[int], None] | None,
) -> int:
    from psycopg import sql

    dialect = connection.dialect
    # The columns' own conversions (exact decimals as text, enums as their values, UTC times):
    # the database receives exactly what an INSERT through SQLAlchemy would have sent.
    convert = [
        (index, process)
        for index, name in enumerate(columns)
        if not isinstance(table.c[name].type, Boolean | Integer)
        and (process := _processor(table.c[name].type, dialect)) is not None
    ]
    fixed = {
        name: process(value) if (process := table.c[name].type.bind_processor(dialect)) else value
        for name, value in constants.items()
    }
    staged = ["id", *columns]
    names = sql.SQL(", ").join(map(sql.Identifier, staged))
    target, staging = sql.Identifier(table.name), sql.Identifier(f"jixiao_copy_{table.name}")
    driver: Any = connection.connection.driver_connection
    count = 0
    with driver.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA"
            ).format(staging, names, target)
        )
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(staging, names)) as copy:
            for chunk in _chunks(rows):
                for new_id, row in zip(_uuid7_texts(len(chunk)), chunk, strict=True):
                    values = [new_id, *row]
                    for index, process in convert:
                        values[index + 1] = process(values[index + 1])
                    copy.write_row(values)
                count += len(chunk)
                if done is not None:
                    done(count)
        cursor.execute(
            sql.SQL("INSERT INTO {} ({}, {}) SELECT {}, {} FROM {}").format(
                target,
                sql.SQL(", ").join(map(sql.Identifier, fixed)),
                names,
                sql.SQL(", ").join(sql.Placeholder() * len(fixed)),
                names,
                staging,
            ),
            list(fixed.values()),
        )
        cursor.execute(sql.SQL("DROP TABLE {}").format(staging))
    return count
