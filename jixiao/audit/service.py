"""Recording audit events into the tenant's chain, sealing and verifying it (searching it:
`audit.search`, which stands above identity and tenants)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy import event as sa_event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import SessionTransaction
from sqlmodel import update

from jixiao.audit import chain
from jixiao.audit.anchors import AnchorBook
from jixiao.audit.hashers import LEGACY, session_hashers
from jixiao.audit.models import AuditChainHead, AuditEvent, AuditOutcome
from jixiao.audit.queries import chain_head as chain_head  # re-exported
from jixiao.audit.queries import chain_marks as chain_marks  # re-exported
from jixiao.audit.queries import newest_event
from jixiao.audit.subjects import alters_subjects
from jixiao.platform.auth import Subject
from jixiao.platform.changes import announce
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.orm import utcnow
from jixiao.platform.requestid import client_address_var, request_id_var
from jixiao.platform.storage import FileStore, file_store

SYSTEM = Subject(kind="system", display_name="系统")
ChainVerification = chain.ChainVerification


@dataclass(frozen=True)
class AuditEntry:
    """One event to append with `record_many`."""

    action: str
    target_type: str | None = None
    target_id: str | uuid.UUID | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record(
    session: JixiaoSession,
    *,
    actor: Subject,
    action: str,
    target_type: str | None = None,
    target_id: str | uuid.UUID | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    reason: str | None = None,
) -> AuditEvent:
    """Append an event to the session tenant's chain, in the caller's transaction."""
    entry = AuditEntry(action, target_type, target_id, before, after)
    return record_many(session, actor=actor, entries=[entry], outcome=outcome, reason=reason)[0]


def record_many(
    session: JixiaoSession,
    *,
    actor: Subject,
    entries: Sequence[AuditEntry],
    outcome: str = AuditOutcome.SUCCESS,
    reason: str | None = None,
) -> list[AuditEvent]:
    """Append events in order to the session tenant's chain, in the caller's transaction.

    The events are chained (sequence numbers, hashes) as the transaction commits, all of them
    with one move of the chain head per tenant: the head row's lock, which orders every
    audited write of a tenant, is then held for the commit only, not for the rest of the
    request's work (on a deadline day writers queued on it). Their `seq` and `hash` are set
    once the transaction commits. Inside a SAVEPOINT they are chained at once, so that a
    savepoint rolled back takes its events with it (they come before the transaction's other
    events in the chain).
    """
    if not entries:
        return []
    tenant_id = session.require_tenant()
    request_id = request_id_var.get()
    events = [
        AuditEvent(
            tenant_id=tenant_id,
            seq=0,
            actor_kind=actor.kind,
            actor_id=str(actor.user_id) if actor.user_id else None,
            actor_name=_clip(actor.display_name or actor.username, 100),
            action=entry.action,
            target_type=entry.target_type,
            target_id=str(entry.target_id) if entry.target_id is not None else None,
            before=to_json(entry.before),
            after=to_json(entry.after),
            outcome=AuditOutcome(outcome),
            reason=_clip(reason, 500),
            client_address=client_address_var.get(),
            request_id=None if request_id == "-" else request_id,
            prev_hash="",
            hash="",
            hash_alg="",
        )
        for entry in entries
    ]
    if session.in_nested_transaction():
        _chain(session, tenant_id, events)  # rolled back with its savepoint, if it is
        return events
    if not session.in_transaction():
        session.begin()  # as any first statement would: its end (commit or not) decides
    session.info.setdefault(PENDING_KEY, []).extend(events)
    return events


# Events recorded in the session's transaction and not chained yet (see `record_many`).
PENDING_KEY = "jixiao.audit_pending"


def append_pending(session: JixiaoSession) -> None:
    """Chain and insert the events recorded so far in this transaction: per tenant, in the
    order recorded, with one move of that tenant's head."""
    pending: list[AuditEvent] = session.info.pop(PENDING_KEY, [])
    by_tenant: dict[uuid.UUID, list[AuditEvent]] = {}
    for event in pending:
        by_tenant.setdefault(event.tenant_id, []).append(event)
    for tenant_id, events in by_tenant.items():
        if tenant_id == session.tenant_id:
            _chain(session, tenant_id, events)  # the usual case: no switch (on PostgreSQL,
            continue  # two round trips to set the RLS tenant and back, for every change)
        with acting_for_tenant(session, tenant_id):
            _chain(session, tenant_id, events)


def _chain(session: JixiaoSession, tenant_id: uuid.UUID, events: list[AuditEvent]) -> None:
    hasher = session_hashers(session).current
    last_seq, prev_hash = _advance_head(session, tenant_id, len(events))
    announce(session, "head", tenant_id, last_seq)  # every process's caches key on the head
    subjects = any(alters_subjects(event.action) for event in events)
    if subjects:
        announce(session, "subjects", tenant_id, last_seq)  # and principal caches on this
    now = utcnow()  # in chain order: what is chained later happened later
    for seq, event in enumerate(events, start=last_seq - len(events) + 1):
        event.seq, event.at, event.prev_hash, event.hash_alg = seq, now, prev_hash, hasher.name
        event.hash = prev_hash = chain.event_hash(event, hasher)
    # The events are inserted with Core, not flushed by the ORM (whose unit of work cost more
    # than the statement): append-only rows that nothing reads back in this transaction. On
    # PostgreSQL a lone event rides in the head's update (a data-modifying WITH): one round
    # trip fewer for every audited change.
    moved = (
        update(_HEAD)
        .where(_HEAD.c.tenant_id == tenant_id)
        .values(hash=prev_hash, **({"subjects_seq": last_seq} if subjects else {}))
    )
    connection = session.connection()
    if len(events) == 1 and connection.dialect.name == "postgresql":
        connection.execute(moved.add_cte(_INSERT_ONE), _row(events[0], _PREFIX))
    else:
        connection.execute(insert(_EVENT), [_row(event) for event in events])
        connection.execute(moved)


@sa_event.listens_for(JixiaoSession, "before_commit")
def _chain_before_commit(session: JixiaoSession) -> None:
    if session.info.get(PENDING_KEY) and not session.in_nested_transaction():
        append_pending(session)


@sa_event.listens_for(JixiaoSession, "after_transaction_end")
def _drop_pending(session: JixiaoSession, transaction: SessionTransaction) -> None:
    # The session's transaction ended without chaining them (rolled back, or closed
    # unfinished): its events go with it, as their rows would have.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def lock_chain(session: JixiaoSession) -> None:
    """Take the lock of the session tenant's audit chain now, until the transaction ends.

    `record` takes it anyway; a service that must read and then write without a concurrent
    change in between (三员分立) takes it first. PostgreSQL: the head row; SQLite: the database.
    """
    tenant_id = session.require_tenant()
    if _touch_head(session, tenant_id, _HEAD.c.seq) is None:
        _start_chain(session, tenant_id)
        _touch_head(session, tenant_id, _HEAD.c.seq)


# Where a request keeps (tenant id, chain head) once read: `scope["state"][AUDIT_HEAD]`.
AUDIT_HEAD = "audit_head"


def _advance_head(session: JixiaoSession, tenant_id: uuid.UUID, count: int = 1) -> tuple[int, str]:
    """Take the next `count` sequence numbers (returns the last) and the previous hash; the row
    lock orders appends.

    The UPDATE comes first so that it takes the write lock (PostgreSQL: the row; SQLite: the
    database) before anything of the chain is read.
    """
    row = _touch_head(session, tenant_id, _HEAD.c.seq + count)
    if row is None:
        _start_chain(session, tenant_id)
        row = _touch_head(session, tenant_id, _HEAD.c.seq + count)
    assert row is not None
    return row


# The head is moved with Core statements on the session's connection (its transaction, and on
# PostgreSQL its RLS tenant): each names its tenant itself, and the ORM's bulk UPDATE (tenant
# criteria, autoflush, result set-up) tripled the cost of a statement run for every change.
_HEAD = AuditChainHead.__table__  # type: ignore[attr-defined]
_EVENT = AuditEvent.__table__  # type: ignore[attr-defined]
_EVENT_COLUMNS = tuple(column.key for column in _EVENT.columns)
# One event's insert with its values as named parameters (`event_<column>`): a statement
# compiled once, where values given inline would be compiled anew for every event.
_PREFIX = "event_"
_INSERT_ONE = (
    insert(_EVENT)
    .values({key: bindparam(_PREFIX + key, type_=_EVENT.c[key].type) for key in _EVENT_COLUMNS})
    .cte("appended")
)


def _row(event: AuditEvent, prefix: str = "") -> dict[str, Any]:
    return {prefix + key: getattr(event, key) for key in _EVENT_COLUMNS}


def _touch_head(session: JixiaoSession, tenant_id: uuid.UUID, seq: Any) -> tuple[int, str] | None:
    row = (
        session.connection()
        .execute(
            update(_HEAD)
            .where(_HEAD.c.tenant_id == tenant_id)
            .values(seq=seq)
            .returning(_HEAD.c.seq, _HEAD.c.hash)
        )
        .first()
    )
    return None if row is None else (int(row[0]), str(row[1]))


def _start_chain(session: JixiaoSession, tenant_id: uuid.UUID) -> None:
    try:
        with session.begin_nested():
            session.add(AuditChainHead(tenant_id=tenant_id))
    except IntegrityError:
        pass  # another transaction started the chain first; its row is ours to lock now


def to_json(value: Mapping[str, Any] | None) -> str | None:
    """Canonical JSON text of a before/after state (sorted keys, Chinese kept readable)."""
    if value is None:
        return None
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain
    )


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _clip(text: str | None, length: int) -> str | None:
    return text if text is None or len(text) <= length else text[: length - 1] + "…"


def seal_chain(session: JixiaoSession) -> AuditEvent | None:
    """Append a keyed `audit.chain.seal` event when the newest event of the session tenant's
    chain still has the unkeyed hash of before the key (None otherwise).

    Its HMAC covers every event before it, so none of them can be rewritten without the key,
    and verification, which wants the newest event keyed (else the whole chain could have been
    rewritten with the public function), passes without waiting for the next audited action.
    """
    lock_chain(session)
    newest = newest_event(session)
    hashers = session_hashers(session)
    if newest is None or hashers.named(newest[1]) is not LEGACY:
        return None
    return record(
        session,
        actor=SYSTEM,
        action="audit.chain.seal",
        target_type="audit_chain",
        after={"sealed_seq": newest[0], "hash_alg": hashers.current.name},
    )


def verify_chain(session: JixiaoSession, store: FileStore | None = None) -> ChainVerification:
    """Check the session tenant's chain from its last checkpoint, with the key and against the
    anchors kept in `store` (the configured file store by default): edited, deleted or
    reordered events, and rewrites that recomputed the hashes."""
    if store is None:
        assert session.settings is not None, "a session opened by Database.session"
        store = file_store(session.settings)
    return chain.verify_chain(session, AnchorBook.of(session, store))
