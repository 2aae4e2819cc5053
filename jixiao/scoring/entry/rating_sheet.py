"""What the leader rating forms (领导评价) of one scheme's rating component read: the scheme and
component, the form lines (`RatingAssignment`), the units and leaders by name, and the ratings
already given (`Rating`, one per rater, unit and component).

A line is 已评 when its leader has a rating of the unit (submitted through the form, or entered
before forms existed); 草稿 when a value is saved but not submitted; else 未评.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.engine.formats.fields import Checker
from jixiao.identity.models import User
from jixiao.identity.queries import users_by_id
from jixiao.org.models import Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.schemes import periods
from jixiao.schemes.lookup import find_component, get_scheme, member_units
from jixiao.schemes.models import Scheme, SchemeComponent
from jixiao.scoring.entry.queries import component_ratings, has_rating_lines, rating_lines
from jixiao.scoring.form_models import RatingAssignment
from jixiao.scoring.models import Rating

INDICATORS = "indicators"
LEADER_ROLE = "scoring_leader"  # 赋分领导: who may be given a rating form
ZERO, HUNDRED = Decimal(0), Decimal(100)
RATED, DRAFT, NOT_RATED = "rated", "draft", "not_rated"
STATE_LABELS = {RATED: "已评", DRAFT: "草稿", NOT_RATED: "未评"}


@dataclass
class Sheet:
    """One scheme's rating component with its form lines and the ratings given."""

    scheme: Scheme
    component: SchemeComponent
    lines: list[RatingAssignment]
    units: dict[uuid.UUID, Unit]  # the scheme's member units
    raters: dict[uuid.UUID, User]  # the leaders of the lines
    ratings: dict[tuple[str, uuid.UUID], Rating]  # (rater username, unit id) → rating

    def state(self, line: RatingAssignment) -> str:
        if line.draft is not None:
            return DRAFT
        return RATED if (line.rater, line.unit_id) in self.ratings else NOT_RATED

    def value(self, line: RatingAssignment) -> Decimal | None:
        """The line's value as the leader sees it: the draft, else the rating given."""
        if line.draft is not None:
            return line.draft
        rating = self.ratings.get((line.rater, line.unit_id))
        return rating.value if rating else None

    def closed(self, session: JixiaoSession, what: str) -> str | None:
        """Why the forms are read-only now (a closed scheme or 全年 period), or None."""
        try:
            periods.require_open(session, self.scheme, periods.ANNUAL, what=what)
        except Conflict as refusal:
            return refusal.message
        return None


def load(
    session: JixiaoSession,
    scheme_code: str,
    component_code: str,
    *,
    rater_id: uuid.UUID | None = None,
) -> Sheet:
    """The sheet of a rating component (only one leader's lines when `rater_id` is given)."""
    scheme = get_scheme(session, scheme_code)
    component = find_component(session, scheme.id, component_code)
    if component is None or component.code == INDICATORS:
        raise InvalidInput(
            f"方案「{scheme.name}」中没有评价类考评构成「{component_code}」",
            field="componentCode",
        )
    lines = rating_lines(session, scheme.id, component.id, rater_id)
    units = {unit.id: unit for unit in member_units(session, scheme.id)}
    raters = users_by_id(session, {line.rater_id for line in lines})
    rows = component_ratings(session, scheme.id, component.id)
    ratings = {(row.rater, row.unit_id): row for row in rows if row.rater}
    lines.sort(
        key=lambda line: (line.rater, units[line.unit_id].code if line.unit_id in units else "")
    )
    return Sheet(scheme, component, lines, units, raters, ratings)


def check_value(unit_name: str, component_name: str, value: Decimal) -> list[str]:
    """The engine's own check of a rating value (the data file's `ratings[].value`: an exact
    number from 0 to 100), its message prefixed with the unit and component."""
    checker = Checker("form")
    checker.number(value, "value", minimum=ZERO, maximum=HUNDRED, what="评分")
    return [f"「{unit_name}」的{component_name}{issue.message}" for issue in checker.issues]


def on_form(
    session: JixiaoSession, subject: Subject, scheme_id: uuid.UUID, component: SchemeComponent
) -> None:
    """Refuse a direct rating from a leader the office gave a form for this component: their
    ratings go through the form, whose submission locks them until the office returns it."""
    if subject.user_id is None:
        return
    if has_rating_lines(session, scheme_id, component.id, subject.user_id):
        raise Conflict(
            f"考评办已为您分派{component.name}表，请在「{component.name}表」中填写并提交",
            field="componentCode",
        )
