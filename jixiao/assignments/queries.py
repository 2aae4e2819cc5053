"""The reads of tasks, progress reports, their events and evidence: the assignments' own
services' and those other domains make (supervision's board and period states, its reminders,
score entry's workbench and its checks, a new year's copy, the units leaving a scheme). Low in
the layers, just above `access` (the reading wall), the tables and the schemes' lookup: the
schemes read tasks here too."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence

from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.assignments.access import visible
from jixiao.assignments.models import (
    Assignment,
    EvidenceFile,
    ProgressReport,
    ReportEvent,
    ReportStatus,
)
from jixiao.org.models import Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, keyset_page
from jixiao.schemes.models import Indicator


def assignments_of(session: JixiaoSession, scheme_id: uuid.UUID) -> list[Assignment]:
    """Every task of a scheme."""
    return list(session.exec(select(Assignment).where(Assignment.scheme_id == scheme_id)).all())


def visible_assignment_ids(
    session: JixiaoSession, subject: Subject, scheme_id: uuid.UUID
) -> list[uuid.UUID]:
    """The ids of a scheme's tasks the subject may see."""
    statement = select(Assignment.id).where(Assignment.scheme_id == scheme_id)
    shown = visible(session, subject, Assignment.unit_id, Assignment.indicator_id)
    if shown is not None:
        statement = statement.where(shown)
    return list(session.exec(statement).all())


def visible_assignments(
    session: JixiaoSession, subject: Subject, scheme_id: uuid.UUID
) -> list[tuple[Assignment, Unit, Indicator]]:
    """A scheme's tasks the subject may see, with their unit and leaf, by unit then leaf code."""
    statement = (
        select(Assignment, Unit, Indicator)
        .join(Unit, col(Unit.id) == col(Assignment.unit_id))
        .join(Indicator, col(Indicator.id) == col(Assignment.indicator_id))
        .where(Assignment.scheme_id == scheme_id)
    )
    shown = visible(session, subject, Assignment.unit_id, Assignment.indicator_id)
    if shown is not None:
        statement = statement.where(shown)
    rows = session.exec(statement.order_by(col(Unit.code), col(Indicator.code))).all()
    return [(assignment, unit, indicator) for assignment, unit, indicator in rows]


def task_units(
    session: JixiaoSession, scheme_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
    """(task id, unit id, unit name) of every task of a scheme."""
    rows = session.exec(
        select(Assignment.id, Assignment.unit_id, Unit.name)
        .join(Unit, col(Unit.id) == col(Assignment.unit_id))
        .where(Assignment.scheme_id == scheme_id)
    ).all()
    return [(task, unit, name) for task, unit, name in rows]


def latest_reports(
    session: JixiaoSession, assignment_ids: Collection[uuid.UUID], period: str | None = None
) -> dict[tuple[uuid.UUID, str], ProgressReport]:
    """The newest version of each task's report, by (task id, period); of one period if
    given."""
    latest: dict[tuple[uuid.UUID, str], ProgressReport] = {}
    if not assignment_ids:
        return latest
    statement = select(ProgressReport).where(
        col(ProgressReport.assignment_id).in_(list(assignment_ids))
    )
    if period is not None:
        statement = statement.where(ProgressReport.period == period)
    for report in session.exec(statement.order_by(col(ProgressReport.version))).all():
        latest[(report.assignment_id, report.period)] = report  # the highest version wins
    return latest


def sent_up(
    session: JixiaoSession,
    assignment_ids: Collection[uuid.UUID],
    period: str,
    statuses: Iterable[ReportStatus],
) -> set[uuid.UUID]:
    """The tasks among these whose report of the period stands in one of these states."""
    if not assignment_ids:
        return set()
    rows = session.exec(
        select(ProgressReport.assignment_id).where(
            ProgressReport.period == period,
            col(ProgressReport.status).in_(list(statuses)),
            col(ProgressReport.assignment_id).in_(list(assignment_ids)),
        )
    ).all()
    return set(rows)


def cell_reports(
    session: JixiaoSession,
    period: str,
    unit_ids: Collection[uuid.UUID],
    indicator_ids: Collection[uuid.UUID],
) -> list[ProgressReport]:
    """Every version of the reports of these units and leaves in a period, oldest first."""
    return list(
        session.exec(
            select(ProgressReport)
            .where(ProgressReport.period == period, col(ProgressReport.unit_id).in_(list(unit_ids)))
            .where(col(ProgressReport.indicator_id).in_(list(indicator_ids)))
            .order_by(col(ProgressReport.version))
        ).all()
    )


def verified_cells(
    session: JixiaoSession, cells: Collection[tuple[uuid.UUID, uuid.UUID, str]]
) -> set[tuple[uuid.UUID, uuid.UUID, str]]:
    """The cells (unit id, leaf id, period) among these whose report is verified (核实)."""
    if not cells:
        return set()
    units = {unit for unit, _, _ in cells}
    rows = session.exec(
        select(ProgressReport.unit_id, ProgressReport.indicator_id, ProgressReport.period).where(
            col(ProgressReport.unit_id).in_(list(units)),
            ProgressReport.status == ReportStatus.VERIFIED,
        )
    ).all()
    return {(unit, leaf, period) for unit, leaf, period in rows} & set(cells)


def tasks_of_units(
    scheme_id: uuid.UUID, unit_ids: Sequence[uuid.UUID]
) -> SelectOfScalar[uuid.UUID]:
    """The statement of the ids of a scheme's tasks of these units (a subquery)."""
    return select(Assignment.id).where(
        Assignment.scheme_id == scheme_id, col(Assignment.unit_id).in_(unit_ids)
    )


def evidence_counts(
    session: JixiaoSession, report_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """How many evidence files each of these report versions has (none: left out)."""
    rows = session.exec(
        select(EvidenceFile.report_id, func.count())
        .where(col(EvidenceFile.report_id).in_(list(report_ids)))
        .group_by(col(EvidenceFile.report_id))
    ).all()
    return {report_id: int(count) for report_id, count in rows}


def tasks_with_reports(session: JixiaoSession, task_ids: SelectOfScalar[uuid.UUID]) -> bool:
    """Whether any of these tasks (a statement of their ids) has a progress report."""
    found = session.exec(
        select(ProgressReport.id).where(col(ProgressReport.assignment_id).in_(task_ids))
    ).first()
    return found is not None


def task_of(
    session: JixiaoSession, indicator_id: uuid.UUID, unit_id: uuid.UUID
) -> Assignment | None:
    """A unit's task on a leaf, if it was given one."""
    return session.exec(
        select(Assignment).where(
            Assignment.indicator_id == indicator_id, Assignment.unit_id == unit_id
        )
    ).first()


def task_cells(session: JixiaoSession, scheme_id: uuid.UUID) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """(leaf id, unit id) of every task of a scheme."""
    rows = session.exec(
        select(Assignment.indicator_id, Assignment.unit_id).where(Assignment.scheme_id == scheme_id)
    ).all()
    return {(row[0], row[1]) for row in rows}


def assignments_page(
    session: JixiaoSession,
    subject: Subject,
    *,
    scheme_id: uuid.UUID | None,
    unit_id: uuid.UUID | None,
    first: int | None,
    after: str | None,
) -> Page[Assignment]:
    """The tasks the subject may see, of a scheme and of a unit if given, in id order."""
    statement = select(Assignment)
    scope = visible(session, subject, Assignment.unit_id, Assignment.indicator_id)
    if scope is not None:
        statement = statement.where(scope)
    if scheme_id is not None:
        statement = statement.where(Assignment.scheme_id == scheme_id)
    if unit_id is not None:
        statement = statement.where(Assignment.unit_id == unit_id)
    return keyset_page(session, statement, col(Assignment.id), first=first, after=after)  # type: ignore[arg-type]


def tasks_with_codes(
    session: JixiaoSession, scheme_id: uuid.UUID
) -> list[tuple[Assignment, str, str]]:
    """A scheme's tasks with their unit's and leaf's codes, by unit then leaf code."""
    rows = session.exec(
        select(Assignment, Unit.code, Indicator.code)
        .join(Unit, col(Unit.id) == col(Assignment.unit_id))
        .join(Indicator, col(Indicator.id) == col(Assignment.indicator_id))
        .where(Assignment.scheme_id == scheme_id)
        .order_by(col(Unit.code), col(Indicator.code))
    ).all()
    return [(assignment, unit_code, leaf_code) for assignment, unit_code, leaf_code in rows]


def latest_report(
    session: JixiaoSession, assignment_id: uuid.UUID, period: str
) -> ProgressReport | None:
    """The newest version of a task's report of a period, if any."""
    return session.exec(
        select(ProgressReport)
        .where(ProgressReport.assignment_id == assignment_id, ProgressReport.period == period)
        .order_by(col(ProgressReport.version).desc())
    ).first()


def reports_page(
    session: JixiaoSession,
    subject: Subject,
    *,
    assignment_id: uuid.UUID | None,
    scheme_id: uuid.UUID | None,
    period: str | None,
    status: ReportStatus | None,
    statuses: Sequence[ReportStatus] | None,
    first: int | None,
    after: str | None,
) -> Page[ProgressReport]:
    """The report versions the subject may see, filtered by task, scheme, period and states,
    in id order."""
    statement = select(ProgressReport)
    scope = visible(session, subject, ProgressReport.unit_id, ProgressReport.indicator_id)
    if scope is not None:
        statement = statement.where(scope)
    if assignment_id is not None:
        statement = statement.where(ProgressReport.assignment_id == assignment_id)
    if scheme_id is not None:  # the scheme's tasks (last year's and this year's share a desk)
        tasks = select(Assignment.id).where(Assignment.scheme_id == scheme_id)
        statement = statement.where(col(ProgressReport.assignment_id).in_(tasks))
    if period is not None:
        statement = statement.where(ProgressReport.period == period)
    if status is not None:
        statement = statement.where(ProgressReport.status == status)
    if statuses is not None:  # any of these (a head's queue: to approve and to send up)
        statement = statement.where(col(ProgressReport.status).in_(list(statuses)))
    return keyset_page(session, statement, col(ProgressReport.id), first=first, after=after)  # type: ignore[arg-type]


def verified_reports(session: JixiaoSession, subject: Subject) -> list[ProgressReport]:
    """The verified report versions the subject may see."""
    statement = select(ProgressReport).where(ProgressReport.status == ReportStatus.VERIFIED)
    scope = visible(session, subject, ProgressReport.unit_id, ProgressReport.indicator_id)
    if scope is not None:
        statement = statement.where(scope)
    return list(session.exec(statement).all())


def reports_by_ids_page(
    session: JixiaoSession, report_ids: Sequence[uuid.UUID], *, first: int | None, after: str | None
) -> Page[ProgressReport]:
    """These report versions, in id order."""
    query = select(ProgressReport).where(col(ProgressReport.id).in_(report_ids))
    return keyset_page(session, query, col(ProgressReport.id), first=first, after=after)  # type: ignore[arg-type]


def report_events(session: JixiaoSession, report_ids: list[uuid.UUID]) -> list[ReportEvent]:
    """The events of these report versions, oldest first."""
    return list(
        session.exec(
            select(ReportEvent)
            .where(col(ReportEvent.report_id).in_(report_ids))
            .order_by(col(ReportEvent.at), col(ReportEvent.id))
        ).all()
    )


def evidence_files(session: JixiaoSession, report_ids: list[uuid.UUID]) -> list[EvidenceFile]:
    """The evidence files of these report versions, oldest first."""
    return list(
        session.exec(
            select(EvidenceFile)
            .where(col(EvidenceFile.report_id).in_(report_ids))
            .order_by(col(EvidenceFile.id))
        ).all()
    )


def report_evidence(session: JixiaoSession, report_id: uuid.UUID) -> list[EvidenceFile]:
    """The evidence files of one report version."""
    return list(session.exec(select(EvidenceFile).where(EvidenceFile.report_id == report_id)).all())


def file_still_kept(session: JixiaoSession, stored_name: str) -> bool:
    """Whether an evidence row still names this stored file (versions share files)."""
    found = session.exec(
        select(EvidenceFile.id).where(EvidenceFile.stored_name == stored_name)
    ).first()
    return found is not None
