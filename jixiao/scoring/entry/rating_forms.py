"""A leader's rating form (领导评价表): the units the office gave them for a rating component,
one value 0–100 each, saved as a draft and then submitted.

Submitting makes each value the leader's `Rating` of the unit (one per rater, unit and
component, replacing their earlier one), which moves the scheme's inputs revision and schedules
the annual recompute; a submitted form is locked until the office returns it (退回). A closed
scheme or 全年 period takes nothing. Every change is audited. The caller commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.notices.workflow import tell
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.schemes import periods
from jixiao.scoring.entry import follow
from jixiao.scoring.entry.rating_sheet import STATE_LABELS, Sheet, check_value, load
from jixiao.scoring.form_models import RatingAssignment
from jixiao.scoring.models import DataSource, Rating
from jixiao.scoring.queries import next_seq


@dataclass(frozen=True)
class FormValue:
    unit: str  # unit code
    value: Decimal


@dataclass(frozen=True)
class FormLine:
    unit_code: str
    unit_name: str
    value: Decimal | None
    state: str
    submitted_at: datetime | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class RatingForm:
    scheme_code: str
    scheme_name: str
    component_code: str
    component_name: str
    lines: list[FormLine]
    submitted: bool  # every line submitted (locked until the office returns it)
    read_only_reason: str | None  # the scheme or 全年 period is closed

    @property
    def read_only(self) -> bool:
        return self.submitted or self.read_only_reason is not None


def _leader(subject: Subject) -> uuid.UUID:
    if not subject.can(p.SCORE_WRITE.code) or subject.user_id is None or not subject.username:
        raise Forbidden("只有赋分领导本人可以填写领导评价表")
    return subject.user_id


def my_form(
    session: JixiaoSession, subject: Subject, scheme_code: str, component_code: str
) -> RatingForm:
    """The signed-in leader's form: exactly the units the office gave them."""
    sheet = load(session, scheme_code, component_code, rater_id=_leader(subject))
    return _form(session, sheet)


def _form(session: JixiaoSession, sheet: Sheet) -> RatingForm:
    lines = [
        FormLine(
            sheet.units[line.unit_id].code,
            sheet.units[line.unit_id].name,
            sheet.value(line),
            sheet.state(line),
            line.submitted_at,
        )
        for line in sheet.lines
        if line.unit_id in sheet.units
    ]
    submitted = bool(sheet.lines) and all(line.submitted_at for line in sheet.lines)
    return RatingForm(
        sheet.scheme.code,
        sheet.scheme.name,
        sheet.component.code,
        sheet.component.name,
        lines,
        submitted,
        sheet.closed(session, "填写领导评价"),
    )


def save_form(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    component_code: str,
    values: list[FormValue],
    *,
    submit: bool = False,
) -> RatingForm:
    """Save the leader's values as a draft, or (`submit`) submit the whole form; all or nothing.

    Refused: a unit not on the leader's form, a value the engine would refuse, a form already
    submitted, a closed scheme or period, and (on submit) a line left without a value.
    """
    rater_id = _leader(subject)
    sheet = load(session, scheme_code, component_code, rater_id=rater_id)
    periods.require_open(session, sheet.scheme, periods.ANNUAL, what="填写领导评价")
    if not sheet.lines:
        raise InvalidInput(
            f"考评办尚未为您分派「{sheet.component.name}」的评价对象", field="entries"
        )
    mine = {
        sheet.units[line.unit_id].code: line for line in sheet.lines if line.unit_id in sheet.units
    }
    names = {code: sheet.units[line.unit_id].name for code, line in mine.items()}
    issues: list[str] = []
    for entry in values:
        line = mine.get(entry.unit)
        if line is None:
            unit = next((u for u in sheet.units.values() if u.code == entry.unit), None)
            name = unit.name if unit else entry.unit
            raise Forbidden(f"「{name}」不在您的{sheet.component.name}表中", field="entries")
        issues.extend(check_value(names[entry.unit], sheet.component.name, entry.value))
    if issues:
        raise InvalidInput("；".join(issues), field="entries")
    if any(line.submitted_at for line in sheet.lines):
        raise Conflict(
            f"您的{sheet.component.name}表已提交，须考评办退回后才能修改", field="entries"
        )
    now = utcnow()
    for entry in values:
        line = mine[entry.unit]
        line.draft, line.saved_at = entry.value, now
        session.add(line)
    changes = {entry.unit: entry.value for entry in values}
    if submit:
        _submit(session, sheet, mine, now)
    session.flush()
    record(
        session,
        actor=subject,
        action="rating_form.submit" if submit else "rating_form.save",
        target_type="scheme",
        target_id=sheet.scheme.id,
        after={
            "scheme": scheme_code,
            "component": component_code,
            "rater": subject.username,
            "values": changes,
        },
    )
    if submit:
        follow.schedule(session, scheme_code, follow.ANNUAL)
    return _form(session, load(session, scheme_code, component_code, rater_id=rater_id))


def _submit(
    session: JixiaoSession, sheet: Sheet, mine: dict[str, RatingAssignment], now: datetime
) -> None:
    missing = [
        sheet.units[line.unit_id].name for line in mine.values() if sheet.value(line) is None
    ]
    if missing:
        raise InvalidInput(f"尚未评价：{'、'.join(missing)}", field="entries")
    seq = next_seq(session, Rating, sheet.scheme.id)
    for line in mine.values():
        value = sheet.value(line)
        assert value is not None
        old = sheet.ratings.get((line.rater, line.unit_id))
        if old is not None:
            if old.value == value:
                _lock(session, line, now)
                continue
            session.delete(old)
        session.add(
            Rating(
                scheme_id=sheet.scheme.id,
                unit_id=line.unit_id,
                component_id=sheet.component.id,
                value=value,
                rater=line.rater,
                seq=seq,
                source=DataSource.ENTRY,
            )
        )
        seq += 1
        _lock(session, line, now)


def _lock(session: JixiaoSession, line: RatingAssignment, now: datetime) -> None:
    line.draft, line.submitted_at = None, now
    session.add(line)


def reopen_form(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    component_code: str,
    rater: str,
    reason: str,
) -> int:
    """The office returns a leader's submitted form (退回) so that they can change it; the
    ratings given stay until the form is submitted again. Returns the lines reopened."""
    if not subject.can(p.SCORE_REOPEN.code):
        raise Forbidden("只有考评办可以退回领导评价表")
    if not reason.strip():
        raise InvalidInput("退回领导评价表须填写原因", field="reason")
    sheet = load(session, scheme_code, component_code)
    periods.require_open(session, sheet.scheme, periods.ANNUAL, what="退回领导评价表")
    lines = [line for line in sheet.lines if line.rater == rater and line.submitted_at]
    if not lines:
        raise InvalidInput(f"「{rater}」没有已提交的{sheet.component.name}表", field="rater")
    for line in lines:
        line.submitted_at = None
        session.add(line)
    session.flush()
    record(
        session,
        actor=subject,
        action="rating_form.reopen",
        target_type="scheme",
        target_id=sheet.scheme.id,
        after={"scheme": scheme_code, "component": component_code, "rater": rater},
        reason=reason,
    )
    tell(
        session,
        [lines[0].rater_id],
        f"rating-form-reopen:{lines[0].id}:{utcnow().isoformat()}",
        title=f"{sheet.component.name}表已退回",
        body=f"考评办退回了您在「{sheet.scheme.name}」的{sheet.component.name}表：{reason.strip()}",
        target_type="scheme",
        target_id=sheet.scheme.id,
    )
    return len(lines)
