"""Notice attachments: what is accepted (by magic bytes), where files live, who may fetch them.

Files go to the tenant's `notices` area of the file store (`jixiao.platform.storage`: a local
folder or an S3-compatible bucket) under a name the server chooses; the uploaded name
is kept for display only. PDF, Word (docx), Excel (xlsx), PNG and JPEG are accepted, recognised
by their content, whatever the name says.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from jixiao.audit.service import record
from jixiao.notices.models import NoticeAttachment
from jixiao.notices.queries import orphan_attachments
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow, uuid7
from jixiao.platform.storage import Area, FileStore, Stored, deleter
from jixiao.platform.uploads import ACCEPTED, display_name, sniff
from jixiao.tenants.values import setting_number

AREA: Area = "notices"
ORPHAN_AGE = timedelta(days=1)


def stored(attachment: NoticeAttachment) -> Stored:
    """Where the attachment's file is kept, and how it is handed out."""
    return Stored(
        attachment.tenant_id,
        AREA,
        attachment.stored_name,
        attachment.file_name,
        attachment.content_type,
    )


def drop_stored(session: JixiaoSession, store: FileStore, rows: list[NoticeAttachment]) -> None:
    """Delete the attachments' rows now and their files once the transaction commits."""
    names = [(row.tenant_id, row.stored_name) for row in rows]
    for row in rows:
        session.delete(row)
    if names:
        on_commit(session, deleter(store, AREA, names))


def upload_limit_bytes(session: JixiaoSession) -> int:
    """The tenant's upload size limit (setting `upload_max_mb`), in bytes."""
    return setting_number(session, "upload_max_mb") * 1024 * 1024


def store_upload(
    session: JixiaoSession,
    store: FileStore,
    *,
    received: Path,
    file_name: str,
    size_bytes: int,
    sha256: str,
    actor: Subject,
) -> NoticeAttachment:
    """Keep a received file (already within the size limit) as an attachment not yet taken
    by a notice; refuses what is not an accepted kind, and removes it."""
    kind = sniff(received)
    if kind is None:
        received.unlink(missing_ok=True)
        raise InvalidInput(f"不支持的文件类型：只接受 {ACCEPTED}", field="file")
    if size_bytes == 0:
        received.unlink(missing_ok=True)
        raise InvalidInput("文件为空", field="file")
    attachment = NoticeAttachment(
        id=uuid7(),
        file_name=display_name(file_name, kind),
        stored_name="",
        content_type=kind.content_type,
        size_bytes=size_bytes,
        sha256=sha256,
        uploaded_by=actor.user_id,
    )
    attachment.stored_name = f"{attachment.id.hex}{kind.extension}"
    store.put(session.require_tenant(), AREA, attachment.stored_name, received)
    session.add(attachment)
    session.flush()
    record(
        session,
        actor=actor,
        action="notice.attachment.upload",
        target_type="notice_attachment",
        target_id=attachment.id,
        after={
            "file_name": attachment.file_name,
            "content_type": kind.content_type,
            "size_bytes": size_bytes,
            "sha256": sha256,
        },
    )
    return attachment


def get_attachment(session: JixiaoSession, attachment_id: uuid.UUID) -> NoticeAttachment:
    attachment = session.get(NoticeAttachment, (session.require_tenant(), attachment_id))
    if attachment is None:
        raise NotFound("没有这个附件", field="id")
    return attachment


def remove_orphans(session: JixiaoSession, store: FileStore) -> int:
    """Delete uploads no notice took within a day (the editor was abandoned)."""
    stale = orphan_attachments(session, utcnow() - ORPHAN_AGE)
    drop_stored(session, store, stale)
    session.flush()
    return len(stale)
