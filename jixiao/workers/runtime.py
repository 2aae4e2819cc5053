"""The database the actors of this process use (set by the API, the worker or a test)."""

from __future__ import annotations

from jixiao.platform.db import Database

_database: Database | None = None


def set_database(database: Database | None) -> None:
    global _database
    _database = database


def current_database() -> Database:
    """The process's database; actors open their own sessions on it."""
    if _database is None:
        raise RuntimeError("no database set for workers: call jixiao.workers.broker.setup_broker")
    return _database
