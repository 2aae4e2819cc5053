"""Which (unit, indicator) cells a subject may score, and under which scorer code.

- A scorer named personally among an indicator's scorers (a scoring leader, by username)
  scores it for the units in their charge only (`DataScope.sees_unit`).
- A scorer named through a unit code (a monitoring department) scores it for every unit the
  indicator applies to.
- A subject whose scope is every unit (the office, administrators) sees every cell; it scores
  only what names it, or the methods that have no scorer.
"""

from __future__ import annotations

import uuid

from jixiao.engine.model import Leaf, Method
from jixiao.platform.auth import Subject

NO_SCORER = ""


def scorer_code(subject: Subject, leaf: Leaf) -> str | None:
    """How this subject is named among the leaf's scorers (None: it is not)."""
    named = sorted(subject.scope.scorer_codes & set(leaf.scorers))
    if not named:
        return None
    # Prefer the department's code over the person's: a department scores every unit.
    departments = [code for code in named if code != subject.username]
    return (departments or named)[0]


def sees_cell(subject: Subject, unit_id: uuid.UUID, leaf: Leaf) -> bool:
    """Whether the cell shows on this subject's workbench."""
    scope = subject.scope
    if scope.every_unit:
        return True
    code = scorer_code(subject, leaf)
    if code is None:
        return False
    if code != subject.username:
        return True
    return scope.sees_unit(unit_id)


def entry_scorer(subject: Subject, leaf: Leaf) -> str | None:
    """The `scorer` stored with this subject's entry (None: it may not score the leaf).

    Manual indicators keep one entry per scorer (their mean is the score); the other methods
    keep one entry per unit and period, without a scorer.
    """
    code = scorer_code(subject, leaf)
    if leaf.method is Method.MANUAL:
        return code
    if code is not None or subject.scope.every_unit:
        return NO_SCORER
    return None
