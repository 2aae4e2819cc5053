"""A tenant with history: its oldest audit events and sign-ins moved back in time, as owner.

Events are only ever written with the current time, so a test that needs old ones rewrites the
chain as the table owner holding the chain's key: `at` moved back for the events up to
`through_seq`, then every hash recomputed with the key (the chain stays valid) and the head
updated. Sign-ins have no chain.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, create_engine, pool, select, text

from jixiao.audit.chain import event_hash
from jixiao.audit.hashers import LEGACY, chain_hashers
from jixiao.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from jixiao.identity.models import SignInLog
from jixiao.platform.db import Database


@contextmanager
def owner_connection(database: Database, tenant_id: uuid.UUID) -> Iterator[Connection]:
    """A transaction as the tables' owner (PostgreSQL: RLS forced on it too, so the tenant is set)."""
    settings = database.settings
    if not settings.is_postgres:
        with database.engine.begin() as conn:
            yield conn
        return
    engine = create_engine(settings.effective_migration_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("SELECT set_config('jixiao.tenant_id', :t, true)"), {"t": str(tenant_id)}
            )
            yield conn
    finally:
        engine.dispose()


def age_history(
    database: Database, tenant_id: uuid.UUID, *, days: int, through_seq: int | None = None
) -> int:
    """Move the tenant's events up to `through_seq` (all by default) `days` back, keeping the
    chain valid; returns the last seq moved."""
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    with owner_connection(database, tenant_id) as conn:
        rows = conn.execute(
            select(table).where(table.c.tenant_id == tenant_id).order_by(table.c.seq)
        ).mappings()
        events = [AuditEvent.model_validate(dict(row)) for row in rows]
        last = through_seq if through_seq is not None else events[-1].seq
        previous = GENESIS_HASH
        hashers = chain_hashers(database.settings)
        for event in events:
            if event.seq <= last:
                event.at = event.at - timedelta(days=days)
            event.prev_hash = previous
            event.hash = event_hash(event, hashers.named(event.hash_alg) or LEGACY)
            previous = event.hash
            conn.execute(
                table.update()
                .where(table.c.tenant_id == tenant_id, table.c.id == event.id)
                .values(at=event.at, prev_hash=event.prev_hash, hash=event.hash)
            )
        head = AuditChainHead.__table__  # type: ignore[attr-defined]
        conn.execute(head.update().where(head.c.tenant_id == tenant_id).values(hash=previous))
    return last


def age_sign_ins(
    database: Database, tenant_id: uuid.UUID, *, days: int, oldest: int | None = None
) -> int:
    """Move the tenant's sign-ins (every one, or the `oldest` few) `days` back; returns how many."""
    table = SignInLog.__table__  # type: ignore[attr-defined]
    with owner_connection(database, tenant_id) as conn:
        rows = conn.execute(
            select(table.c.id, table.c.at)
            .where(table.c.tenant_id == tenant_id)
            .order_by(table.c.at)
            .limit(oldest)
        ).all()
        for row_id, at in rows:
            conn.execute(
                table.update()
                .where(table.c.tenant_id == tenant_id, table.c.id == row_id)
                .values(at=at - timedelta(days=days))
            )
    return len(rows)
