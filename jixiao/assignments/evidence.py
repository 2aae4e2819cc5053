"""Evidence files (佐证材料) of progress reports.

Reuses the notice attachment checks (`jixiao.notices.attachments`): kinds recognised by magic
bytes, the tenant's `upload_max_mb`, harmless display names. Here the uploaded name must also
carry the extension of what the file really is, and a name with path parts is refused. Files go
to the tenant's `evidence` area of the file store under a server-chosen name.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from jixiao.assignments import report_periods
from jixiao.assignments.access import readable_report
from jixiao.assignments.models import EvidenceFile, ProgressReport, ReportStatus
from jixiao.assignments.queries import evidence_files, file_still_kept
from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.platform.errors import Conflict, Forbidden, NotFound
from jixiao.platform.orm import uuid7
from jixiao.platform.storage import Area, FileStore, Stored
from jixiao.platform.uploads import accepted_kind, display_name

AREA: Area = "evidence"


def stored(evidence: EvidenceFile) -> Stored:
    """Where the evidence's file is kept, and how it is handed out."""
    return Stored(
        evidence.tenant_id, AREA, evidence.stored_name, evidence.file_name, evidence.content_type
    )


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
        for row in evidence_files(session, report_ids):
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
    if not file_still_kept(session, evidence.stored_name):
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
