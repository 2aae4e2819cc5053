"""The archives retention wrote: listing them, finding their files, and verifying them.

An audit-event archive verifies when its file has the recorded SHA-256, its header matches the
record, every event's hash is right for the algorithm it names (keyed ones with the chain's key)
and links to the one before, from the archive's first `prev_hash` (the previous archive's last
hash, or the genesis) to its last hash, which is the checkpoint the remaining chain resumes from.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from jixiao.audit.archive_files import AREA, read_archive
from jixiao.audit.chain import canonical, check_hash
from jixiao.audit.hashers import session_hashers
from jixiao.audit.models import GENESIS_HASH, ArchiveKind, AuditArchive
from jixiao.audit.queries import (
    all_archives,
    archives_before,
    checkpoint_hash_at,
    checkpoint_hash_of,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.pagination import DEFAULT_PAGE, Page, decode_cursor, encode_cursor
from jixiao.platform.storage import FileStore, Stored, sha256_of

MAX_PAGE = 100


@dataclass(frozen=True)
class ArchiveVerification:
    """Whether an archive is intact; what is wrong, in Chinese, when it is not."""

    ok: bool
    rows: int
    problem: str | None = None


def list_archives(
    session: JixiaoSession,
    *,
    kind: ArchiveKind | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[AuditArchive]:
    """The session tenant's archives, newest first, one keyset page at a time."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
    before = decode_cursor(after, uuid.UUID) if after else None
    rows = archives_before(session, kind, before, size + 1)
    items = rows[:size]
    return Page(items, [encode_cursor(a.id) for a in items], len(rows) > size)


def get_archive(session: JixiaoSession, archive_id: uuid.UUID) -> AuditArchive:
    """One archive of the session's tenant."""
    archive = session.get(AuditArchive, (session.require_tenant(), archive_id))
    if archive is None:
        raise NotFound("没有这个归档", field="id")
    return archive


CONTENT_TYPE = "application/gzip"


def stored(archive: AuditArchive) -> Stored:
    """Where the archive's file is kept, and how it is handed out."""
    return Stored(archive.tenant_id, AREA, archive.file_name, archive.file_name, CONTENT_TYPE)


def verify_archive(
    session: JixiaoSession, store: FileStore, archive: AuditArchive
) -> ArchiveVerification:
    """Check an archive's file against its record (and, for audit events, the chain)."""
    where = (archive.tenant_id, AREA, archive.file_name)
    try:
        with store.open(*where) as handle:
            digest = sha256_of(handle)
    except FileNotFoundError:
        return ArchiveVerification(False, 0, f"归档文件 {archive.file_name} 缺失")
    if digest != archive.sha256:
        return ArchiveVerification(
            False, 0, f"归档文件 {archive.file_name} 的校验值不符：文件被改动"
        )
    try:
        with store.open(*where) as handle:
            header, rows = read_archive(handle)
            if (
                header.get("kind") != archive.kind.value
                or header.get("row_count") != archive.row_count
            ):
                return ArchiveVerification(False, 0, "归档文件的头部与归档记录不符")
            if archive.kind is ArchiveKind.AUDIT_EVENTS:
                return _verify_events(session, archive, header, list(rows))
            count = sum(1 for _ in rows)
    except (ValueError, OSError, EOFError) as error:
        return ArchiveVerification(False, 0, f"归档文件无法读取（{type(error).__name__}）")
    if count != archive.row_count:
        return ArchiveVerification(
            False, count, f"归档文件有 {count} 行，记录为 {archive.row_count} 行"
        )
    return ArchiveVerification(True, count)


def _verify_events(
    session: JixiaoSession,
    archive: AuditArchive,
    header: dict[str, Any],
    rows: list[dict[str, Any]],
) -> ArchiveVerification:
    edges = ("first_seq", "last_seq", "first_prev_hash", "last_hash")
    if any(header.get(name) != getattr(archive, name) for name in edges):
        return ArchiveVerification(False, 0, "归档文件记载的序号范围或链哈希与归档记录不符")
    expected_prev = _previous_edge(session, archive)
    if archive.first_prev_hash != expected_prev:
        return ArchiveVerification(False, 0, "归档的首条日志与上一段审计链不衔接")
    previous, seq = expected_prev, archive.first_seq or 0
    hashers, keyed = session_hashers(session), False
    for index, row in enumerate(rows):
        if row.get("seq") != seq + index:
            return ArchiveVerification(False, index, f"归档中第 {seq + index} 条日志缺失")
        if row.get("tenant_id") != canonical(archive.tenant_id):
            return ArchiveVerification(False, index, f"归档中第 {seq + index} 条日志不属于本租户")
        keyed, wrong = check_hash(row, hashers, keyed_before=keyed)
        if wrong is not None:
            return ArchiveVerification(False, index, f"归档中第 {seq + index} 条日志{wrong}")
        if row.get("prev_hash") != previous:
            return ArchiveVerification(False, index, f"归档中第 {seq + index} 条日志与前一条不衔接")
        previous = str(row["hash"])
    if len(rows) != archive.row_count or previous != archive.last_hash:
        return ArchiveVerification(False, len(rows), "归档的日志条数或末条哈希与归档记录不符")
    checkpoint = checkpoint_hash_of(session, archive.id)
    if checkpoint is not None and checkpoint != archive.last_hash:
        return ArchiveVerification(False, len(rows), "归档末条哈希与审计链检查点不符")
    return ArchiveVerification(True, len(rows))


def _previous_edge(session: JixiaoSession, archive: AuditArchive) -> str | None:
    """The hash the archive's first event must follow: the checkpoint before it, or genesis."""
    if archive.first_seq is None:
        return None
    if archive.first_seq == 1:
        return GENESIS_HASH
    return checkpoint_hash_at(session, archive.first_seq - 1)


def verify_archives(session: JixiaoSession, store: FileStore) -> list[tuple[AuditArchive, str]]:
    """Every archive of the session tenant that does not verify, with what is wrong."""
    broken: list[tuple[AuditArchive, str]] = []
    for archive in all_archives(session):
        result = verify_archive(session, store, archive)
        if not result.ok:
            broken.append((archive, result.problem or "归档无法验证"))
    return broken
