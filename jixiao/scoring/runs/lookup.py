"""The result runs' small reads that other domains make: a scheme period's pointer (by code, or
by id and held for an update), runs by id, a run's row of one unit, the runs published now, a
district's published runs of a year, and the plain unit rows a public page shows. The appeals,
the city's comparison and the public results page read runs here; `queries` reads them within a
data scope."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select as select_columns
from sqlmodel import col, select

from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Scheme
from jixiao.scoring.runs.models import Period, ResultPointer, ResultRun, ResultUnit, RunStatus


def pointer_by_code(session: JixiaoSession, scheme_code: str, period: str) -> ResultPointer | None:
    """The pointer of a scheme (by code) and period: its newest, published and 公示 runs."""
    return session.exec(
        select(ResultPointer).where(
            ResultPointer.scheme_code == scheme_code, ResultPointer.period == period
        )
    ).first()


def pointer_of(
    session: JixiaoSession, scheme_id: uuid.UUID, period: Period, *, lock: bool = False
) -> ResultPointer | None:
    """The pointer of a scheme and period; `lock` holds it until the transaction ends."""
    statement = select(ResultPointer).where(
        ResultPointer.scheme_id == scheme_id, ResultPointer.period == period
    )
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def runs_by_id(session: JixiaoSession, run_ids: Collection[uuid.UUID]) -> Sequence[ResultRun]:
    """The runs of these ids."""
    return session.exec(select(ResultRun).where(col(ResultRun.id).in_(run_ids))).all()


def run_unit(session: JixiaoSession, run_id: uuid.UUID, unit_code: str) -> ResultUnit | None:
    """A run's row of the unit of this code, if the run has one."""
    return session.exec(
        select(ResultUnit).where(ResultUnit.run_id == run_id, ResultUnit.unit_code == unit_code)
    ).first()


def published_now(
    session: JixiaoSession, keys: Collection[tuple[uuid.UUID, str]]
) -> dict[tuple[uuid.UUID, str], ResultRun]:
    """The run published now of each (scheme id, period) asked for: never a draft, an approved
    run or one in 公示 (a key without one is left out)."""
    if not keys:
        return {}
    pointers: dict[tuple[uuid.UUID, str], uuid.UUID] = {
        (pointer.scheme_id, pointer.period): pointer.published_run_id
        for pointer in session.exec(select(ResultPointer)).all()
        if pointer.published_run_id is not None
    }
    wanted = {key: pointers.get(key) for key in keys}
    ids = {run_id for run_id in wanted.values() if run_id is not None}
    runs = {run.id: run for run in runs_by_id(session, ids) if run.status is RunStatus.PUBLISHED}
    return {key: runs[run_id] for key, run_id in wanted.items() if run_id in runs}


def published_runs_of_year(
    session: JixiaoSession, tenant_id: uuid.UUID, year: int, period: Period
) -> list[ResultRun]:
    """A tenant's runs published at some time that a pointer of one of its schemes of `year`
    holds as published for `period`, the newest publication first."""
    rows = session.exec(
        select(ResultRun)
        .join(ResultPointer, col(ResultPointer.published_run_id) == col(ResultRun.id))
        .join(Scheme, col(Scheme.id) == col(ResultPointer.scheme_id))
        .where(
            Scheme.year == year,
            ResultPointer.period == period,
            ResultRun.tenant_id == tenant_id,
            col(ResultRun.published_at).is_not(None),
        )
        .order_by(col(ResultRun.published_at).desc())
    ).all()
    return list(rows)


def public_rows(session: JixiaoSession, run_ids: Sequence[uuid.UUID]) -> dict[Any, list[Any]]:
    """The runs' units as plain rows (run, group, unit name, rank, grade, total), by run, in
    publication order."""
    if not run_ids:
        return {}
    found: dict[Any, list[Any]] = {}
    statement = (
        select_columns(
            col(ResultUnit.run_id),
            col(ResultUnit.group_name),
            col(ResultUnit.unit_name),
            col(ResultUnit.rank),
            col(ResultUnit.grade),
            col(ResultUnit.total),
        )
        .where(col(ResultUnit.run_id).in_(run_ids))
        .order_by(col(ResultUnit.run_id), col(ResultUnit.position))
    )
    for row in session.execute(statement).all():
        found.setdefault(row[0], []).append(row)
    return found
