"""The office's side of the leader rating forms (领导评价): which leader rates which units, the
progress matrix (who has rated whom) and reminders.

- Lines are set per leader (the units of their form), or filled from the leaders' data scope
  (the units they are linked to as 分管/联系领导) where the office has set none by hand.
- A leader is an active user holding the 赋分领导 role; a unit must take part in the scheme.
- A line whose leader has submitted cannot be taken away (return the form first).

All of it needs score:reopen (the office's hold over entries); writes are refused on a closed
scheme or 全年 period, audited, and the leader is told. The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.identity.queries import active_users_with_role
from jixiao.notices.workflow import tell
from jixiao.org.models import UnitLinkRole
from jixiao.org.queries import links_between
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.scoring.entry.queries import rating_lines
from jixiao.scoring.entry.rating_sheet import LEADER_ROLE, RATED, STATE_LABELS, Sheet, load
from jixiao.scoring.form_models import RatingAssignment


@dataclass(frozen=True)
class Leader:
    user_id: uuid.UUID
    username: str
    name: str


@dataclass(frozen=True)
class MatrixCell:
    rater: str
    unit_code: str
    state: str
    value: Decimal | None  # the rating given (None until rated)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class LeaderProgress:
    leader: Leader
    units: list[str]  # unit codes on the leader's form
    rated: int
    submitted: bool


@dataclass(frozen=True)
class Matrix:
    """Who has rated whom: leaders (rows) × units (columns), names not codes."""

    component_name: str
    units: list[tuple[str, str]]  # (code, name) of the units on any form
    leaders: list[LeaderProgress]
    cells: list[MatrixCell]
    read_only_reason: str | None


def _office(subject: Subject) -> None:
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以管理领导评价表")


def leaders(session: JixiaoSession, subject: Subject) -> list[Leader]:
    """The tenant's active 赋分领导, by name: who may be given a rating form."""
    _office(subject)
    rows = active_users_with_role(session, LEADER_ROLE)
    return [Leader(user.id, user.username, user.display_name) for user in rows]


def set_units(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    component_code: str,
    rater: str,
    unit_codes: list[str],
) -> list[RatingAssignment]:
    """Make a leader's form list exactly these units (an empty list takes the form away)."""
    _office(subject)
    sheet = load(session, scheme_code, component_code)
    periods.require_open(session, sheet.scheme, periods.ANNUAL, what="分派领导评价")
    leader = _leader_named(session, subject, rater)
    by_code = {unit.code: unit for unit in sheet.units.values()}
    unknown = [code for code in unit_codes if code not in by_code]
    if unknown:
        raise InvalidInput(
            f"方案「{sheet.scheme.name}」的考评对象中没有：{'、'.join(unknown)}", field="unitCodes"
        )
    wanted = {by_code[code].id for code in unit_codes}
    current = {line.unit_id: line for line in sheet.lines if line.rater_id == leader.user_id}
    for unit_id, line in current.items():
        if unit_id not in wanted and line.submitted_at is not None:
            raise Conflict(
                f"{leader.name}已提交对「{sheet.units[unit_id].name}」的评价，须先退回其评价表",
                field="unitCodes",
            )
    for unit_id, line in current.items():
        if unit_id not in wanted:
            session.delete(line)
    added = [unit_id for unit_id in sorted(wanted) if unit_id not in current]
    _add(session, subject, sheet, leader, added)
    session.flush()
    before = sorted(sheet.units[u].code for u in current if u in sheet.units)
    record(
        session,
        actor=subject,
        action="rating_form.assign",
        target_type="scheme",
        target_id=sheet.scheme.id,
        before={"rater": leader.username, "units": before},
        after={"component": component_code, "rater": leader.username, "units": sorted(unit_codes)},
    )
    _tell_assigned(session, sheet, {leader.user_id: len(added)})
    return rating_lines(session, sheet.scheme.id, sheet.component.id, leader.user_id)


def assign_from_scope(
    session: JixiaoSession, subject: Subject, scheme_code: str, component_code: str
) -> int:
    """Give each 赋分领导 the scheme's units they are in charge of (分管/联系), where not
    given already; lines set by hand stay. Returns how many lines were added."""
    _office(subject)
    sheet = load(session, scheme_code, component_code)
    periods.require_open(session, sheet.scheme, periods.ANNUAL, what="分派领导评价")
    found = {leader.user_id: leader for leader in leaders(session, subject)}
    roles = [UnitLinkRole.LEADER, UnitLinkRole.CONTACT]
    links = links_between(session, found.keys(), sheet.units.keys(), roles)
    have = {(line.rater_id, line.unit_id) for line in sheet.lines}
    added: dict[uuid.UUID, int] = {}
    wanted = sorted({(user_id, unit_id) for user_id, unit_id in links} - have)
    for user_id, unit_id in wanted:
        _add(session, subject, sheet, found[user_id], [unit_id])
        added[user_id] = added.get(user_id, 0) + 1
    session.flush()
    record(
        session,
        actor=subject,
        action="rating_form.assign_from_scope",
        target_type="scheme",
        target_id=sheet.scheme.id,
        after={
            "component": component_code,
            "added": {
                found[u].username: [sheet.units[x].code for v, x in wanted if v == u] for u in added
            },
        },
    )
    _tell_assigned(session, sheet, added)
    return len(wanted)


def matrix(
    session: JixiaoSession, subject: Subject, scheme_code: str, component_code: str
) -> Matrix:
    """Who has rated whom, per leader and unit (已评 / 草稿 / 未评)."""
    _office(subject)
    sheet = load(session, scheme_code, component_code)
    unit_ids = sorted({line.unit_id for line in sheet.lines}, key=lambda u: sheet.units[u].code)
    cells: list[MatrixCell] = []
    per: dict[uuid.UUID, list[MatrixCell]] = {}
    for line in sheet.lines:
        state = sheet.state(line)
        rating = sheet.ratings.get((line.rater, line.unit_id))
        value = rating.value if rating is not None else None
        cell = MatrixCell(line.rater, sheet.units[line.unit_id].code, state, value)
        cells.append(cell)
        per.setdefault(line.rater_id, []).append(cell)
    progress = [
        LeaderProgress(
            Leader(user.id, user.username, user.display_name),
            [c.unit_code for c in per[user.id]],
            sum(1 for c in per[user.id] if c.state == RATED),
            all(line.submitted_at for line in sheet.lines if line.rater_id == user.id),
        )
        for user in sorted(sheet.raters.values(), key=lambda u: u.username)
    ]
    units = [(sheet.units[u].code, sheet.units[u].name) for u in unit_ids]
    return Matrix(
        sheet.component.name, units, progress, cells, sheet.closed(session, "填写领导评价")
    )


def remind(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    component_code: str,
    rater: str | None = None,
) -> int:
    """Remind the leaders (or one) whose form is not yet submitted; returns how many."""
    _office(subject)
    sheet = load(session, scheme_code, component_code)
    periods.require_open(session, sheet.scheme, periods.ANNUAL, what="催办领导评价")
    waiting = sorted(
        {
            line.rater_id
            for line in sheet.lines
            if line.submitted_at is None and (rater is None or line.rater == rater)
        }
    )
    if not waiting:
        who = f"「{rater}」" if rater else "各位领导"
        raise InvalidInput(f"{who}的{sheet.component.name}表均已提交，无需催办", field="rater")
    stamp = utcnow().isoformat()
    for user_id in waiting:
        left = sum(
            1 for line in sheet.lines if line.rater_id == user_id and sheet.state(line) != RATED
        )
        tell(
            session,
            [user_id],
            f"rating-form-remind:{sheet.scheme.id}:{sheet.component.id}:{user_id}:{stamp}",
            title=f"请填写{sheet.component.name}表",
            body=f"「{sheet.scheme.name}」的{sheet.component.name}表尚未提交"
            + (f"，还有 {left} 个单位未评价" if left else "")
            + "，请尽快填写并提交。",
            target_type="scheme",
            target_id=sheet.scheme.id,
        )
    record(
        session,
        actor=subject,
        action="rating_form.remind",
        target_type="scheme",
        target_id=sheet.scheme.id,
        after={
            "component": component_code,
            "raters": sorted(sheet.raters[u].username for u in waiting if u in sheet.raters),
        },
    )
    return len(waiting)


def _leader_named(session: JixiaoSession, subject: Subject, username: str) -> Leader:
    found = next((x for x in leaders(session, subject) if x.username == username), None)
    if found is None:
        raise NotFound(f"没有用户名为「{username}」的在职赋分领导", field="rater")
    return found


def _add(
    session: JixiaoSession,
    subject: Subject,
    sheet: Sheet,
    leader: Leader,
    unit_ids: list[uuid.UUID],
) -> None:
    for unit_id in unit_ids:
        session.add(
            RatingAssignment(
                scheme_id=sheet.scheme.id,
                component_id=sheet.component.id,
                unit_id=unit_id,
                rater_id=leader.user_id,
                rater=leader.username,
                assigned_by=(subject.display_name or subject.username or "")[:100] or None,
            )
        )


def _tell_assigned(session: JixiaoSession, sheet: Sheet, added: dict[uuid.UUID, int]) -> None:
    stamp = utcnow().isoformat()
    for user_id, count in added.items():
        if count:
            tell(
                session,
                [user_id],
                f"rating-form-assign:{sheet.scheme.id}:{sheet.component.id}:{user_id}:{stamp}",
                title=f"新的{sheet.component.name}任务",
                body=f"考评办请您在「{sheet.scheme.name}」中评价 {count} 个单位，"
                "请在「领导评价」中填写并提交。",
                target_type="scheme",
                target_id=sheet.scheme.id,
            )
