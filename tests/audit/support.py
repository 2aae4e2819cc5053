"""Helpers of the audit tests: raw SQL as the table owner, to play the tamperer."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import create_engine, pool, text

from jixiao.platform.db import Database


def as_owner(database: Database, tenant_id: uuid.UUID, sql: str, **params: Any) -> int:
    """Run one statement as the owner of the tables (not the app role); returns rows touched.

    On PostgreSQL RLS is forced on the owner too, so the tenant is set for the transaction.
    """
    settings = database.settings
    if not settings.is_postgres:
        # SQLite keeps uuids as 32 hex digits (SQLAlchemy's Uuid type there).
        params = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in params.items()}
        with database.engine.begin() as conn:
            return conn.execute(text(sql), params).rowcount
    engine = create_engine(settings.effective_migration_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("SELECT set_config('jixiao.tenant_id', :t, true)"), {"t": str(tenant_id)}
            )
            return conn.execute(text(sql), params).rowcount
    finally:
        engine.dispose()
