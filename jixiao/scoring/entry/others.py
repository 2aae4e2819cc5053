"""Other inputs of the annual result: ratings per unit, bonus and deduction adjustments.

- Ratings (领导评价, 群众满意度: the components other than `indicators`) need score:write and
  the rater's data scope (a leader rates the units in their charge). Each rater holds one value
  per unit and component (entering again replaces their own); the component is the mean of all
  values, imported ones included (DOMAIN.md 4.3), so raters never overwrite each other.
- Adjustments (加分/扣分) are the office's: score:reopen, the permission that already lets it
  change recorded scores; scheme:write stays about designing the scheme.

Both change only the annual result, whose recompute is scheduled after the commit.
The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.engine.model import AdjustmentKind
from jixiao.org.queries import units_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, InvalidInput, NotFound
from jixiao.platform.storage import FileStore
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.schemes.lookup import find_component, get_scheme
from jixiao.schemes.models import Scheme as SchemeRow
from jixiao.scoring.entry import follow, owned
from jixiao.scoring.entry.rating_sheet import on_form
from jixiao.scoring.models import Adjustment, DataSource, Rating
from jixiao.scoring.queries import next_seq, unit_ratings

HUNDRED = Decimal(100)
INDICATORS = "indicators"


@dataclass(frozen=True)
class RatingInput:
    unit: str
    value: Decimal


def enter_ratings(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    component_code: str,
    entries: list[RatingInput],
) -> list[Rating]:
    """Set units' values of a rating component (0–100); all or nothing."""
    if not subject.can(p.SCORE_WRITE.code):
        raise Forbidden("您没有录入评价结果的权限")
    scheme = get_scheme(session, scheme_code)
    periods.require_open(session, scheme, periods.ANNUAL, what="录入评价结果")
    component = find_component(session, scheme.id, component_code)
    if component is None or component.code == INDICATORS:
        raise InvalidInput(f"方案中没有评价类组成部分「{component_code}」", field="component")
    units = units_by_code(session, [e.unit for e in entries])
    issues = []
    for entry in entries:
        unit = units.get(entry.unit)
        if unit is None:
            issues.append(f"没有考评对象「{entry.unit}」")
        elif not subject.scope.sees_unit(unit.id):
            raise Forbidden(f"您无权为「{unit.name}」录入{component.name}", field="entries")
        elif not entry.value.is_finite() or not HUNDRED >= entry.value >= 0:
            issues.append(f"「{unit.name}」的{component.name} {entry.value} 须在 0～100 之间")
    if issues or not entries:
        raise InvalidInput("；".join(issues) or "没有要保存的评价结果", field="entries")
    rater = (subject.username or str(subject.user_id or ""))[:100]
    if not rater:
        raise Forbidden("评价须以具名用户录入")
    on_form(session, subject, scheme.id, component)
    seq = next_seq(session, Rating, scheme.id)
    saved: list[Rating] = []
    changes: list[dict[str, object]] = []
    for entry in entries:
        unit = units[entry.unit]
        old = unit_ratings(session, scheme.id, unit.id, component.id, rater)
        for row in old:
            session.delete(row)
        rating = Rating(
            scheme_id=scheme.id,
            unit_id=unit.id,
            component_id=component.id,
            value=entry.value,
            rater=rater,
            seq=seq,
            source=DataSource.ENTRY,
        )
        seq += 1
        session.add(rating)
        saved.append(rating)
        changes.append({"unit": unit.code, "before": [r.value for r in old], "after": entry.value})
    session.flush()
    record(
        session,
        actor=subject,
        action="rating.enter",
        target_type="scheme",
        target_id=scheme.id,
        after={
            "scheme": scheme_code,
            "component": component_code,
            "rater": rater,
            "entries": changes,
        },
    )
    follow.schedule(session, scheme_code, follow.ANNUAL)
    return saved


def add_adjustment(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    *,
    unit_code: str,
    kind: AdjustmentKind,
    points: Decimal,
    reason: str,
) -> Adjustment:
    """A bonus or deduction for a unit, with its reason (the office)."""
    _office(subject)
    scheme = periods.require_open(
        session, get_scheme(session, scheme_code), periods.ANNUAL, what="录入加减分"
    )
    unit = units_by_code(session, [unit_code]).get(unit_code)
    if unit is None:
        raise NotFound(f"没有考评对象「{unit_code}」", field="unitCode")
    if not points.is_finite() or points <= 0:
        raise InvalidInput(f"加减分分值 {points} 须大于 0", field="points")
    if not reason.strip():
        raise InvalidInput("加减分须填写理由", field="reason")
    row = Adjustment(
        scheme_id=scheme.id,
        unit_id=unit.id,
        kind=kind,
        points=points,
        reason=reason.strip()[:500],
        seq=next_seq(session, Adjustment, scheme.id),
        source=DataSource.ENTRY,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="adjustment.add",
        target_type="adjustment",
        target_id=row.id,
        after={"scheme": scheme_code, "unit": unit.code, "kind": kind.value, "points": points},
        reason=row.reason,
    )
    follow.schedule(session, scheme_code, follow.ANNUAL)
    return row


def remove_adjustment(
    session: JixiaoSession,
    subject: Subject,
    adjustment_id: uuid.UUID,
    store: FileStore | None = None,
) -> None:
    """Withdraw an adjustment (the office) with its evidence files, audited with what it was."""
    _office(subject)
    row = session.get(Adjustment, (session.require_tenant(), adjustment_id))
    if row is None:
        raise NotFound("没有这条加减分记录", field="adjustmentId")
    periods.require_open(session, row.scheme_id, periods.ANNUAL, what="撤销加减分")
    files = owned.prepare_removal(session, adjustment_id, store)
    scheme = session.get(SchemeRow, (row.tenant_id, row.scheme_id))
    before: dict[str, object] = {
        "kind": row.kind.value,
        "points": row.points,
        "reason": row.reason,
    }
    if files:
        before["files"] = files
    session.delete(row)
    session.flush()
    record(
        session,
        actor=subject,
        action="adjustment.remove",
        target_type="adjustment",
        target_id=adjustment_id,
        before=before,
    )
    if scheme is not None:
        follow.schedule(session, scheme.code, follow.ANNUAL)


def _office(subject: Subject) -> None:
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以录入加减分")
