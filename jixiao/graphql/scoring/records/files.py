"""File endpoints of evidence on adjustments, inspections, innovation awards and appeals, built
on the notice file helpers (no multipart uploads in GraphQL: PITFALLS).

- `POST /files/records/<owner id>?name=<file name>`: the body is the file; the owner is an
  `Adjustment`, `Inspection`, `InnovationAward` or `Appeal` id (its `uploadUrl`). Whoever may
  change the record may add evidence; answers `201` with the file's `id`. Cookie sessions need
  the CSRF header (the CSRF middleware checks it).
- `GET /files/record-files/<file id>`: the file, to whoever may read its record.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

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
from jixiao.graphql.relay import from_global_id
from jixiao.graphql.scoring.records.types import (
    RECORD_FILE_DOWNLOADS,
    RECORD_FILES,
    RecordFileType,
    owner_of,
)
from jixiao.platform.auth import Authenticator, Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.platform.storage import Stored, file_store
from jixiao.policies import permissions as p
from jixiao.scoring.entry import awards, inspections, record_files
from jixiao.scoring.entry.owned import stored

# Appeals: the unit uploads its evidence; the office and the answerer read it.
APPEALS = (p.APPEAL_WRITE, p.APPEAL_HANDLE, p.SCORE_WRITE)
WRITERS = tuple(dict.fromkeys((*inspections.RECORDERS, *awards.APPLICANTS, p.APPEAL_WRITE)))
READERS = tuple(
    dict.fromkeys(
        (*inspections.READERS, *awards.READERS, *record_files.ADJUSTMENT_READERS, *APPEALS)
    )
)


def _refusal(subject: Subject, permissions: tuple[p.Permission, ...]) -> JSONResponse | None:
    """The 403 answer when the subject holds none of the permissions."""
    answers = [refusal(subject, permission) for permission in permissions]
    return None if any(answer is None for answer in answers) else answers[0]


def record_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The upload and download routes of record evidence."""
    files = file_store(settings)

    async def upload(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        action = "record.file.upload"
        refused = _refusal(subject, WRITERS)
        if refused is not None:
            await audit_attempt(database, subject, action, AuditOutcome.REFUSED, "没有权限")
            return refused
        assert subject.tenant_id is not None
        name = request.query_params.get("name") or ""
        try:
            owner, owner_id = owner_of(request.path_params["id"], field="id")
            action = f"{owner.value}.file.upload"
            record_files.check_name(name)
            await in_tenant(
                database,
                subject,
                lambda s: record_files.writable_owner(s, subject, owner, owner_id),
            )
        except DomainError as failed:
            await audit_attempt(database, subject, action, AuditOutcome.FAILED, failed.message)
            return error(failed.code.value, failed.message)
        stored = await receive_and_store(
            request,
            database,
            subject,
            action=action,
            folder=files.staging(subject.tenant_id),
            store=lambda s, path, size, digest: record_files.store_file(
                s,
                files,
                owner=owner,
                owner_id=owner_id,
                received=path,
                file_name=name,
                size_bytes=size,
                sha256=digest,
                actor=subject,
            ),
        )
        if isinstance(stored, Response):
            return stored
        shown = RecordFileType.of(stored)
        body = {
            "id": shown.id,
            "fileName": shown.file_name,
            "contentType": shown.content_type,
            "sizeBytes": shown.size_bytes,
            "sha256": shown.sha256,
            "url": shown.url,
        }
        return JSONResponse(body, status_code=201)

    async def download(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = _refusal(subject, READERS)
        if refused is not None:
            return refused

        def find(session: JixiaoSession) -> Stored:
            found = record_files.readable_file(
                session, subject, from_global_id(request.path_params["id"], "RecordFile")
            )
            return stored(found)

        return await send_stored_file(database, files, subject, find, missing="佐证材料")

    return [
        Route(f"{RECORD_FILES}/{{id}}", upload, methods=["POST"]),
        Route(f"{RECORD_FILE_DOWNLOADS}/{{id}}", download, methods=["GET"]),
    ]
