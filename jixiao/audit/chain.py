"""The hash chain of a tenant's audit events: how an event is hashed and how a chain is checked.

Each event's hash covers its own fields and the previous event's hash, so editing an event,
deleting one or changing their order breaks the chain at that point. Once retention has archived
and removed the oldest events, the chain is checked from the last checkpoint: the last removed
event's seq and hash, where the remaining chain must resume.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlmodel import col, select

from jixiao.audit.models import GENESIS_HASH, AuditChainHead, AuditCheckpoint, AuditEvent
from jixiao.platform.db import JixiaoSession

HASHED_FIELDS: tuple[str, ...] = (
    "tenant_id",
    "id",
    "seq",
    "at",
    "actor_kind",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "before",
    "after",
    "outcome",
    "reason",
    "client_address",
    "request_id",
    "prev_hash",
)
_BATCH = 1000


class ChainProblem(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class ChainVerification:
    """The outcome of checking a tenant's chain: where it first breaks, and how, in Chinese."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    kind: ChainProblem | None = None
    problem: str | None = None
    checkpoint_seq: int = 0  # events up to this seq were archived and removed (0: none)


def canonical(value: Any) -> Any:
    """A JSON-ready value that reads the same whichever database it came back from."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """The hashed fields of an event as canonical JSON values (also what an archive keeps)."""
    return {name: canonical(getattr(event, name)) for name in HASHED_FIELDS}


def payload_hash(payload: dict[str, Any]) -> str:
    """sha256 over the canonical JSON of the hashed fields of a payload."""
    hashed = {name: payload.get(name) for name in HASHED_FIELDS}
    text = json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    """sha256 over the canonical JSON of the event's fields, its previous hash included."""
    return payload_hash(event_payload(event))


def last_checkpoint(session: JixiaoSession) -> tuple[int, str] | None:
    """The newest checkpoint of the session tenant's chain: (seq, hash), or None."""
    row = session.exec(
        select(AuditCheckpoint.seq, AuditCheckpoint.hash)
        .order_by(col(AuditCheckpoint.seq).desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def verify_chain(session: JixiaoSession) -> ChainVerification:
    """Walk the session tenant's events in order, from the last checkpoint, and report the
    first break, if any."""
    base, base_hash = last_checkpoint(session) or (0, GENESIS_HASH)
    result = _walk(session, base, base_hash)
    return replace(result, checked=max(0, result.checked - base), checkpoint_seq=base)


def _walk(session: JixiaoSession, base: int, base_hash: str) -> ChainVerification:
    expected, previous = base + 1, base_hash
    head: tuple[int, str] | None = None
    while True:
        events = _events_from(session, expected)
        if not events:
            if head is not None:
                break  # nothing new since the head was read: the walk is complete
            # Events are committed together with the head, so any event the head counts is
            # visible to the query after this read: one more query tells what is missing.
            head = _head(session)
            if head is None or head[0] < expected:
                break
            continue
        head = None
        for event in events:
            broken = _check(event, expected, previous)
            if broken is not None:
                return ChainVerification(False, expected - 1, *broken)
            previous, expected = event.hash, expected + 1
            session.expunge(event)
    return _against_head(head, expected - 1, previous, base)


def _events_from(session: JixiaoSession, seq: int) -> list[AuditEvent]:
    statement = (
        select(AuditEvent)
        .where(col(AuditEvent.seq) >= seq)
        .order_by(col(AuditEvent.seq))
        .limit(_BATCH)
    )
    return list(session.exec(statement))


def _head(session: JixiaoSession) -> tuple[int, str] | None:
    row = session.exec(select(AuditChainHead.seq, AuditChainHead.hash)).first()
    return None if row is None else (row[0], row[1])


def _against_head(
    head: tuple[int, str] | None, last: int, last_hash: str, base: int
) -> ChainVerification:
    """The end of the walk checked against the chain's head (the last append it recorded)."""
    if head is None:
        if last == 0:
            return ChainVerification(ok=True, checked=0)
        if last == base:
            return _broken(last, last, ChainProblem.DELETED, "审计链在检查点之后的日志全部缺失")
        return _broken(last, last, ChainProblem.EDITED, "审计链的链头记录缺失：链头被删除")
    seq, head_hash = head
    if seq > last:
        return _broken(last, last + 1, ChainProblem.DELETED, _missing(last + 1, seq))
    if seq < last:
        return _broken(
            last, seq + 1, ChainProblem.EDITED, f"链头记录停在第 {seq} 条，落后于日志：链头被改动"
        )
    if head_hash != last_hash:
        return _broken(
            last,
            last,
            ChainProblem.EDITED,
            f"第 {last} 条日志与链头记录不符：最后一条日志被篡改或替换",
        )
    return ChainVerification(ok=True, checked=last)


def _check(event: AuditEvent, expected: int, previous: str) -> tuple[int, ChainProblem, str] | None:
    if event.seq != expected:
        return expected, ChainProblem.DELETED, _missing(expected, event.seq - 1)
    if event_hash(event) != event.hash:
        return event.seq, ChainProblem.EDITED, f"第 {event.seq} 条日志的内容被篡改（哈希值不符）"
    if event.prev_hash != previous:
        return (
            event.seq,
            ChainProblem.REORDERED,
            f"第 {event.seq} 条日志与前一条不衔接：日志顺序被改动或前一条被替换",
        )
    return None


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"第 {first} 条日志缺失：已被删除"
    return f"第 {first} 至 {last} 条日志缺失：已被删除"


def _broken(checked: int, seq: int, kind: ChainProblem, problem: str) -> ChainVerification:
    return ChainVerification(False, checked, seq, kind, problem)
