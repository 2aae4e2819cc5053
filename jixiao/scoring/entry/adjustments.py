"""Reading adjustments (加分/扣分): who sees which.

Readers hold score:reopen (the office, which enters them), score:read or result:read; each sees
the units of its data scope. Adding and removing are the office's (`others`).
"""

from __future__ import annotations

import uuid

from jixiao.org.queries import unit_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.scoring.entry.owned import scheme_by_code
from jixiao.scoring.entry.queries import adjustments_page
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
    unit_ids = None if subject.scope.every_unit else subject.scope.unit_ids
    unit_id = None if unit_code is None else unit_by_code(session, unit_code).id
    return adjustments_page(
        session, scheme.id, unit_ids=unit_ids, unit_id=unit_id, first=first, after=after
    )
