"""`GET /files/audit-archives/<archive id>`: an archive's file, for the audit admin
(audit:export); each download is audited."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jixiao.audit.archives import get_archive, stored
from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import record
from jixiao.graphql.audit.archives import ARCHIVE_FILES
from jixiao.graphql.notices.files import audit_attempt, refusal, send_stored_file, subject_of
from jixiao.graphql.relay import from_global_id
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.storage import Stored, file_store
from jixiao.policies import permissions as p

ACTION = "audit.archive.download"


def archive_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The download route of audit archives."""
    files = file_store(settings)

    async def download(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.AUDIT_EXPORT)
        if refused is not None:
            await audit_attempt(database, subject, ACTION, AuditOutcome.REFUSED, "没有权限")
            return refused

        def find(session: JixiaoSession) -> Stored:
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
            return stored(archive)

        return await send_stored_file(database, files, subject, find, missing="归档")

    return [Route(f"{ARCHIVE_FILES}/{{id}}", download, methods=["GET"])]
