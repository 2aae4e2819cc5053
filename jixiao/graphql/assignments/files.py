"""File endpoints of progress-report evidence, built on the notice file helpers.

- `POST /files/reports/<report id>?name=<file name>`: the body is the file (report:write, a
  draft of your own unit); answers `201` with the evidence's `id`. Cookie sessions need the
  CSRF header (the CSRF middleware checks it).
- `GET /files/evidence/<evidence id>`: the file, to whoever may read its report.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jixiao.assignments import evidence
from jixiao.audit.models import AuditOutcome
from jixiao.graphql.notices.files import (
    audit_attempt,
    error,
    in_tenant,
    receive_and_store,
    refusal,
    send_stored_file,
    subject_of,
)
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.platform.storage import Stored, file_store
from jixiao.platform.uploads import check_name
from jixiao.policies import permissions as p

REPORT_FILES = "/files/reports"
EVIDENCE_FILES = "/files/evidence"
ACTION = "report.evidence.upload"


def evidence_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The upload and download routes of report evidence."""
    files = file_store(settings)

    async def upload(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.REPORT_WRITE)
        if refused is not None:
            await audit_attempt(database, subject, ACTION, AuditOutcome.REFUSED, "没有权限")
            return refused
        assert subject.tenant_id is not None
        name = request.query_params.get("name") or ""
        try:
            report_id = from_global_id(request.path_params["id"], "ProgressReport")
            check_name(name)
            await in_tenant(
                database, subject, lambda s: evidence.writable_report(s, subject, report_id)
            )
        except DomainError as failed:
            await audit_attempt(database, subject, ACTION, AuditOutcome.FAILED, failed.message)
            return error(failed.code.value, failed.message)
        stored = await receive_and_store(
            request,
            database,
            subject,
            action=ACTION,
            folder=files.staging(subject.tenant_id),
            store=lambda s, path, size, digest: evidence.store_evidence(
                s,
                files,
                report_id=report_id,
                received=path,
                file_name=name,
                size_bytes=size,
                sha256=digest,
                actor=subject,
            ),
        )
        if isinstance(stored, Response):
            return stored
        body = {
            "id": to_global_id("EvidenceFile", stored.id),
            "fileName": stored.file_name,
            "contentType": stored.content_type,
            "sizeBytes": stored.size_bytes,
            "sha256": stored.sha256,
        }
        return JSONResponse(body, status_code=201)

    async def download(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.REPORT_READ)
        if refused is not None:
            return refused

        def find(session: JixiaoSession) -> Stored:
            found = evidence.readable_evidence(
                session, subject, from_global_id(request.path_params["id"], "EvidenceFile")
            )
            return evidence.stored(found)

        return await send_stored_file(database, files, subject, find, missing="佐证材料")

    return [
        Route(f"{REPORT_FILES}/{{id}}", upload, methods=["POST"]),
        Route(f"{EVIDENCE_FILES}/{{id}}", download, methods=["GET"]),
    ]
