"""The RLS tenant of a pooled PostgreSQL connection, set for its session and kept while the
next transaction wants the same one.

Row-level security reads `jixiao.tenant_id`. Set with `set_config(…, true)` at the start of
every transaction it cost a round trip each time (the API's CPU at 200 deadline-day users:
10 %), although a process serves the same tenant transaction after transaction. Here the value
is set for the connection's session, outside any transaction (so that no rollback can undo it),
and remembered with the connection: a transaction that wants the value already set sends
nothing. A switch inside a transaction (`db.acting_for_tenant`) stays local to it and ends with
it, back to this value.

Not through a pooler in transaction mode (PgBouncer; `JIXIAO_DB_PREPARED_STATEMENTS=false`, so
psycopg prepares nothing): there a server connection passes from client to client between
transactions, and a session's value would go with it. Those connections keep setting it per
transaction.
"""

from __future__ import annotations

import uuid
import weakref
from typing import Any

from psycopg.pq import TransactionStatus
from sqlalchemy import Connection

_SET = "SELECT set_config('jixiao.tenant_id', %s, false)"
# driver connection → the value its session holds (what this module set; nothing else sets it
# for the session: migrations and switches set theirs locally)
_HELD: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def keep(connection: Connection, tenant_id: uuid.UUID | None) -> bool:
    """Set the tenant for the connection's session unless it holds it already; False when it
    must be set for the transaction instead (a pooler, or a transaction already under way)."""
    driver = connection.connection.driver_connection
    if driver is None or driver.prepare_threshold is None:  # through a pooler
        return False
    if driver.info.transaction_status is not TransactionStatus.IDLE:
        return False  # something already began the transaction: local, as before
    value = str(tenant_id) if tenant_id else ""
    if _HELD.get(driver) == value:
        return True
    _HELD.pop(driver, None)  # unknown until the server has said yes
    try:
        driver.autocommit = True  # no transaction: nothing can roll the value back
        driver.execute(_SET, (value,))
        driver.autocommit = False
    except BaseException:
        connection.invalidate()  # never back in the pool in a state not known
        raise
    _HELD[driver] = value
    return True


def held(driver: Any) -> str | None:
    """The tenant value a driver connection's session holds by this module (tests)."""
    return _HELD.get(driver)
