"""Helpers of the audit tests: events to chain, the chain's verification, and raw SQL as the table
owner, to play the tamperer."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from jixiao.audit.chain import ChainVerification
from jixiao.audit.service import record, verify_chain
from jixiao.platform.db import Database
from jixiao.tenants.models import Tenant
from tests.audit.retention_support import owner_connection
from tests.factories import tenant_user


def as_owner(database: Database, tenant_id: uuid.UUID, sql: str, **params: Any) -> int:
    """Run one statement as the owner of the tables (not the app role); returns rows touched.

    On PostgreSQL RLS is forced on the owner too, so the tenant is set for the transaction.
    """
    if not database.settings.is_postgres:
        # SQLite keeps uuids as 32 hex digits (SQLAlchemy's Uuid type there).
        params = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in params.items()}
    with owner_connection(database, tenant_id) as conn:
        return conn.execute(text(sql), params).rowcount


def record_some(database: Database, tenant: Tenant, count: int) -> list[int]:
    """`count` audited setting changes of the tenant, committed; their sequence numbers."""
    actor = tenant_user(tenant, "setting:write")
    with database.tenant_session(tenant.id) as session:
        events = [
            record(
                session,
                actor=actor,
                action="tenant.setting.update",
                target_type="tenant_setting",
                target_id="locale",
                before={"value": "zh-CN"},
                after={"value": f"v{i}"},
            )
            for i in range(count)
        ]
        session.commit()  # events are chained (numbered) as the transaction commits
    return [event.seq for event in events]


def verify(database: Database, tenant: Tenant) -> ChainVerification:
    """The tenant's chain, verified in a session of its own."""
    with database.tenant_session(tenant.id) as session:
        return verify_chain(session)
