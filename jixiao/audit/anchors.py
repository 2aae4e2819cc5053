"""Anchors of the audit chain kept outside the database: its head, now and then, in the file
store and in the log.

The key stops a rewrite by whoever lacks it. Anchors stop the rest: a rewrite by someone who had
the key too, and a rewrite of every event back to the unkeyed hash. Each anchor records the
tenant, seq and hash of the chain's head and when it was taken, as a small file in the tenant's
`archives` area of the file store (another system than the database: a folder or a bucket,
where object lock can make it write-once) and as a log line. A chain whose event at an anchored
seq has another hash was rewritten at or before that seq; one that ends before an anchor lost
its newest events.

Each anchor carries an HMAC with the chain's key over its fields, so a file put in the store by
someone without the key, or another tenant's anchor copied in, is reported and never trusted.
Verification lists the anchors once, reads the newest one in range and, only when that differs,
bisects to the first that differs: a few reads however many anchors have piled up.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from jixiao.audit.archive_files import AREA
from jixiao.audit.chain import ChainProblem, ChainVerification, canonical, walk
from jixiao.audit.hashers import ChainHashers, session_hashers
from jixiao.audit.models import GENESIS_HASH
from jixiao.audit.queries import event_hash_at, last_checkpoint
from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.platform.storage import FileStore

log = logging.getLogger(__name__)
PREFIX = "chain-anchor-"
_NAME = re.compile(r"^chain-anchor-(\d{12})\.json$")
_SIGNED = ("tenant_id", "seq", "hash", "hash_alg", "at", "mac_alg")
_MAC_LABEL = "anchor"  # the `previous` of an anchor's MAC: never a chain hash (64 hex digits)
_MAX_BYTES = 4096
_BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Anchor:
    """The head of a tenant's chain as it was at `at` (canonical UTC text)."""

    tenant_id: uuid.UUID
    seq: int
    hash: str
    hash_alg: str | None
    at: str

    @property
    def file_name(self) -> str:
        return anchor_name(self.seq)

    @property
    def when(self) -> str:
        """The moment in Beijing time, for messages."""
        moment = datetime.fromisoformat(self.at.replace("Z", "+00:00"))
        return moment.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M")


class BadAnchor(Exception):
    """An anchor file that cannot be trusted: unreadable, not signed with the key, or not of
    this tenant or seq (the message says which, in Chinese)."""

    def __init__(self, seq: int, problem: str) -> None:
        super().__init__(problem)
        self.seq = seq


def anchor_name(seq: int) -> str:
    return f"{PREFIX}{seq:012d}.json"


def _signed_bytes(fields: Mapping[str, Any]) -> bytes:
    signed = {name: fields.get(name) for name in _SIGNED}
    return json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass
class AnchorBook:
    """The anchors of one tenant: their seqs from one listing, each file read when needed."""

    store: FileStore
    tenant_id: uuid.UUID
    hashers: ChainHashers
    seqs: list[int]
    _read: dict[int, Anchor] = field(default_factory=dict)

    @classmethod
    def of(cls, session: JixiaoSession, store: FileStore) -> AnchorBook:
        """The session tenant's anchors in `store` (only its own folder is listed)."""
        tenant_id = session.require_tenant()
        names = store.names(tenant_id, AREA, PREFIX)
        seqs = sorted(int(m.group(1)) for m in map(_NAME.match, names) if m is not None)
        return cls(store, tenant_id, session_hashers(session), seqs)

    def seqs_after(self, base: int) -> frozenset[int]:
        return frozenset(s for s in self.seqs if s > base)

    def read(self, seq: int) -> Anchor:
        """The anchor at `seq`, checked; BadAnchor when it cannot be trusted."""
        if seq in self._read:
            return self._read[seq]
        name = anchor_name(seq)
        try:
            with self.store.open(self.tenant_id, AREA, name) as handle:
                raw = handle.read(_MAX_BYTES + 1)
            data = json.loads(raw) if len(raw) <= _MAX_BYTES else None
        except (OSError, ValueError):
            data = None
        if not isinstance(data, dict):
            raise BadAnchor(seq, f"库外锚点 {name} 无法读取")
        hasher = self.hashers.named(data.get("mac_alg"))
        if hasher is None or not hasher.keyed:
            raise BadAnchor(seq, f"库外锚点 {name} 的校验算法未在本系统配置，无法核验")
        expected = hasher.digest(_MAC_LABEL, _signed_bytes(data))
        if not hmac.compare_digest(expected, str(data.get("mac"))):
            raise BadAnchor(seq, f"库外锚点 {name} 的校验码不符：锚点被改动或并非本系统写入")
        if data.get("tenant_id") != str(self.tenant_id) or data.get("seq") != seq:
            raise BadAnchor(seq, f"库外锚点 {name} 不属于本租户的这一位置：锚点被挪用")
        anchor = Anchor(
            self.tenant_id, seq, str(data["hash"]), data.get("hash_alg"), str(data["at"])
        )
        self._read[seq] = anchor
        return anchor

    def compare(self, seen: Mapping[int, str], base: int, last: int) -> ChainVerification:
        """Compare a chain that verified from `base` to `last` (its hashes at the anchored seqs
        in `seen`) with the anchors."""
        try:
            return self._compare(seen, base, last)
        except BadAnchor as bad:
            return ChainVerification(False, last, bad.seq, ChainProblem.EDITED, str(bad))

    def _compare(self, seen: Mapping[int, str], base: int, last: int) -> ChainVerification:
        beyond = [s for s in self.seqs if s > last]
        if beyond:
            anchor = self.read(beyond[-1])
            return ChainVerification(
                False,
                last,
                last + 1,
                ChainProblem.DELETED,
                f"库外锚点记载 {anchor.when} 审计链已到第 {anchor.seq} 条，"
                f"库中只到第 {last} 条：其后的日志被删除",
            )
        within = [s for s in self.seqs if base < s <= last]
        if not within or self.read(within[-1]).hash == seen.get(within[-1]):
            return ChainVerification(True, last, anchored_seq=within[-1] if within else 0)
        low, high = 0, len(within) - 1  # the anchor at `high` differs; find the first that does
        while low < high:
            middle = (low + high) // 2
            if self.read(within[middle]).hash == seen.get(within[middle]):
                low = middle + 1
            else:
                high = middle
        bad = self.read(within[low])
        good = within[low - 1] if low else base
        return ChainVerification(
            False,
            good,
            good + 1,
            ChainProblem.EDITED,
            f"第 {bad.seq} 条日志的哈希与 {bad.when} 写在库外的锚点不符："
            f"第 {good + 1} 至 {bad.seq} 条之间有日志被改写（哈希已被重算）",
            anchored_seq=good if low else 0,
        )


def write_anchor(
    session: JixiaoSession, store: FileStore, *, now: datetime | None = None
) -> Anchor | None:
    """Anchor the session tenant's head outside the database (file store and log), once the
    events since the newest anchor verify; None when there is nothing new or the chain (or
    the newest anchor) does not verify, which `audit.verify` reports."""
    tenant_id = session.require_tenant()
    book = AnchorBook.of(session, store)
    base, base_hash = last_checkpoint(session) or (0, GENESIS_HASH)
    keyed = False
    newer = [s for s in book.seqs if s > base]
    try:
        if newer:
            newest = book.read(newer[-1])
            hasher = book.hashers.named(newest.hash_alg)
            base, base_hash, keyed = newest.seq, newest.hash, bool(hasher and hasher.keyed)
    except BadAnchor as bad:
        log.error("audit chain of tenant %s not anchored: %s", tenant_id, bad)
        return None
    result = walk(session, base, base_hash, keyed=keyed)
    if not result.ok:
        log.error("audit chain of tenant %s not anchored: %s", tenant_id, result.problem)
        return None
    row = event_hash_at(session, result.checked)
    if (
        result.checked <= base
        or row is None
        or store.exists(tenant_id, AREA, anchor_name(result.checked))
    ):
        return None  # nothing new since the newest anchor
    anchor = Anchor(tenant_id, result.checked, row[0], row[1], canonical(now or utcnow()))
    _put(store, book.hashers, anchor)
    log.info(
        "audit chain anchor: tenant=%s seq=%d hash=%s hash_alg=%s at=%s",
        tenant_id, anchor.seq, anchor.hash, anchor.hash_alg, anchor.at,
    )  # fmt: skip
    return anchor


def _put(store: FileStore, hashers: ChainHashers, anchor: Anchor) -> None:
    fields: dict[str, Any] = {
        "tenant_id": str(anchor.tenant_id),
        "seq": anchor.seq,
        "hash": anchor.hash,
        "hash_alg": anchor.hash_alg,
        "at": anchor.at,
        "mac_alg": hashers.current.name,
    }
    fields["mac"] = hashers.current.digest(_MAC_LABEL, _signed_bytes(fields))
    partial = store.staging(anchor.tenant_id) / f".{anchor.file_name}.partial"
    try:
        partial.write_text(json.dumps(fields, sort_keys=True) + "\n", encoding="utf-8")
        store.put(anchor.tenant_id, AREA, anchor.file_name, partial)
    finally:
        partial.unlink(missing_ok=True)


__all__ = ["Anchor", "AnchorBook", "BadAnchor", "anchor_name", "write_anchor"]
