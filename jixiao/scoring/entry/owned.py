"""Adjustments owned by a record (an inspection's deduction, an award's bonus).

They are ordinary `Adjustment` rows, entered like the office's (source `entry`, next `seq`), so
the engine reads them as any other; the record is their reason and the one place to change
them. The caller commits.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from jixiao.engine.model import AdjustmentKind
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, on_commit
from jixiao.platform.errors import Conflict
from jixiao.platform.storage import Area, FileStore, Stored, deleter
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry.queries import owning_record_id, record_files
from jixiao.scoring.models import Adjustment, DataSource
from jixiao.scoring.queries import next_seq
from jixiao.scoring.records import InnovationAward, Inspection, RecordFile, RecordOwner


def who(actor: Subject) -> str | None:
    """How a record names the person who made it."""
    return actor.display_name or actor.username


def scheme_by_code(session: JixiaoSession, code: str) -> Scheme:
    return get_scheme(session, code)


def set_adjustment(
    session: JixiaoSession,
    current: uuid.UUID | None,
    *,
    scheme_id: uuid.UUID,
    unit_id: uuid.UUID,
    kind: AdjustmentKind,
    points: Decimal,
    reason: str,
) -> uuid.UUID | None:
    """Make the owned adjustment say `points` (none when 0); returns its id.

    The caller clears its own reference before a returned None removes the row (flush order).
    """
    row = session.get(Adjustment, (session.require_tenant(), current)) if current else None
    if points == 0:
        if row is not None:
            session.delete(row)
        return None
    if row is None:
        row = Adjustment(
            scheme_id=scheme_id,
            unit_id=unit_id,
            kind=kind,
            points=points,
            reason=reason[:500],
            seq=next_seq(session, Adjustment, scheme_id),
            source=DataSource.ENTRY,
        )
    else:
        row.unit_id, row.kind, row.points, row.reason = unit_id, kind, points, reason[:500]
    session.add(row)
    session.flush()
    return row.id


def release_adjustment(
    session: JixiaoSession, row: Inspection | InnovationAward, kind: AdjustmentKind
) -> None:
    """Remove the adjustment a record owns (its reference cleared and flushed first)."""
    adjustment_id, row.adjustment_id = row.adjustment_id, None
    session.add(row)
    session.flush()
    set_adjustment(
        session,
        adjustment_id,
        scheme_id=row.scheme_id,
        unit_id=row.unit_id,
        kind=kind,
        points=Decimal(0),
        reason="",
    )


def prepare_removal(
    session: JixiaoSession, adjustment_id: uuid.UUID, store: FileStore | None
) -> list[str]:
    """Before the office removes an adjustment: refuse one that an inspection or an award
    owns (it is changed through that record), and drop its evidence files (the stored files
    once committed); returns their names."""
    if owning_record_id(session, Inspection, adjustment_id):
        raise Conflict("这条扣分来自明查暗访记录：请修改或删除该明查暗访记录", field="adjustmentId")
    award = owning_record_id(session, InnovationAward, adjustment_id)
    if award:
        raise Conflict("这条加分来自创新奖认定：请撤销该创新奖的认定", field="adjustmentId")
    return drop_files(session, store, RecordOwner.ADJUSTMENT, adjustment_id)


RECORDS: Area = "records"


def stored(row: RecordFile) -> Stored:
    """Where a record file (of an adjustment, inspection or award) is kept, and how it is
    handed out."""
    return Stored(row.tenant_id, RECORDS, row.stored_name, row.file_name, row.content_type)


def drop_files(
    session: JixiaoSession, store: FileStore | None, owner: RecordOwner, owner_id: uuid.UUID
) -> list[str]:
    """Remove the files of a record that goes away (their stored files once committed; kept
    when no store is given)."""
    rows = record_files(session, owner, owner_id)
    names = [(row.tenant_id, row.stored_name) for row in rows]
    for row in rows:
        session.delete(row)
    if names and store is not None:
        on_commit(session, deleter(store, RECORDS, names))
    return [row.file_name for row in rows]
