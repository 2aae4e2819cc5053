"""Who sees which assignments and reports (data scopes, DOMAIN.md §1).

A unit sees its own; a monitoring department the indicators that name it among their scorers;
the office and leadership (every unit) see all.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import col

from jixiao.assignments.models import Assignment, ProgressReport
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.lookup import leaf_scorers
from jixiao.schemes.models import Indicator


def monitored_indicators(session: JixiaoSession, subject: Subject) -> set[uuid.UUID]:
    """The leaf indicators whose scorers name the subject (its user or its monitoring unit)."""
    if not subject.scope.scorer_codes:
        return set()
    return {leaf for leaf, scorers in leaf_scorers(session) if subject.scope.scores(scorers)}


def visible(
    session: JixiaoSession, subject: Subject, unit_column: Any, indicator_column: Any
) -> ColumnElement[bool] | None:
    """A filter for rows the subject may see; None when it sees every row."""
    if subject.scope.every_unit:
        return None
    conditions: list[ColumnElement[bool]] = []
    if subject.scope.unit_ids:
        conditions.append(col(unit_column).in_(subject.scope.unit_ids))
    monitored = monitored_indicators(session, subject)
    if monitored:
        conditions.append(col(indicator_column).in_(monitored))
    return or_(*conditions) if conditions else false()


def sees(
    session: JixiaoSession, subject: Subject, unit_id: uuid.UUID, indicator_id: uuid.UUID
) -> bool:
    if subject.scope.sees_unit(unit_id):
        return True
    indicator = session.get(Indicator, (session.require_tenant(), indicator_id))
    return indicator is not None and subject.scope.scores(indicator.scorers)


def readable_assignment(
    session: JixiaoSession, subject: Subject, assignment_id: uuid.UUID
) -> Assignment:
    found = session.get(Assignment, (session.require_tenant(), assignment_id))
    if found is None or not sees(session, subject, found.unit_id, found.indicator_id):
        raise NotFound("没有这项任务", field="assignmentId")
    return found


def readable_report(
    session: JixiaoSession, subject: Subject, report_id: uuid.UUID
) -> ProgressReport:
    found = session.get(ProgressReport, (session.require_tenant(), report_id))
    if found is None or not sees(session, subject, found.unit_id, found.indicator_id):
        raise NotFound("没有这份进度填报", field="id")
    return found
