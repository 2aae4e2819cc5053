"""File endpoints of notices, next to GraphQL (no multipart uploads there: PITFALLS).

- `POST /files/notices?name=<file name>`: the body is the file itself (notice:write); answers
  `201` with the attachment's `id` to pass in `NoticeInput.attachmentIds`. Cookie sessions need
  the CSRF header, as for GraphQL (the CSRF middleware checks it).
- `GET /files/notices/<attachment id>`: the file, to whoever may read its notice.

Errors answer with JSON `{"errors": [{"message", "extensions": {"code"}}]}` like GraphQL.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import record
from jixiao.graphql.notices.types import NOTICE_FILES
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.notices import attachments, reading
from jixiao.platform.auth import AuthenticationRefused, Authenticator, Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError, NotFound
from jixiao.platform.storage import FileStore, Stored, chunks, file_store
from jixiao.policies import permissions as p

T = TypeVar("T")
_PRIVATE = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
_CODES = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404, "TOO_LARGE": 413}


def error(code: str, message: str, status: int | None = None) -> JSONResponse:
    """An error answer shaped like GraphQL's."""
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status or _CODES.get(code, 400))


async def subject_of(request: Request, authenticate: Authenticator) -> Subject | JSONResponse:
    """The request's subject, or the answer that refuses it (not signed in, suspended…)."""
    try:
        subject = await authenticate(request)
    except AuthenticationRefused as refused:
        return error(refused.code, refused.message, refused.status)
    if not subject.authenticated:
        return error("UNAUTHENTICATED", "请先登录 (sign-in required)")
    if subject.support is not None:  # a support grant reads through GraphQL only, each read logged
        return error("FORBIDDEN", "运维只读访问不含文件的上传和下载")
    return subject


def refusal(subject: Subject, permission: p.Permission) -> JSONResponse | None:
    """The 403 answer when a tenant subject lacks the permission; None when it holds it."""
    if subject.tenant is None or not subject.can(permission.code):
        return error("FORBIDDEN", f"没有权限：需要「{permission.label}」({permission.code})")
    return None


async def in_tenant(database: Database, subject: Subject, work: Callable[[JixiaoSession], T]) -> T:
    """Run `work` in one committed transaction of the subject's tenant, off the event loop."""

    def run() -> T:
        with database.session(subject.tenant_id) as session:
            result = work(session)
            session.commit()
            return result

    return await anyio.to_thread.run_sync(run)


async def audit_attempt(
    database: Database, subject: Subject, action: str, outcome: AuditOutcome, reason: str
) -> None:
    """Record a refused or failed attempt in a transaction of its own."""
    if subject.tenant_id is None:
        return

    def work(session: JixiaoSession) -> None:
        record(session, actor=subject, action=action, outcome=outcome, reason=reason[:500])

    await in_tenant(database, subject, work)


def notice_file_routes(
    settings: Settings, database: Database, authenticate: Authenticator
) -> list[Route]:
    """The upload and download routes of notice attachments."""
    files = file_store(settings)

    async def upload(request: Request) -> Response:
        subject = await subject_of(request, authenticate)
        if isinstance(subject, JSONResponse):
            return subject
        refused = refusal(subject, p.NOTICE_WRITE)
        if refused is not None:
            await audit_attempt(
                database, subject, "notice.attachment.upload", AuditOutcome.REFUSED, "没有权限"
            )
            return refused
        assert subject.tenant_id is not None  # `refusal` let only tenant subjects through
        name = request.query_params.get("name") or "附件"
        stored = await receive_and_store(
            request,
            database,
            subject,
            action="notice.attachment.upload",
            folder=files.staging(subject.tenant_id),
            store=lambda s, path, size, digest: attachments.store_upload(
                s,
                files,
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
            "id": to_global_id("NoticeAttachment", stored.id),
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
        refused = refusal(subject, p.NOTICE_READ) and refusal(subject, p.NOTICE_WRITE)
        if refused is not None:
            return refused
        if subject.user_id is None:
            return error("NOT_FOUND", "没有这个附件")
        reader = reading.Reader(subject.user_id, subject.can(p.NOTICE_WRITE.code))

        def find(session: JixiaoSession) -> Stored:
            attachment = attachments.get_attachment(
                session, from_global_id(request.path_params["id"], "NoticeAttachment")
            )
            if attachment.notice_id is None:  # not yet taken: its uploader and the office
                if not reader.manager and attachment.uploaded_by != subject.user_id:
                    raise NotFound("没有这个附件", field="id")
            else:
                reading.readable_notice(session, reader, attachment.notice_id)
            return attachments.stored(attachment)

        return await send_stored_file(database, files, subject, find, missing="附件")

    return [
        Route(NOTICE_FILES, upload, methods=["POST"]),
        Route(f"{NOTICE_FILES}/{{id}}", download, methods=["GET"]),
    ]


async def send_stored_file(
    database: Database,
    store: FileStore,
    subject: Subject,
    find: Callable[[JixiaoSession], Stored],
    *,
    missing: str,
) -> Response:
    """A stored file (`find` says where it is, its download name and type, or raises when the
    subject may not read it) as a private, non-sniffed download; `missing` says what it is.
    Local files are sent as files; a bucket's object is streamed through."""
    try:
        found = await in_tenant(database, subject, find)
    except DomainError:
        return error("NOT_FOUND", f"没有这个{missing}")
    path = store.local_path(found.tenant_id, found.area, found.name)
    if path is not None:
        if not path.is_file():
            return error("NOT_FOUND", f"{missing}文件已不存在")
        return FileResponse(
            path, media_type=found.content_type, filename=found.file_name, headers=_PRIVATE
        )
    try:
        handle = await anyio.to_thread.run_sync(store.open, found.tenant_id, found.area, found.name)
    except FileNotFoundError:
        return error("NOT_FOUND", f"{missing}文件已不存在")

    async def body() -> AsyncIterator[bytes]:
        pieces = chunks(handle)
        try:
            while (piece := await anyio.to_thread.run_sync(next, pieces, None)) is not None:
                yield piece
        finally:  # also when the client goes away mid-download
            await anyio.to_thread.run_sync(pieces.close)

    quoted = quote(found.file_name)
    headers = {**_PRIVATE, "Content-Disposition": f"attachment; filename*=utf-8''{quoted}"}
    return StreamingResponse(body(), media_type=found.content_type, headers=headers)


async def receive_and_store(
    request: Request,
    database: Database,
    subject: Subject,
    *,
    action: str,
    folder: Path,
    store: Callable[[JixiaoSession, Path, int, str], T],
) -> T | JSONResponse:
    """Receive an upload within the tenant's size limit and `store(session, path, size, sha256)`
    it; a refusal is audited and answered, and nothing received is kept."""
    limit = await in_tenant(database, subject, attachments.upload_limit_bytes)
    received = await _receive(request, folder, limit)
    if received is None:
        message = f"文件超过大小上限（{limit // (1024 * 1024)} MB）"
        await audit_attempt(database, subject, action, AuditOutcome.FAILED, message)
        return error("TOO_LARGE", message)
    path, size, digest = received
    try:
        return await in_tenant(database, subject, lambda s: store(s, path, size, digest))
    except DomainError as failed:
        path.unlink(missing_ok=True)
        await audit_attempt(database, subject, action, AuditOutcome.FAILED, failed.message)
        return error(failed.code.value, failed.message)


async def _receive(request: Request, folder: Path, limit: int) -> tuple[Path, int, str] | None:
    """Stream the body to a temporary file; None (and nothing kept) when it exceeds `limit`."""
    await anyio.to_thread.run_sync(lambda: folder.mkdir(parents=True, exist_ok=True))
    path = folder / f".upload-{uuid.uuid4().hex}"
    digest, size = hashlib.sha256(), 0
    handle = await anyio.to_thread.run_sync(path.open, "wb")
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                break
            digest.update(chunk)
            await anyio.to_thread.run_sync(handle.write, chunk)
    finally:
        await anyio.to_thread.run_sync(handle.close)
    if size > limit:
        path.unlink(missing_ok=True)
        return None
    return path, size, digest.hexdigest()
