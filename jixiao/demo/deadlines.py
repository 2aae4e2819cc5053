"""Demo report deadlines of 金凤区 2015: the 10th of the month after each quarter (Q4: the next
January), as the district's evaluation office sets them. Idempotent; the caller commits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import select

from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.service import find_scheme
from jixiao.supervision.models import PeriodDeadline
from jixiao.supervision.periods import DeadlineInput, set_period_deadlines

DEMO_SCHEME = "jinfeng-2015"
DUE = {
    "Q1": date(2015, 4, 10),
    "Q2": date(2015, 7, 10),
    "Q3": date(2015, 10, 10),
    "Q4": date(2016, 1, 10),
}


def seed_deadlines(session: JixiaoSession, office: Subject) -> list[str]:
    scheme = find_scheme(session, DEMO_SCHEME)
    if scheme is None:
        return []
    if session.exec(select(PeriodDeadline).where(PeriodDeadline.scheme_id == scheme.id)).first():
        return []
    entries = [DeadlineInput(p, DUE[p]) for p in scheme.periods if p in DUE]
    # the demo's office account acts with the permission the office role grants for this
    acting = replace(office, permissions=office.permissions | {"assignment:write"})
    set_period_deadlines(session, acting, DEMO_SCHEME, entries)
    return [f"set report deadlines of {DEMO_SCHEME}"]
