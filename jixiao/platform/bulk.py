"""Writing many rows of a tenant table at the speed of the database, in the session's transaction.

PostgreSQL: COPY into a temporary table, then one INSERT … SELECT into the tenant table. (COPY
FROM straight into a table with row-level security is refused by PostgreSQL; the INSERT keeps
the policies' check, so a row of another tenant still cannot get in.) SQLite: one executemany.
Rows are stamped with the session's tenant here; the ORM's unit of work is not involved, so
callers that write scheme inputs tell `jixiao.schemes.revision.touch` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import JSON, Table, insert

from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import TenantContextError


def insert_rows(
    session: JixiaoSession, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values in the order of `columns`, without `tenant_id`); the count."""
    tenant_id = session.require_tenant()
    if "tenant_id" in columns:
        raise TenantContextError("bulk rows are stamped with the session's tenant, not given one")
    names = ["tenant_id", *columns]
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        mappings = [dict(zip(names, (tenant_id, *row), strict=True)) for row in rows]
        if mappings:
            connection.execute(insert(table), mappings)
        return len(mappings)
    processors = [_processor(table.c[name].type, dialect) for name in names]
    staging = f"_bulk_{table.name}"
    quoted = ", ".join(f'"{name}"' for name in names)
    driver: Any = connection.connection.driver_connection
    count = 0
    with driver.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" (LIKE "{table.name}") ON COMMIT DROP'
        )
        with cursor.copy(f'COPY "{staging}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                values = (tenant_id, *row)
                copy.write_row(_processed(values, processors))
                count += 1
        cursor.execute(
            f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM "{staging}"'  # noqa: S608
        )
        cursor.execute(f'DROP TABLE "{staging}"')
    return count


def _processor(kind: Any, dialect: Any) -> Any:
    # psycopg adapts JSON through its own wrapper, which COPY's text rows do not take.
    if isinstance(kind, JSON):
        return lambda value: orjson.dumps(value).decode()
    return kind.bind_processor(dialect)


def _processed(values: Sequence[Any], processors: Sequence[Any]) -> list[Any]:
    return [
        value if process is None or value is None else process(value)
        for value, process in zip(values, processors, strict=True)
    ]
