"""Evidence files of adjustments, inspections and innovation awards.

The checks are the uploads' (`jixiao.platform.uploads.accepted_kind`): a safe name,
a kind recognised by content whose extension the name carries, within the tenant's size limit
(received by the upload endpoint). Files go to `<storage>/<tenant id>/records/` under a
server-chosen name. A file is readable by whoever may read its record; uploads come from
whoever may change the record (an award's unit while it waits for a decision).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, NotFound
from jixiao.platform.orm import uuid7
from jixiao.platform.storage import FileStore
from jixiao.platform.uploads import accepted_kind, check_name, display_name
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.scoring.entry import adjustments, awards, inspections
from jixiao.scoring.entry.owned import RECORDS
from jixiao.scoring.entry.queries import files_of_records
from jixiao.scoring.records import RecordFile, RecordOwner

__all__ = [
    "check_name",
    "files_of",
    "readable_file",
    "readable_owner",
    "store_file",
    "writable_owner",
]

ADJUSTMENT_READERS = adjustments.READERS


def readable_owner(
    session: JixiaoSession, subject: Subject, owner: RecordOwner, owner_id: uuid.UUID
) -> uuid.UUID:
    """The scheme of a record the subject may read; NotFound otherwise."""
    if owner == RecordOwner.APPEAL:
        from jixiao.appeals.service import readable_appeal

        return readable_appeal(session, subject, owner_id).scheme_id
    if owner == RecordOwner.INSPECTION:
        return inspections.readable_inspection(session, subject, owner_id).scheme_id
    if owner == RecordOwner.AWARD:
        return awards.readable_award(session, subject, owner_id).scheme_id
    return adjustments.readable_adjustment(session, subject, owner_id).scheme_id


def writable_owner(
    session: JixiaoSession, subject: Subject, owner: RecordOwner, owner_id: uuid.UUID
) -> uuid.UUID:
    """The scheme of a record the subject may add evidence to."""
    if owner == RecordOwner.APPEAL:
        from jixiao.appeals.service import attachable_appeal

        return attachable_appeal(session, subject, owner_id).scheme_id
    if owner == RecordOwner.INSPECTION:
        return inspections.writable_inspection(session, subject, owner_id).scheme_id
    if owner == RecordOwner.AWARD:
        return awards.attachable_award(session, subject, owner_id).scheme_id
    scheme_id = readable_owner(session, subject, owner, owner_id)
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以为加减分上传佐证材料", field="id")
    periods.require_open(session, scheme_id, periods.ANNUAL, what="上传加减分材料")
    return scheme_id


def store_file(
    session: JixiaoSession,
    store: FileStore,
    *,
    owner: RecordOwner,
    owner_id: uuid.UUID,
    received: Path,
    file_name: str,
    size_bytes: int,
    sha256: str,
    actor: Subject,
) -> RecordFile:
    """Keep a received file (already within the size limit) as evidence of a record; refuses
    a kind not accepted by content or by name, and removes the received file then."""
    try:
        scheme_id = writable_owner(session, actor, owner, owner_id)
        kind = accepted_kind(received, file_name, size_bytes)
    except Exception:
        received.unlink(missing_ok=True)
        raise
    row = RecordFile(
        id=uuid7(),
        scheme_id=scheme_id,
        owner_type=owner,
        owner_id=owner_id,
        file_name=display_name(file_name, kind),
        stored_name="",
        content_type=kind.content_type,
        size_bytes=size_bytes,
        sha256=sha256,
        uploaded_by=actor.user_id,
    )
    row.stored_name = f"{row.id.hex}{kind.extension}"
    store.put(session.require_tenant(), RECORDS, row.stored_name, received)
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action=f"{owner.value}.file.upload",
        target_type="record_file",
        target_id=row.id,
        after={
            "owner": owner.value,
            "owner_id": str(owner_id),
            "file_name": row.file_name,
            "sha256": sha256,
        },
    )
    return row


def readable_file(session: JixiaoSession, subject: Subject, file_id: uuid.UUID) -> RecordFile:
    """A record file whose record the subject may read."""
    row = session.get(RecordFile, (session.require_tenant(), file_id))
    if row is None:
        raise NotFound("没有这个佐证材料", field="id")
    readable_owner(session, subject, row.owner_type, row.owner_id)
    return row


def files_of(
    session: JixiaoSession, owner: RecordOwner, owner_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[RecordFile]]:
    """The files of some records of one kind (the caller has checked it may read them)."""
    found: dict[uuid.UUID, list[RecordFile]] = {i: [] for i in owner_ids}
    if owner_ids:
        for row in files_of_records(session, owner, owner_ids):
            found[row.owner_id].append(row)
    return found
