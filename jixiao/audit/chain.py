"""The hash chain of a tenant's audit events: how an event is hashed and how a chain is checked.

Each event's hash covers its own fields and the previous event's hash, so editing an event,
deleting one or changing their order breaks the chain at that point.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlmodel import col, select

from jixiao.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
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


def event_hash(event: AuditEvent) -> str:
    """sha256 over the canonical JSON of the event's fields, its previous hash included."""
    payload = {name: canonical(getattr(event, name)) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_chain(session: JixiaoSession) -> ChainVerification:
    """Walk the session tenant's events in order and report the first break, if any."""
    expected, previous = 1, GENESIS_HASH
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
    return _against_head(head, expected - 1, previous)


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


def _against_head(head: tuple[int, str] | None, last: int, last_hash: str) -> ChainVerification:
    """The end of the walk checked against the chain's head (the last append it recorded)."""
    if head is None:
        if last == 0:
            return ChainVerification(ok=True, checked=0)
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
