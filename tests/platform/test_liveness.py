"""A pooled connection the server closed is never handed out, and no ping is sent for it:
what `pool_pre_ping` did with a `SELECT 1` before every transaction, told from the socket."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import event, text

from jixiao.platform.db import create_db_engine
from jixiao.platform.liveness import is_open

pytestmark = pytest.mark.postgres


def _backend_pid(engine: object) -> int:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_the_server_ended_is_replaced_at_checkout(
    pg_urls: tuple[str, str],
) -> None:
    owner, _ = pg_urls
    engine = create_db_engine(owner, pool_size=1, max_overflow=0)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        pings: list[object] = []
        ping = engine.dialect.do_ping
        engine.dialect.do_ping = lambda c: pings.append(c) or ping(c)  # type: ignore[method-assign]
        first = _backend_pid(engine)
        assert _backend_pid(engine) == first  # the same pooled connection, and no ping on it
        assert statements == ["SELECT pg_backend_pid()"] * 2
        assert pings == []

        with psycopg.connect(owner, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        time.sleep(0.2)  # the server's last message and its close reach the socket

        second = _backend_pid(engine)  # no error: the pool opened another connection
        assert second != first
    finally:
        engine.dispose()


def test_only_a_quiet_open_connection_is_open(pg_urls: tuple[str, str]) -> None:
    owner, _ = pg_urls
    with psycopg.connect(owner, autocommit=True) as connection:
        assert is_open(connection)
        connection.execute("LISTEN jixiao_liveness")
        connection.execute("NOTIFY jixiao_liveness")  # something arrives while it is idle
        time.sleep(0.1)
        with psycopg.connect(owner, autocommit=True) as other:
            other.execute("NOTIFY jixiao_liveness")
        time.sleep(0.1)
        assert not is_open(connection)  # given up: the pool would open a fresh one
    assert not is_open(connection)  # closed on the client's side
