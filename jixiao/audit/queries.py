"""The audit log's reads: the chain's head, checkpoints and events, the archives, the search.

In the `jixiao.audit` layer with `record` (which reads the head here), so it imports only the
tables, the platform and the reads below them (a unit's people, for the search).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import col, select

from jixiao.audit.models import (
    ArchiveKind,
    AuditArchive,
    AuditChainHead,
    AuditCheckpoint,
    AuditEvent,
    AuditOutcome,
)
from jixiao.identity.queries import members_of
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, keyset_page, time_window

MAX_PAGE = 100


def chain_head(session: JixiaoSession) -> int:
    """The seq of the session tenant's newest audit event (0: none yet). It moves in the same
    transaction as every audited change: a watermark of the tenant's data (answer and principal
    caches key on it)."""
    seq = session.exec(select(AuditChainHead.seq)).first()
    return int(seq or 0)


def chain_marks(session: JixiaoSession) -> tuple[int, int]:
    """The session tenant's chain head and its subjects mark (`subjects_seq`), in one read."""
    row = session.exec(select(AuditChainHead.seq, AuditChainHead.subjects_seq)).first()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


def head_hash(session: JixiaoSession) -> tuple[int, str] | None:
    """The session tenant's chain head: (seq, hash), or None when it has no chain."""
    row = session.exec(select(AuditChainHead.seq, AuditChainHead.hash)).first()
    return None if row is None else (row[0], row[1])


def last_checkpoint(session: JixiaoSession) -> tuple[int, str] | None:
    """The newest checkpoint of the session tenant's chain: (seq, hash), or None."""
    row = session.exec(
        select(AuditCheckpoint.seq, AuditCheckpoint.hash)
        .order_by(col(AuditCheckpoint.seq).desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def checkpoint_hash_of(session: JixiaoSession, archive_id: uuid.UUID) -> str | None:
    """The hash of the checkpoint an archive left, if any."""
    return session.exec(
        select(AuditCheckpoint.hash).where(AuditCheckpoint.archive_id == archive_id)
    ).first()


def checkpoint_hash_at(session: JixiaoSession, seq: int) -> str | None:
    """The hash of the session tenant's checkpoint at `seq`, if any."""
    return session.exec(select(AuditCheckpoint.hash).where(AuditCheckpoint.seq == seq)).first()


def newest_event(session: JixiaoSession) -> tuple[int, str | None] | None:
    """The session tenant's newest event: (seq, hash_alg), or None."""
    return session.exec(
        select(AuditEvent.seq, AuditEvent.hash_alg).order_by(col(AuditEvent.seq).desc()).limit(1)
    ).first()


def event_hash_at(session: JixiaoSession, seq: int) -> tuple[str, str | None] | None:
    """The (hash, hash_alg) of the session tenant's event at `seq`, if any."""
    return session.exec(
        select(AuditEvent.hash, AuditEvent.hash_alg).where(AuditEvent.seq == seq)
    ).first()


def events_from(session: JixiaoSession, seq: int, limit: int) -> list[AuditEvent]:
    """The session tenant's events from `seq` on, in chain order, at most `limit`."""
    statement = (
        select(AuditEvent)
        .where(col(AuditEvent.seq) >= seq)
        .order_by(col(AuditEvent.seq))
        .limit(limit)
    )
    return list(session.exec(statement))


def events_due(
    session: JixiaoSession, after_seq: int, before: datetime, limit: int
) -> Sequence[AuditEvent]:
    """The session tenant's events after `after_seq` from before a moment, in chain order, at
    most `limit` (retention's candidates)."""
    return session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.seq) > after_seq, col(AuditEvent.at) < before)
        .order_by(col(AuditEvent.seq))
        .limit(limit)
    ).all()


@dataclass(frozen=True)
class AuditFilter:
    """What the audit admin searches by; every field optional."""

    action: str | None = None  # a prefix: `role` finds `role.assign`, `role.create`…
    actor_name: str | None = None  # part of the name
    target_type: str | None = None
    target_id: str | None = None
    outcome: AuditOutcome | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    actor_id: str | None = None  # exactly this actor (a user's id)
    unit_id: uuid.UUID | None = None  # done by the unit's people, or to the unit itself


def search_events(
    session: JixiaoSession,
    filters: AuditFilter = AuditFilter(),
    *,
    first: int | None = None,
    after: str | None = None,
) -> Page[AuditEvent]:
    """The session tenant's events, newest first, one keyset page at a time."""
    statement = select(AuditEvent)
    if filters.action:
        statement = statement.where(
            col(AuditEvent.action).startswith(filters.action, autoescape=True)
        )
    if filters.actor_name:
        statement = statement.where(
            col(AuditEvent.actor_name).contains(filters.actor_name, autoescape=True)
        )
    if filters.target_type:
        statement = statement.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id:
        statement = statement.where(AuditEvent.target_id == filters.target_id)
    if filters.outcome:
        statement = statement.where(AuditEvent.outcome == filters.outcome)
    if filters.actor_id:
        statement = statement.where(AuditEvent.actor_id == filters.actor_id)
    if filters.unit_id is not None:
        people = [str(user.id) for user in members_of(session, [filters.unit_id])[filters.unit_id]]
        statement = statement.where(
            or_(
                col(AuditEvent.actor_id).in_(people),
                and_(
                    col(AuditEvent.target_type) == "unit",
                    col(AuditEvent.target_id) == str(filters.unit_id),
                ),
            )
        )
    statement = time_window(statement, col(AuditEvent.at), filters.since, filters.until)
    page: Page[AuditEvent] = keyset_page(
        session,
        statement,  # type: ignore[arg-type]
        col(AuditEvent.seq),  # type: ignore[arg-type]
        first=first,
        after=after,
        max_first=MAX_PAGE,
        descending=True,
    )
    return page


def operator_events(
    session: JixiaoSession, operator_id: uuid.UUID, since: datetime, until: datetime, limit: int
) -> list[AuditEvent]:
    """The session tenant's events of a platform operator between two moments (both
    inclusive), newest first, at most `limit`."""
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.actor_kind == "operator",
            AuditEvent.actor_id == str(operator_id),
            col(AuditEvent.at) >= since,
            col(AuditEvent.at) <= until,
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


def archives_before(
    session: JixiaoSession, kind: ArchiveKind | None, before: uuid.UUID | None, limit: int
) -> list[AuditArchive]:
    """The session tenant's archives (of a kind), newest first, those before an id only, at
    most `limit`."""
    statement = select(AuditArchive)
    if kind is not None:
        statement = statement.where(AuditArchive.kind == kind)
    if before is not None:
        statement = statement.where(col(AuditArchive.id) < before)
    return list(session.exec(statement.order_by(col(AuditArchive.id).desc()).limit(limit)))


def all_archives(session: JixiaoSession) -> list[AuditArchive]:
    """Every archive of the session tenant, oldest first."""
    return list(session.exec(select(AuditArchive).order_by(col(AuditArchive.id))))
