"""Reading adjustments (加分/扣分): who sees which.

Readers hold score:reopen (the office, which enters them), score:read or result:read; each sees
the units of its data scope. Adding and removing are the office's (`others`).
"""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from jixiao.org.queries import unit_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page, keyset_page
from jixiao.policies import permissions as p
from jixiao.scoring.entry.owned import scheme_by_code
from jixiao.scoring.models import Adjustment

READERS = (p.SCORE_REOPEN, p.SCORE_READ, p.RESULT_READ)


def can_read(subject: Subject) -> bool:
    return any(subject.can(permission.code) for permission in READERS)


def readable_adjustment(
    session: JixiaoSession, subject: Subject, adjustment_id: uuid.UUID
) -> Adjustment:
    """An adjustment of a unit the subject sees (none is told apart from one it may not)."""
    row = session.get(Adjustment, (session.require_tenant(), adjustment_id))
    if row is None or not can_read(subject) or not subject.scope.sees_unit(row.unit_id):
        raise NotFound("没有这条加减分记录", field="id")
    return row


def list_adjustments(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_code: str,
    unit_code: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Adjustment]:
    """The adjustments of a scheme on the units the subject sees, in entry order."""
    scheme = scheme_by_code(session, scheme_code)
    statement = select(Adjustment).where(Adjustment.scheme_id == scheme.id)
    if not subject.scope.every_unit:
        statement = statement.where(col(Adjustment.unit_id).in_(subject.scope.unit_ids))
    if unit_code is not None:
        unit = unit_by_code(session, unit_code)
        statement = statement.where(Adjustment.unit_id == unit.id)
    return keyset_page(session, statement, col(Adjustment.id), first=first, after=after)  # type: ignore[arg-type]
