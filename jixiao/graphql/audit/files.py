"""`GET /files/audit-archives/<archive id>`: an archive's file, for the audit admin
(audit:export); each download is audited."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from jixiao.audit.archives import archive_path, get_archive
from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import record
from jixiao.graphql.audit.archives import ARCHIVE_FILES
from jixiao.graphql.notices.files import audit_attempt, error, in_tenant, refusal, subject_of
from jixiao.graphql.relay import from_global_id
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.policies import permissions as p

ACTION = "audit.archive.download"


def archive_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The download route of audit archives."""

    async def download(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.AUDIT_EXPORT)
        if refused is not None:
            await audit_attempt(database, subject, ACTION, AuditOutcome.REFUSED, "没有权限")
            return refused

        def find(session: JixiaoSession) -> tuple[Path, str]:
            archive = get_archive(
                session, from_global_id(request.path_params["id"], "AuditArchive")
            )
            record(
                session,
                actor=subject,
                action=ACTION,
                target_type="audit_archive",
                target_id=archive.id,
                after={"file_name": archive.file_name, "sha256": archive.sha256},
            )
            return archive_path(settings.storage_dir, archive), archive.file_name

        try:
            path, file_name = await in_tenant(database, subject, find)
        except DomainError:
            return error("NOT_FOUND", "没有这个归档")
        if not path.is_file():
            return error("NOT_FOUND", "归档文件已不存在")
        return FileResponse(
            path,
            media_type="application/gzip",
            filename=file_name,
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
        )

    return [Route(f"{ARCHIVE_FILES}/{{id}}", download, methods=["GET"])]
