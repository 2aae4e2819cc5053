"""Who can score, by name: the people and the monitoring departments an indicator may name.

An indicator's `scorers` are codes (DOMAIN.md §1, scoring/entry/scope.py): the username of a
person who scores (a scoring leader) or the code of a monitoring department (实施监控职能部门),
whose staff then score for it. People read names: `choices` lists who may be named, `named`
turns stored codes into names (a code that matches no one is kept, marked unknown). Reads the
session's tenant only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from jixiao.identity.queries import active_users_granted, users_by_username
from jixiao.org.queries import scoring_departments, units_by_code
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.scopes import MONITORING_ROLE


class ScorerKind(StrEnum):
    """What a scorer code names."""

    PERSON = "person"
    UNIT = "unit"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ScorerKind.PERSON: "评分人员",
    ScorerKind.UNIT: "实施监控职能部门",
    ScorerKind.UNKNOWN: "未找到该人员或部门",
}


@dataclass(frozen=True)
class Scorer:
    """A scorer code with the name people read."""

    code: str
    name: str
    kind: ScorerKind


def choices(session: JixiaoSession) -> list[Scorer]:
    """Everyone an indicator may name as its scorer: active people who hold a role that
    scores (other than the monitoring departments' staff, who score as their department),
    then the active monitoring departments; each list by name."""
    held = active_users_granted(session, p.SCORE_WRITE.code)
    people: dict[str, Scorer] = {}
    staff_units = set()
    for user, role in held:
        if role == MONITORING_ROLE:
            if user.unit_id is not None:
                staff_units.add(user.unit_id)
            continue
        people[user.username] = Scorer(user.username, user.display_name, ScorerKind.PERSON)
    units = scoring_departments(session, staff_units)
    departments = [Scorer(unit.code, unit.name, ScorerKind.UNIT) for unit in units]
    return sorted(people.values(), key=_by_name) + sorted(departments, key=_by_name)


def named(session: JixiaoSession, codes: Iterable[str]) -> dict[str, Scorer]:
    """The scorer each code names (two queries); a department's code wins over a username, as
    it does when entering scores. A code that names no one comes back as it is, unknown."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    found = {
        user.username: Scorer(user.username, user.display_name, ScorerKind.PERSON)
        for user in users_by_username(session, wanted).values()
    }
    for unit in units_by_code(session, wanted).values():
        found[unit.code] = Scorer(unit.code, unit.name, ScorerKind.UNIT)
    return {code: found.get(code, Scorer(code, code, ScorerKind.UNKNOWN)) for code in wanted}


def _by_name(scorer: Scorer) -> tuple[str, str]:
    return (scorer.name, scorer.code)
