"""Audit archives (retention's files): listed, verified, downloaded by the audit admin."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.audit.archives import (
    ArchiveVerification,
    get_archive,
    list_archives,
    verify_archive,
)
from jixiao.audit.models import ArchiveKind, AuditArchive
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.relay import Connection, connection, from_global_id, to_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires

strawberry.enum(ArchiveKind, name="AuditArchiveKind", description="Which log an archive is of.")
describe_values(
    "AuditArchiveKind",
    {"AUDIT_EVENTS": "Audit events (审计日志).", "SIGN_IN_LOG": "Sign-in attempts (登录日志)."},
)
ARCHIVE_FILES = "/files/audit-archives"


@strawberry.type(
    name="AuditArchive",
    description="Rows removed after the retention period, kept in a gzip'd JSON Lines file.",
)
class AuditArchiveType:
    id: strawberry.ID = strawberry.field(description="The archive's global id.")
    kind: ArchiveKind = strawberry.field(description="Which log's rows it holds.")
    file_name: str = strawberry.field(description="The file's name in the tenant's file store.")
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    size_bytes: int = strawberry.field(description="The file's size, in bytes (compressed).")
    row_count: int = strawberry.field(description="How many rows it holds.")
    first_seq: int | None = strawberry.field(description="Audit events: the first seq archived.")
    last_seq: int | None = strawberry.field(
        description="Audit events: the last seq archived (the checkpoint)."
    )
    first_prev_hash: str | None = strawberry.field(
        description="The chain hash before the first archived event."
    )
    last_hash: str | None = strawberry.field(
        description="The hash of the last archived event: where the chain resumes."
    )
    from_at: datetime = strawberry.field(description="The oldest row archived.")
    to_at: datetime = strawberry.field(description="The newest row archived.")
    cutoff: datetime = strawberry.field(
        description="Rows before this moment were due under the retention policy."
    )
    created_at: datetime = strawberry.field(description="When retention wrote it.")
    download_url: str = strawberry.field(
        description="GET this URL (same session, audit:export) to download it."
    )

    @classmethod
    def of(cls, row: AuditArchive) -> AuditArchiveType:
        return cls(
            id=to_global_id("AuditArchive", row.id),
            kind=row.kind,
            file_name=row.file_name,
            sha256=row.sha256,
            size_bytes=row.size_bytes,
            row_count=row.row_count,
            first_seq=row.first_seq,
            last_seq=row.last_seq,
            first_prev_hash=row.first_prev_hash,
            last_hash=row.last_hash,
            from_at=row.from_at,
            to_at=row.to_at,
            cutoff=row.cutoff,
            created_at=row.created_at,
            download_url=f"{ARCHIVE_FILES}/{to_global_id('AuditArchive', row.id)}",
        )


AuditArchiveConnection = Connection[AuditArchiveType]


@strawberry.type(name="ArchiveVerification", description="Whether an archive is intact.")
class ArchiveVerificationType:
    ok: bool = strawberry.field(description="The file matches its checksum and its chain holds.")
    rows: int = strawberry.field(description="Rows checked before the first problem, if any.")
    problem: str | None = strawberry.field(description="What is wrong, in Chinese.")

    @classmethod
    def of(cls, result: ArchiveVerification) -> ArchiveVerificationType:
        return cls(ok=result.ok, rows=result.rows, problem=result.problem)


@strawberry.type
class AuditArchiveQueries:
    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Your government's audit and sign-in log archives, newest first.",
    )
    async def audit_archives(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: ArchiveKind | None = None,
    ) -> AuditArchiveConnection:
        page = await info.context.read(
            lambda s: list_archives(s, kind=kind, first=first, after=after)
        )
        return connection(page, AuditArchiveType.of, after=after)

    @strawberry.field(
        permission_classes=[requires(p.AUDIT_READ)],
        description="Check an archive: its file's checksum and, for audit events, the chain "
        "inside it and its edges; null when there is no such archive.",
    )
    async def verify_audit_archive(
        self, info: Info, id: strawberry.ID
    ) -> ArchiveVerificationType | None:
        files = info.context.files

        def work(session: JixiaoSession) -> ArchiveVerificationType | None:
            try:
                archive = get_archive(session, from_global_id(id, "AuditArchive"))
            except NotFound:
                return None
            return ArchiveVerificationType.of(verify_archive(session, files, archive))

        return await info.context.read(work)
