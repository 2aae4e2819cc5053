"""Inspections (明查暗访): findings of open or unannounced visits and the deductions they bring.

- Recorded by the monitoring departments (report:verify), the supervision group
  (supervision:write) or the office (score:reopen). The office may change any record; the
  others the records they made.
- A deduction above 0 is a `deduction` adjustment owned by the inspection (「明查暗访：…」),
  so the annual result takes it like any other; changing the deduction changes it, 0 or a
  deletion removes it.
- Readers: whoever sees every unit, the units in their scope (their own, those in their charge)
  and the record's author.

Every change is audited and schedules the annual recompute. The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.engine.model import AdjustmentKind
from jixiao.org.models import Unit
from jixiao.org.queries import unit_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.platform.storage import FileStore
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry import follow, owned
from jixiao.scoring.entry.queries import inspections_page
from jixiao.scoring.records import Inspection, InspectionKind, RecordOwner

RECORDERS = (p.SCORE_REOPEN, p.REPORT_VERIFY, p.SUPERVISION_WRITE)
READERS = (*RECORDERS, p.SCORE_READ, p.SUPERVISION_READ, p.RESULT_READ)
MAX_DEDUCTION = Decimal(100)


@dataclass(frozen=True)
class InspectionInput:
    inspected_on: date
    kind: InspectionKind
    finding: str
    deduction: Decimal


def can_record(subject: Subject) -> bool:
    return any(subject.can(permission.code) for permission in RECORDERS)


def can_read(subject: Subject) -> bool:
    return any(subject.can(permission.code) for permission in READERS)


def record_inspection(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    unit_code: str,
    entry: InspectionInput,
) -> Inspection:
    """Record an inspection of a unit; a deduction above 0 enters the annual result."""
    if not can_record(subject):
        raise Forbidden("只有实施监控职能部门、督查小组或考评办可以录入明查暗访")
    scheme = owned.scheme_by_code(session, scheme_code)
    periods.require_open(session, scheme, periods.ANNUAL, what="录入明查暗访")
    unit = unit_by_code(session, unit_code)
    finding, deduction = _checked(entry)
    row = Inspection(
        scheme_id=scheme.id,
        unit_id=unit.id,
        inspected_on=entry.inspected_on,
        kind=entry.kind,
        finding=finding,
        deduction=deduction,
        created_by=owned.who(subject),
        created_by_id=subject.user_id,
    )
    row.adjustment_id = _deduct(session, row)
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="inspection.record",
        target_type="inspection",
        target_id=row.id,
        after=_state(row, scheme.code, unit.code),
    )
    follow.schedule(session, scheme.code, follow.ANNUAL)
    return row


def update_inspection(
    session: JixiaoSession, subject: Subject, inspection_id: uuid.UUID, entry: InspectionInput
) -> Inspection:
    """Change an inspection; its deduction adjustment follows (added, changed or removed)."""
    row = writable_inspection(session, subject, inspection_id)
    scheme, unit = _names(session, row)
    before = _state(row, scheme, unit)
    finding, deduction = _checked(entry)
    row.inspected_on, row.kind, row.finding, row.deduction = (
        entry.inspected_on,
        entry.kind,
        finding,
        deduction,
    )
    row.updated_at = utcnow()
    previous = row.adjustment_id
    if deduction == 0 and previous is not None:
        row.adjustment_id = None
        session.add(row)
        session.flush()
    row.adjustment_id = _deduct(session, row, previous)
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="inspection.update",
        target_type="inspection",
        target_id=row.id,
        before=before,
        after=_state(row, scheme, unit),
    )
    follow.schedule(session, scheme, follow.ANNUAL)
    return row


def delete_inspection(
    session: JixiaoSession,
    subject: Subject,
    inspection_id: uuid.UUID,
    *,
    store: FileStore | None = None,
) -> None:
    """Delete an inspection with its deduction and its evidence files."""
    row = writable_inspection(session, subject, inspection_id)
    scheme, unit = _names(session, row)
    before = _state(row, scheme, unit)
    owned.release_adjustment(session, row, AdjustmentKind.DEDUCTION)
    files = owned.drop_files(session, store, RecordOwner.INSPECTION, row.id)
    session.delete(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="inspection.delete",
        target_type="inspection",
        target_id=inspection_id,
        before={**before, "files": files},
    )
    follow.schedule(session, scheme, follow.ANNUAL)


def list_inspections(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str,
    unit_code: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Inspection]:
    """The inspections of a scheme the subject may see, in the order they were recorded."""
    scheme = owned.scheme_by_code(session, scheme_code)
    unit_ids = None if subject.scope.every_unit else subject.scope.unit_ids
    unit_id = None if unit_code is None else unit_by_code(session, unit_code).id
    return inspections_page(
        session,
        scheme.id,
        unit_ids=unit_ids,
        author_id=subject.user_id,
        unit_id=unit_id,
        first=first,
        after=after,
    )


def readable_inspection(
    session: JixiaoSession, subject: Subject, inspection_id: uuid.UUID
) -> Inspection:
    """An inspection the subject may see (none is told apart from one it may not)."""
    row = session.get(Inspection, (session.require_tenant(), inspection_id))
    if row is None or not can_read(subject) or not _sees(subject, row):
        raise NotFound("没有这条明查暗访记录", field="id")
    return row


def writable_inspection(
    session: JixiaoSession, subject: Subject, inspection_id: uuid.UUID
) -> Inspection:
    """An inspection the subject may change: the office any, other recorders their own."""
    if not can_record(subject):
        raise Forbidden("只有实施监控职能部门、督查小组或考评办可以修改明查暗访记录")
    row = readable_inspection(session, subject, inspection_id)
    if not subject.can(p.SCORE_REOPEN.code) and row.created_by_id != subject.user_id:
        raise Forbidden("只能修改本人录入的明查暗访记录（或由考评办修改）", field="id")
    periods.require_open(session, row.scheme_id, periods.ANNUAL, what="修改明查暗访记录")
    return row


def reason_of(row: Inspection) -> str:
    """The reason of the deduction adjustment an inspection produces."""
    return f"明查暗访：{row.finding}"


def _deduct(
    session: JixiaoSession, row: Inspection, current: uuid.UUID | None = None
) -> uuid.UUID | None:
    return owned.set_adjustment(
        session,
        current,
        scheme_id=row.scheme_id,
        unit_id=row.unit_id,
        kind=AdjustmentKind.DEDUCTION,
        points=row.deduction,
        reason=reason_of(row),
    )


def _checked(entry: InspectionInput) -> tuple[str, Decimal]:
    finding = entry.finding.strip()
    if not finding:
        raise InvalidInput("请填写检查发现的问题", field="finding")
    if len(finding) > 2000:
        raise InvalidInput("检查发现的问题不能超过 2000 字", field="finding")
    deduction = entry.deduction
    if not deduction.is_finite() or not MAX_DEDUCTION >= deduction >= 0:
        raise InvalidInput(
            f"扣分 {deduction} 须在 0～{MAX_DEDUCTION} 之间（0 表示不扣分）", field="deduction"
        )
    return finding, deduction


def _sees(subject: Subject, row: Inspection) -> bool:
    return subject.scope.sees_unit(row.unit_id) or (
        subject.user_id is not None and row.created_by_id == subject.user_id
    )


def _names(session: JixiaoSession, row: Inspection) -> tuple[str, str]:
    tenant = session.require_tenant()
    scheme = session.get(Scheme, (tenant, row.scheme_id))
    unit = session.get(Unit, (tenant, row.unit_id))
    return (scheme.code if scheme else ""), (unit.code if unit else "")


def _state(row: Inspection, scheme: str, unit: str) -> dict[str, object]:
    return {
        "scheme": scheme,
        "unit": unit,
        "date": row.inspected_on.isoformat(),
        "kind": row.kind.value,
        "finding": row.finding,
        "deduction": row.deduction,
        "adjustment_id": str(row.adjustment_id) if row.adjustment_id else None,
    }
