"""Migration 0012 names each audit event's hash algorithm: the events already written keep no
name and still verify (as the unkeyed sha256 they were hashed with) once the chain is sealed."""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy import create_engine, insert, inspect

from jixiao.audit.chain import event_hash
from jixiao.audit.models import GENESIS_HASH, AuditEvent
from jixiao.audit.service import seal_chain, verify_chain
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.migrate import alembic_config
from jixiao.platform.orm import utcnow, uuid7
from jixiao.tenants.models import Tenant, TenantLevel, TenantStatus

PRE_KEY_COLUMNS = [c for c in AuditEvent.__table__.columns if c.name != "hash_alg"]  # type: ignore[attr-defined]


def _old_chain(tenant_id: uuid.UUID, count: int) -> list[AuditEvent]:
    """Events as release 0011 hashed them: unkeyed sha256 of their fields."""
    events, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        event = AuditEvent(
            tenant_id=tenant_id,
            id=uuid7(),
            seq=seq,
            actor_kind="system",
            action="tenant.setting.update",
            after=f'{{"value":"v{seq}"}}',
            prev_hash=previous,
            hash="",
        )
        event.hash = previous = event_hash(event)
        events.append(event)
    return events


def test_events_from_before_the_key_survive_the_migration_and_verify(tmp_path: Path) -> None:
    settings = Settings(env="test", data_dir=tmp_path)
    url = settings.effective_migration_url
    config = alembic_config(url)
    command.upgrade(config, "0011")
    tenant_id = uuid.uuid4()
    events = _old_chain(tenant_id, 3)
    engine = create_engine(url)
    with engine.begin() as conn:
        # the tenant's columns of release 0011 (the model's table has columns added since)
        tenant = sa.table(
            "tenant",
            sa.column("id", sa.Uuid()),
            sa.column("code", sa.String()),
            sa.column("name", sa.String()),
            sa.column("level", Tenant.__table__.c.level.type),  # type: ignore[attr-defined]
            sa.column("status", Tenant.__table__.c.status.type),  # type: ignore[attr-defined]
            sa.column("created_at", Tenant.__table__.c.created_at.type),  # type: ignore[attr-defined]
        )
        conn.execute(
            insert(tenant).values(
                id=tenant_id,
                code="jinfeng",
                name="金凤区",
                level=TenantLevel.DISTRICT,
                status=TenantStatus.ACTIVE,
                created_at=utcnow(),
            )
        )
        conn.execute(
            insert(AuditEvent.__table__),  # type: ignore[arg-type]
            [{c.name: getattr(e, c.name) for c in PRE_KEY_COLUMNS} for e in events],
        )
        # the head's columns of release 0011 (the model's table has columns added since)
        head = sa.table(
            "audit_chain_head",
            sa.column("tenant_id", sa.Uuid()),
            sa.column("id", sa.Uuid()),
            sa.column("seq", sa.Integer()),
            sa.column("hash", sa.String()),
        )
        conn.execute(
            insert(head).values(tenant_id=tenant_id, id=uuid7(), seq=3, hash=events[-1].hash)
        )
    command.upgrade(config, "head")
    with engine.connect() as conn:
        column = next(
            c for c in inspect(conn).get_columns("audit_event") if c["name"] == "hash_alg"
        )
    engine.dispose()
    assert column["nullable"]
    database = Database(settings)
    try:
        with database.tenant_session(tenant_id) as session:
            stored = session.get_one(AuditEvent, (tenant_id, events[0].id))
            assert stored.hash_alg is None
            assert "尚未封存" in (verify_chain(session).problem or "")
            seal = seal_chain(session)
            session.commit()
            assert seal is not None
            assert seal.prev_hash == events[-1].hash
            result = verify_chain(session)
        assert result.ok
        assert result.checked == 4
    finally:
        database.dispose()
    command.downgrade(config, "0011")
    command.upgrade(config, "head")
