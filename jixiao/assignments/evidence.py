"""Evidence files (佐证材料) of progress reports.

Reuses the notice attachment checks (`jixiao.notices.attachments`): kinds recognised by magic
bytes, the tenant's `upload_max_mb`, harmless display names. Here the uploaded name must also
carry the extension of what the file really is, and a name with path parts is refused. Files go
to the tenant's `evidence` area of the file store under a server-chosen name.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path, PurePosixPath

from sqlmodel import col, select

from jixiao.assignments import report_periods
from jixiao.assignments.access import readable_report
from jixiao.assignments.models import EvidenceFile, ProgressReport, ReportStatus
from jixiao.audit.service import record
from jixiao.notices.attachments import ACCEPTED, JPEG, FileKind, display_name, sniff
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import uuid7
from jixiao.platform.storage import Area, FileStore, Stored

_PATH_TRICK = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|\.\.")


AREA: Area = "evidence"


def stored(evidence: EvidenceFile) -> Stored:
    """Where the evidence's file is kept, and how it is handed out."""
    return Stored(
        evidence.tenant_id, AREA, evidence.stored_name, evidence.file_name, evidence.content_type
    )


def check_name(name: str) -> None:
    """Refuse names with path parts or control characters (before anything is received)."""
    if not name.strip() or _PATH_TRICK.search(name) or len(name) > 200:
        raise InvalidInput("文件名无效：不能含有路径、控制字符或以“.”开头", field="name")


def accepted_kind(received: Path, file_name: str, size_bytes: int) -> FileKind:
    """The kind of a received file, recognised by its content and matching its name's
    extension; anything else (an unknown kind, a wrong extension, an empty file) is refused."""
    check_name(file_name)
    kind = sniff(received)
    if kind is None:
        raise InvalidInput(f"不支持的文件类型：只接受 {ACCEPTED}", field="file")
    suffix = PurePosixPath(file_name).suffix.lower()
    allowed = {kind.extension, ".jpeg"} if kind == JPEG else {kind.extension}
    if suffix not in allowed:
        raise InvalidInput(
            f"文件名的扩展名与内容不符：内容是 {kind.label}，应以 {kind.extension} 结尾",
            field="name",
        )
    if size_bytes == 0:
        raise InvalidInput("文件为空", field="file")
    return kind


def writable_report(
    session: JixiaoSession, subject: Subject, report_id: uuid.UUID
) -> ProgressReport:
    """A draft of the subject's own unit, which may take evidence."""
    report = readable_report(session, subject, report_id)
    if subject.unit_id != report.unit_id:
        raise Forbidden("只能为本单位的填报上传佐证材料", field="reportId")
    if report.status != ReportStatus.DRAFT:
        raise Conflict("只有草稿状态的填报可以上传佐证材料", field="reportId")
    report_periods.require_open(session, report, what="更改佐证材料")
    return report


def store_evidence(
    session: JixiaoSession,
    store: FileStore,
    *,
    report_id: uuid.UUID,
    received: Path,
    file_name: str,
    size_bytes: int,
    sha256: str,
    actor: Subject,
) -> EvidenceFile:
    """Keep a received file (already within the size limit) as evidence of a draft report;
    refuses a kind not accepted by content or by name, and removes the received file."""
    try:
        report = writable_report(session, actor, report_id)
        kind = accepted_kind(received, file_name, size_bytes)
    except Exception:
        received.unlink(missing_ok=True)
        raise
    evidence = EvidenceFile(
        id=uuid7(),
        report_id=report.id,
        file_name=display_name(file_name, kind),
        stored_name="",
        content_type=kind.content_type,
        size_bytes=size_bytes,
        sha256=sha256,
        uploaded_by=actor.user_id,
    )
    evidence.stored_name = f"{evidence.id.hex}{kind.extension}"
    store.put(session.require_tenant(), AREA, evidence.stored_name, received)
    session.add(evidence)
    session.flush()
    record(
        session,
        actor=actor,
        action="report.evidence.upload",
        target_type="evidence_file",
        target_id=evidence.id,
        after={"report_id": str(report.id), "file_name": evidence.file_name, "sha256": sha256},
    )
    return evidence


def readable_evidence(
    session: JixiaoSession, subject: Subject, evidence_id: uuid.UUID
) -> EvidenceFile:
    """An evidence file whose report the subject may read."""
    evidence = session.get(EvidenceFile, (session.require_tenant(), evidence_id))
    if evidence is None:
        raise NotFound("没有这个佐证材料", field="id")
    readable_report(session, subject, evidence.report_id)
    return evidence


def evidence_of(
    session: JixiaoSession, report_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[EvidenceFile]]:
    found: dict[uuid.UUID, list[EvidenceFile]] = {i: [] for i in report_ids}
    if report_ids:
        for row in session.exec(
            select(EvidenceFile)
            .where(col(EvidenceFile.report_id).in_(report_ids))
            .order_by(col(EvidenceFile.id))
        ).all():
            found[row.report_id].append(row)
    return found


def delete_evidence(
    session: JixiaoSession, store: FileStore, subject: Subject, evidence_id: uuid.UUID
) -> ProgressReport:
    """Take an evidence file off the subject's own draft (audited). The stored file goes after
    the commit unless an earlier version of the report still lists it (versions share files)."""
    evidence = readable_evidence(session, subject, evidence_id)
    report = writable_report(session, subject, evidence.report_id)
    before = {
        "report_id": str(report.id),
        "file_name": evidence.file_name,
        "sha256": evidence.sha256,
    }
    session.delete(evidence)
    session.flush()
    shared = session.exec(
        select(EvidenceFile.id).where(EvidenceFile.stored_name == evidence.stored_name)
    ).first()
    if shared is None:
        tenant_id, name = evidence.tenant_id, evidence.stored_name
        on_commit(session, lambda: store.delete(tenant_id, AREA, name))
    record(
        session,
        actor=subject,
        action="report.evidence.delete",
        target_type="evidence_file",
        target_id=evidence_id,
        before=before,
    )
    return report
