"""The hash chain of a tenant's audit events: how an event is hashed and how a chain is checked.

Each event's hash covers its own fields and the previous event's hash, so editing an event,
deleting one or changing their order breaks the chain at that point. The hash is an HMAC keyed
with a secret the database does not hold (jixiao.audit.hashers), so whoever can write the tables
cannot recompute the chain after an edit; events written before the key stay verifiable with the
unkeyed hash they name, and none may follow a keyed one. The chain is also compared with the
anchors written outside the database (jixiao.audit.anchors): a rewrite that somehow got the hashes
right still differs from the hash an anchor recorded. Once retention has archived and removed the
oldest events, the chain is checked from the last checkpoint: the last removed event's seq and
hash, where the remaining chain must resume.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

from jixiao.audit.hashers import LEGACY, ChainHasher, ChainHashers, session_hashers
from jixiao.audit.models import GENESIS_HASH, AuditEvent
from jixiao.audit.queries import events_from, head_hash, last_checkpoint
from jixiao.platform.db import JixiaoSession

if TYPE_CHECKING:
    from jixiao.audit.anchors import AnchorBook

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
    anchored_seq: int = 0  # the chain matched the anchors outside the database up to here


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
    """The hashed fields of an event as canonical JSON values and the algorithm of its hash
    (also what an archive keeps)."""
    payload = {name: canonical(getattr(event, name)) for name in HASHED_FIELDS}
    payload["hash_alg"] = event.hash_alg
    return payload


def payload_hash(payload: dict[str, Any], hasher: ChainHasher = LEGACY) -> str:
    """The hash of a payload's canonical JSON (its hashed fields, the previous hash included)
    with `hasher`; a keyed hasher's name is hashed too. The default is the unkeyed sha256 of
    events written before the key: anyone can compute it, so it proves nothing on its own."""
    hashed = {name: payload.get(name) for name in HASHED_FIELDS}
    if hasher.keyed:
        hashed["hash_alg"] = hasher.name
    text = json.dumps(hashed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hasher.digest(str(payload.get("prev_hash")), text.encode("utf-8"))


def event_hash(event: AuditEvent, hasher: ChainHasher = LEGACY) -> str:
    """The hash of the event's fields, its previous hash included, with `hasher`."""
    return payload_hash(event_payload(event), hasher)


def check_hash(
    payload: dict[str, Any], hashers: ChainHashers, *, keyed_before: bool
) -> tuple[bool, str | None]:
    """Whether a payload's `hash` is right for the algorithm it names (and whether that
    algorithm is keyed), or what is wrong: an algorithm this process lacks, an unkeyed hash
    after a keyed one (a rewrite that fell back to the public function), a wrong hash."""
    hasher = hashers.named(payload.get("hash_alg"))
    if hasher is None:
        return False, f"的哈希算法 {payload.get('hash_alg')} 未在本系统配置，无法核验"
    if keyed_before and not hasher.keyed:
        return False, "在带密钥的日志之后改用无密钥哈希：日志被改写后重算了哈希"
    if payload_hash(payload, hasher) != payload.get("hash"):
        return False, "的内容被篡改（哈希值不符）"
    return hasher.keyed, None


def verify_chain(session: JixiaoSession, anchors: AnchorBook | None = None) -> ChainVerification:
    """Walk the session tenant's events in order, from the last checkpoint, with the key, then
    compare them with the `anchors` kept outside the database; report the first break, if any."""
    base, base_hash = last_checkpoint(session) or (0, GENESIS_HASH)
    seen: dict[int, str] = {}
    wanted = anchors.seqs_after(base) if anchors is not None else frozenset[int]()
    result = walk(session, base, base_hash, wanted=wanted, seen=seen)
    if result.ok and anchors is not None:
        result = anchors.compare(seen, base, result.checked)
    return replace(result, checked=max(0, result.checked - base), checkpoint_seq=base)


def walk(
    session: JixiaoSession,
    base: int,
    base_hash: str,
    *,
    keyed: bool = False,
    wanted: frozenset[int] = frozenset(),
    seen: dict[int, str] | None = None,
) -> ChainVerification:
    """Check the events after `base` (whose hash is `base_hash`) up to the head; `checked` is
    the last seq that verified. The hashes of the `wanted` seqs are put in `seen`. `keyed`: the
    event at `base` had a keyed hash, so every later one must have one."""
    hashers = session_hashers(session)
    expected, previous = base + 1, base_hash
    head: tuple[int, str] | None = None
    while True:
        events = events_from(session, expected, _BATCH)
        if not events:
            if head is not None:
                break  # nothing new since the head was read: the walk is complete
            # Events are committed together with the head, so any event the head counts is
            # visible to the query after this read: one more query tells what is missing.
            head = head_hash(session)
            if head is None or head[0] < expected:
                break
            continue
        head = None
        for event in events:
            broken, keyed = _check(event, expected, previous, hashers, keyed)
            if broken is not None:
                return ChainVerification(False, expected - 1, *broken)
            if seen is not None and event.seq in wanted:
                seen[event.seq] = event.hash
            previous, expected = event.hash, expected + 1
            session.expunge(event)
    last = expected - 1
    result = _against_head(head, last, previous, base)
    if result.ok and last > base and not keyed:
        # Without the key only the public, unkeyed hash can be computed: a chain rewritten
        # whole with it ends in an unkeyed event. A true one ends in a keyed event once the
        # key exists (`audit.chain.seal` right after the upgrade).
        return _broken(
            last - 1,
            last,
            ChainProblem.EDITED,
            f"最新的第 {last} 条日志没有带密钥的哈希：审计链被改写为无密钥哈希，"
            "或升级后尚未封存（运行 jixiao migrate 封存）",
        )
    return result


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


def _check(
    event: AuditEvent, expected: int, previous: str, hashers: ChainHashers, keyed_before: bool
) -> tuple[tuple[int, ChainProblem, str] | None, bool]:
    if event.seq != expected:
        return (expected, ChainProblem.DELETED, _missing(expected, event.seq - 1)), keyed_before
    payload = {**event_payload(event), "hash": event.hash}
    keyed, wrong = check_hash(payload, hashers, keyed_before=keyed_before)
    if wrong is not None:
        return (event.seq, ChainProblem.EDITED, f"第 {event.seq} 条日志{wrong}"), keyed_before
    if event.prev_hash != previous:
        return (
            event.seq,
            ChainProblem.REORDERED,
            f"第 {event.seq} 条日志与前一条不衔接：日志顺序被改动或前一条被替换",
        ), keyed
    return None, keyed


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"第 {first} 条日志缺失：已被删除"
    return f"第 {first} 至 {last} 条日志缺失：已被删除"


def _broken(checked: int, seq: int, kind: ChainProblem, problem: str) -> ChainVerification:
    return ChainVerification(False, checked, seq, kind, problem)
