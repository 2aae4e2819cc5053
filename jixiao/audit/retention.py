"""Retention: archive the rows older than the tenant's policy, then remove them, audited.

The policy is the tenant setting `audit_retention_days` (never under 180 days: Cybersecurity Law
art. 21). Each step takes one batch of the oldest due rows of the session's tenant, writes them
to a gzip'd JSON Lines archive with a SHA-256 checksum, records the archive and an
`audit.retention.purge` event, and only then removes the rows, all in the caller's transaction.
The file is written before the rows go; a transaction that rolls back leaves at most an unlisted
file. Nothing is due in a second run, so running twice removes nothing more.

On PostgreSQL the app role may not delete these rows: the removal is done by SECURITY DEFINER
functions (migration 0006) that check the tenant, the policy and the archive once more.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import col, delete

from jixiao.audit.archive_files import WrittenFile, write_archive
from jixiao.audit.chain import canonical, event_payload
from jixiao.audit.models import (
    GENESIS_HASH,
    ArchiveKind,
    AuditArchive,
    AuditCheckpoint,
    AuditEvent,
)
from jixiao.audit.queries import events_due, last_checkpoint
from jixiao.audit.service import SYSTEM, lock_chain, record
from jixiao.identity.models import SignInLog
from jixiao.identity.queries import oldest_sign_ins
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict
from jixiao.platform.orm import utcnow, uuid7
from jixiao.platform.storage import FileStore
from jixiao.tenants.values import setting_number

MIN_RETENTION_DAYS = 180
BATCH = 20_000
# The database's clock decides in the purge functions; a little slack keeps the two agreeing.
_CLOCK_SLACK = timedelta(minutes=5)
_DELETE_CHUNK = 500
SIGN_IN_FIELDS = (
    "id",
    "at",
    "username",
    "outcome",
    "reason",
    "client_address",
    "user_agent",
    "user_id",
)


@dataclass(frozen=True)
class RetentionRun:
    """What one run removed, and the archives that hold it."""

    archives: tuple[AuditArchive, ...]
    events_removed: int
    sign_ins_removed: int


def retention_days(session: JixiaoSession) -> int:
    """The session tenant's retention period in days (at least 180, whatever is stored)."""
    return max(setting_number(session, "audit_retention_days"), MIN_RETENTION_DAYS)


def retention_cutoff(session: JixiaoSession, now: datetime | None = None) -> datetime:
    """Rows before this moment are due for archiving."""
    return (now or utcnow()) - timedelta(days=retention_days(session)) - _CLOCK_SLACK


def apply_retention(
    session: JixiaoSession, store: FileStore, *, batch: int = BATCH, actor: Subject = SYSTEM
) -> RetentionRun:
    """Archive and remove everything due, batch by batch, in the caller's transaction."""
    archives: list[AuditArchive] = []
    events = sign_ins = 0
    while archive := archive_audit_events(session, store, batch=batch, actor=actor):
        archives.append(archive)
        events += archive.row_count
    while archive := archive_sign_ins(session, store, batch=batch, actor=actor):
        archives.append(archive)
        sign_ins += archive.row_count
    return RetentionRun(tuple(archives), events, sign_ins)


def archive_audit_events(
    session: JixiaoSession, store: FileStore, *, batch: int = BATCH, actor: Subject = SYSTEM
) -> AuditArchive | None:
    """Archive and remove the oldest due audit events (one batch); None when none is due.

    The events must continue the chain from the last checkpoint: a broken chain is never
    archived away (that would destroy the evidence), it is refused with a Conflict.
    """
    tenant_id = session.require_tenant()
    lock_chain(session)  # one retention run at a time, and no append slips in between
    cutoff = retention_cutoff(session)
    base, previous = last_checkpoint(session) or (0, GENESIS_HASH)
    candidates = events_due(session, base, cutoff, batch)
    due: list[AuditEvent] = []
    for event in candidates:
        expected = base + len(due) + 1
        if event.seq != expected or event.prev_hash != previous:
            raise Conflict(
                f"审计链在第 {expected} 条处不连续，已停止归档：请先核查审计链", field="seq"
            )
        due.append(event)
        previous = event.hash
    if not due:
        return None
    first, last = due[0], due[-1]
    header: dict[str, Any] = {
        "kind": ArchiveKind.AUDIT_EVENTS.value,
        "tenant_id": str(tenant_id),
        "first_seq": first.seq,
        "last_seq": last.seq,
        "first_prev_hash": first.prev_hash,
        "last_hash": last.hash,
        "row_count": len(due),
        "cutoff": canonical(cutoff),
    }
    name = f"audit-events-{first.seq:010d}-{last.seq:010d}-{uuid7().hex[-8:]}.jsonl.gz"
    written = write_archive(
        store,
        tenant_id,
        name,
        header,
        ({**event_payload(e), "hash": e.hash} for e in due),
    )
    archive = _archive_row(
        ArchiveKind.AUDIT_EVENTS, written, len(due), first.at, last.at, cutoff,
        first_seq=first.seq, last_seq=last.seq,
        first_prev_hash=first.prev_hash, last_hash=last.hash,
    )  # fmt: skip
    session.add(archive)
    session.flush()
    _record_purge(session, actor, archive)
    removed = _purge_events(session, tenant_id, archive)
    if removed != len(due):
        raise RuntimeError(f"purged {removed} audit events, expected {len(due)}")
    return archive


def archive_sign_ins(
    session: JixiaoSession, store: FileStore, *, batch: int = BATCH, actor: Subject = SYSTEM
) -> AuditArchive | None:
    """Archive and remove the oldest due sign-in log rows (one batch); None when none is due."""
    tenant_id = session.require_tenant()
    lock_chain(session)
    cutoff = retention_cutoff(session)
    due = oldest_sign_ins(session, cutoff, batch)
    if not due:
        return None
    first, last = due[0], due[-1]
    header: dict[str, Any] = {
        "kind": ArchiveKind.SIGN_IN_LOG.value,
        "tenant_id": str(tenant_id),
        "row_count": len(due),
        "from_at": canonical(first.at),
        "to_at": canonical(last.at),
        "cutoff": canonical(cutoff),
    }
    name = f"sign-in-log-{first.at:%Y%m%d}-{last.at:%Y%m%d}-{uuid7().hex[-8:]}.jsonl.gz"
    rows = ({f: canonical(getattr(row, f)) for f in SIGN_IN_FIELDS} for row in due)
    written = write_archive(store, tenant_id, name, header, rows)
    archive = _archive_row(ArchiveKind.SIGN_IN_LOG, written, len(due), first.at, last.at, cutoff)
    session.add(archive)
    session.flush()
    _record_purge(session, actor, archive)
    removed = _purge_sign_ins(session, tenant_id, archive, last, [row.id for row in due])
    if removed != len(due):
        raise RuntimeError(f"purged {removed} sign-in rows, expected {len(due)}")
    return archive


def _archive_row(
    kind: ArchiveKind,
    written: WrittenFile,
    count: int,
    from_at: datetime,
    to_at: datetime,
    cutoff: datetime,
    **edges: Any,
) -> AuditArchive:
    return AuditArchive(
        kind=kind,
        file_name=written.file_name,
        sha256=written.sha256,
        size_bytes=written.size_bytes,
        row_count=count,
        from_at=from_at,
        to_at=to_at,
        cutoff=cutoff,
        **edges,
    )


def _record_purge(session: JixiaoSession, actor: Subject, archive: AuditArchive) -> None:
    record(
        session,
        actor=actor,
        action="audit.retention.purge",
        target_type="audit_archive",
        target_id=archive.id,
        after={
            "kind": archive.kind,
            "file_name": archive.file_name,
            "sha256": archive.sha256,
            "rows": archive.row_count,
            "first_seq": archive.first_seq,
            "last_seq": archive.last_seq,
            "from_at": archive.from_at,
            "to_at": archive.to_at,
            "cutoff": archive.cutoff,
            "retention_days": retention_days(session),
        },
    )


def _purge_events(session: JixiaoSession, tenant_id: uuid.UUID, archive: AuditArchive) -> int:
    assert archive.last_seq is not None
    assert archive.last_hash is not None
    checkpoint_id = uuid7()
    if _is_postgres(session):
        removed = session.execute(
            text("SELECT jixiao_audit_purge(:tenant, :seq, :archive, :checkpoint)"),
            {
                "tenant": tenant_id,
                "seq": archive.last_seq,
                "archive": archive.id,
                "checkpoint": checkpoint_id,
            },
        ).scalar_one()
        return int(removed)
    result = session.exec(
        delete(AuditEvent).where(
            col(AuditEvent.tenant_id) == tenant_id, col(AuditEvent.seq) <= archive.last_seq
        )
    )
    session.add(
        AuditCheckpoint(
            id=checkpoint_id, seq=archive.last_seq, hash=archive.last_hash, archive_id=archive.id
        )
    )
    session.flush()
    return int(result.rowcount)


def _purge_sign_ins(
    session: JixiaoSession,
    tenant_id: uuid.UUID,
    archive: AuditArchive,
    last: SignInLog,
    ids: list[uuid.UUID],
) -> int:
    if _is_postgres(session):
        removed = session.execute(
            text("SELECT jixiao_sign_in_purge(:tenant, :at, :id, :archive)"),
            {"tenant": tenant_id, "at": last.at, "id": last.id, "archive": archive.id},
        ).scalar_one()
        return int(removed)
    removed = 0
    for start in range(0, len(ids), _DELETE_CHUNK):
        chunk = ids[start : start + _DELETE_CHUNK]
        result = session.exec(
            delete(SignInLog).where(
                col(SignInLog.tenant_id) == tenant_id, col(SignInLog.id).in_(chunk)
            )
        )
        removed += int(result.rowcount)
    return removed


def _is_postgres(session: JixiaoSession) -> bool:
    return session.connection().dialect.name == "postgresql"
