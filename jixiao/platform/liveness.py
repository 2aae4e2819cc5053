"""Whether a pooled PostgreSQL connection is still open, told without a round trip.

SQLAlchemy's `pool_pre_ping` sends `SELECT 1` at every checkout: a round trip before the
request's first statement, for every transaction (timed in turn in one process,
bench/statements.py's session: two SELECTs 2.05 ms with the ping, 1.83 ms without). A server
that goes away (restarted, `pg_terminate_backend`, PgBouncer's idle timeout) says so on the
socket: it sends its last message (FATAL) and closes. An idle connection has nothing to read;
one with something to read, or a socket that errs, is given up and the pool opens a new one
(it retries a checkout refused with `DisconnectionError`).

What this cannot see, a silent network partition, the ping could not tell either without
waiting for TCP's time-out; the first statement then fails, as a pinged connection's would.
"""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import Engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection


def watch(engine: Engine) -> None:
    """Check every connection of the engine's pool as it is checked out."""
    event.listen(engine, "checkout", _refuse_closed)


def is_open(connection: Any) -> bool:
    """Whether a psycopg connection, idle in the pool, can be used: not closed or broken on
    the client's side, and nothing (the server's farewell, an EOF) waiting on its socket."""
    if connection.closed or connection.broken:
        return False
    pgconn = connection.pgconn
    if pgconn.status != 0:  # CONNECTION_OK
        return False
    try:
        poller = select.poll()  # not select.select: a descriptor past 1024 is no error for poll
        poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)
        events = poller.poll(0)
    except (OSError, ValueError):  # the socket is gone
        return False
    # Idle between transactions, the server sends nothing but a notice or a parameter change
    # (rare: giving up such a connection costs one reconnect), or its last words; a hang-up or
    # an error is reported whatever was asked.
    return not events


def _refuse_closed(
    dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    if not is_open(dbapi_connection):
        raise exc.DisconnectionError("the server closed this pooled connection")
