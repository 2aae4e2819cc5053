"""Reading results within a data scope: runs and their history, rankings, one unit, trends.

Every function takes the request's `ResultScope`: a unit's user gets its own rows of
published runs only (every row of a run in 公示), and nothing at all of a run that was never
published. Where no run is named, only the office (who computes) is shown the newest
computation; everyone else the run in 公示, else the newest published run.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import orjson
from sqlalchemy import ColumnElement, Table, Text, cast, func
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.pagination import Page, keyset_page
from jixiao.scoring.runs.lookup import pointer_by_code, runs_by_id
from jixiao.scoring.runs.models import (
    Period,
    ResultLine,
    ResultLines,
    ResultPointer,
    ResultRun,
    ResultUnit,
    RunStatus,
)
from jixiao.scoring.runs.scope import EVERYTHING, ResultScope

MAX_COMPARED = 50
RESULT_UNIT: Table = ResultUnit.__table__  # type: ignore[attr-defined]
# Publication order of a trend: the quarters, then the year.
TREND_PERIODS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4, Period.ANNUAL)
_SHOWN = (RunStatus.PUBLICITY, RunStatus.PUBLISHED, RunStatus.SUPERSEDED)  # to non-managers


@dataclass(frozen=True)
class RunView:
    """A run and where it stands: the newest computation, the published one, or history."""

    run: ResultRun
    newest: bool
    published_now: bool


@dataclass(frozen=True)
class UnitView:
    """One unit's figures in one run."""

    run: RunView
    unit: UnitFigures


class UnitFigures(NamedTuple):
    """A unit's row of a run as a ranking shows it (`ResultUnit`'s columns, read as plain
    values: a ranking reads thousands, and an ORM instance each cost more than the rest)."""

    run_id: uuid.UUID
    unit_id: uuid.UUID | None
    unit_code: str
    unit_name: str
    unit_kind: str
    headcount: int
    group_code: str
    group_name: str
    components: dict[str, str]
    bonus: Decimal | None
    deductions: Decimal | None
    total: Decimal
    rank: int
    overall_rank: int
    base_grade: str | None
    grade: str | None
    flags: list[str]
    bonus_amount: Decimal | None
    base_per_head: Decimal | None
    bonus_coefficient: Decimal | None
    missing: list[str]
    explain: list[str]


_DECIMALS = frozenset(
    {"bonus", "deductions", "total", "bonus_amount", "base_per_head", "bonus_coefficient"}
)
_JSON = frozenset({"components", "flags", "missing", "explain"})
# JSON columns come as text, parsed here: the driver's own JSON loader took 4 µs a value.
_FIGURE_COLUMNS = [
    cast(RESULT_UNIT.c[name], Text) if name in _JSON else RESULT_UNIT.c[name]
    for name in UnitFigures._fields
]


def _figure_of(row: Sequence[Any]) -> UnitFigures:
    values = list(row)
    for index, name in enumerate(UnitFigures._fields):
        value = values[index]
        if value is None:
            continue
        if name in _JSON:
            values[index] = orjson.loads(value)
        elif name in _DECIMALS and not isinstance(value, Decimal):
            values[index] = Decimal(value)
    return UnitFigures(*values)


@dataclass(frozen=True)
class Ranking:
    """A run's units in publication order (by group, then rank), within the scope."""

    run: RunView
    units: list[UnitFigures]


def list_runs(
    session: JixiaoSession,
    scope: ResultScope,
    scheme_code: str,
    *,
    period: Period | None = None,
    superseded_drafts: bool = False,
    first: int | None = None,
    after: str | None = None,
) -> Page[RunView]:
    """A scheme's runs, oldest first (the history), with each one's standing.

    Drafts a newer computation replaced (every entry recomputes) are left out unless
    `superseded_drafts`; `superseded_draft_count` says how many.
    """
    statement = _runs(scope, scheme_code, period)
    if not superseded_drafts:
        statement = statement.where(~_superseded_draft(scheme_code))
    page: Page[ResultRun] = keyset_page(
        session,
        statement,  # type: ignore[arg-type]
        col(ResultRun.id),  # type: ignore[arg-type]
        first=first,
        after=after,
    )
    pointers = _pointers(session, scheme_code)
    return Page(
        items=[_view(run, pointers) for run in page.items],
        cursors=page.cursors,
        has_next=page.has_next,
    )


def _runs(scope: ResultScope, scheme_code: str, period: Period | None) -> SelectOfScalar[ResultRun]:
    statement = select(ResultRun).where(ResultRun.scheme_code == scheme_code)
    if period is not None:
        statement = statement.where(ResultRun.period == period)
    if not scope.drafts:
        statement = statement.where(col(ResultRun.status).in_(_SHOWN))
    return statement


def _superseded_draft(scheme_code: str) -> ColumnElement[bool]:
    """A draft that is no longer the newest computation of its scheme and period."""
    newest = select(ResultPointer.run_id).where(ResultPointer.scheme_code == scheme_code)
    return (col(ResultRun.status) == RunStatus.DRAFT) & col(ResultRun.id).not_in(newest)


def superseded_draft_count(
    session: JixiaoSession, scope: ResultScope, scheme_code: str, period: Period | None = None
) -> int:
    """How many of the scheme's runs are drafts a newer computation replaced (folded away)."""
    statement = _runs(scope, scheme_code, period).where(_superseded_draft(scheme_code))
    found = session.exec(select(func.count()).select_from(statement.subquery())).one()
    return int(found)


def _pointers(session: JixiaoSession, scheme_code: str) -> dict[Period, ResultPointer]:
    rows = session.exec(select(ResultPointer).where(ResultPointer.scheme_code == scheme_code))
    return {row.period: row for row in rows}


def _view(run: ResultRun, pointers: dict[Period, ResultPointer]) -> RunView:
    pointer = pointers.get(run.period)
    return RunView(
        run=run,
        newest=pointer is not None and pointer.run_id == run.id,
        published_now=pointer is not None and pointer.published_run_id == run.id,
    )


def view_of(session: JixiaoSession, run: ResultRun) -> RunView:
    """A run with its standing, read from its pointer."""
    pointer = session.exec(
        select(ResultPointer).where(
            ResultPointer.scheme_id == run.scheme_id, ResultPointer.period == run.period
        )
    ).first()
    return _view(run, {run.period: pointer} if pointer else {})


def _shown(scope: ResultScope, pointer: ResultPointer) -> uuid.UUID | None:
    """The office's newest computation; for others the run in 公示, else the published one."""
    if scope.newest_by_default:
        return pointer.run_id
    return pointer.publicity_run_id or pointer.published_run_id


def visible_run(
    session: JixiaoSession,
    scope: ResultScope,
    scheme_code: str,
    period: Period,
    run_id: uuid.UUID | None = None,
) -> RunView | None:
    """The run shown for a scheme and period: the one asked for, else the newest computation
    for the office (who computes), the run in 公示 or the newest published run for everyone
    else; None when there is none to show."""
    pointer = pointer_by_code(session, scheme_code, period)
    if run_id is None:
        run_id = None if pointer is None else _shown(scope, pointer)
        if run_id is None:
            return None
    run = session.get(ResultRun, (session.require_tenant(), run_id))
    if run is None or run.scheme_code != scheme_code or run.period != period:
        return None
    if not scope.sees_run(run):
        return None
    return _view(run, {period: pointer} if pointer else {})


def visible_run_by_id(
    session: JixiaoSession, scope: ResultScope, run_id: uuid.UUID
) -> RunView | None:
    """A run named by its id, as `visible_run` shows it; None when it is not there to see."""
    run = session.get(ResultRun, (session.require_tenant(), run_id))
    if run is None:
        return None
    return visible_run(session, scope, run.scheme_code, run.period, run.id)


def _units(
    session: JixiaoSession,
    scope: ResultScope,
    run_ids: Sequence[uuid.UUID],
    *,
    group_code: str | None = None,
    unit_codes: Sequence[str] | None = None,
) -> list[ResultUnit]:
    statement = select(ResultUnit).where(col(ResultUnit.run_id).in_(list(run_ids)))
    if group_code is not None:
        statement = statement.where(ResultUnit.group_code == group_code)
    if unit_codes is not None:
        statement = statement.where(col(ResultUnit.unit_code).in_(list(unit_codes)))
    if scope.unit_ids is not None:
        statement = statement.where(col(ResultUnit.unit_id).in_(scope.unit_ids))
    return list(session.exec(statement.order_by(col(ResultUnit.position))).all())


def _figures(
    session: JixiaoSession,
    scope: ResultScope,
    run_id: uuid.UUID | Sequence[uuid.UUID],
    *,
    group_code: str | None = None,
    unit_codes: Sequence[str] | None = None,
) -> list[UnitFigures]:
    """The run's unit rows within the scope, in publication order, as plain values."""
    table = RESULT_UNIT
    run_ids = [run_id] if isinstance(run_id, uuid.UUID) else list(run_id)
    statement = sa_select(*_FIGURE_COLUMNS).where(table.c.run_id.in_(run_ids))
    if group_code is not None:
        statement = statement.where(table.c.group_code == group_code)
    if unit_codes is not None:
        statement = statement.where(table.c.unit_code.in_(list(unit_codes)))
    if scope.unit_ids is not None:
        statement = statement.where(table.c.unit_id.in_(scope.unit_ids))
    tenant_id = session.require_tenant()  # a Core statement: the tenant filter is written here
    statement = statement.where(table.c.tenant_id == tenant_id).order_by(table.c.position)
    return [_figure_of(row) for row in session.execute(statement)]


def run_units(
    session: JixiaoSession, run_id: uuid.UUID, scope: ResultScope = EVERYTHING
) -> list[ResultUnit]:
    """A run's unit rows in publication order, within the scope."""
    return _units(session, scope, [run_id])


def rankings(
    session: JixiaoSession,
    scope: ResultScope,
    scheme_code: str,
    period: Period,
    *,
    group_code: str | None = None,
    run_id: uuid.UUID | None = None,
) -> Ranking | None:
    """The units of the shown run (one group or all), in publication order."""
    view = visible_run(session, scope, scheme_code, period, run_id)
    if view is None:
        return None
    within = scope.of_run(view.run)
    return Ranking(view, _figures(session, within, view.run.id, group_code=group_code))


def compare_units(
    session: JixiaoSession,
    scope: ResultScope,
    scheme_code: str,
    period: Period,
    unit_codes: Sequence[str],
) -> Ranking | None:
    """Some units of the shown run side by side, in publication order."""
    codes = list(dict.fromkeys(code.strip() for code in unit_codes if code.strip()))
    if not codes:
        raise InvalidInput("请至少选择一个考评对象", field="unitCodes")
    if len(codes) > MAX_COMPARED:
        raise InvalidInput(f"一次最多比较 {MAX_COMPARED} 个考评对象", field="unitCodes")
    view = visible_run(session, scope, scheme_code, period)
    if view is None:
        return None
    return Ranking(view, _figures(session, scope.of_run(view.run), view.run.id, unit_codes=codes))


def unit_result(
    session: JixiaoSession, scope: ResultScope, scheme_code: str, period: Period, unit_code: str
) -> UnitView | None:
    """One unit's figures in the shown run (None outside the scope)."""
    found = compare_units(session, scope, scheme_code, period, [unit_code])
    if found is None or not found.units:
        return None
    return UnitView(found.run, found.units[0])


def unit_trend(
    session: JixiaoSession, scope: ResultScope, scheme_code: str, unit_code: str
) -> list[UnitView]:
    """A unit across Q1..Q4 and the year, from the run shown for each period."""
    pointers = _pointers(session, scheme_code)
    shown = {period: _shown(scope, pointer) for period, pointer in pointers.items()}
    run_ids = [run_id for run_id in shown.values() if run_id is not None]
    if not run_ids:
        return []
    runs = {run.id: run for run in runs_by_id(session, run_ids)}
    rows = {row.run_id: row for row in _figures(session, scope, run_ids, unit_codes=[unit_code])}
    trend = []
    for period in TREND_PERIODS:
        run_id = shown.get(period)
        if run_id is None or run_id not in rows or not scope.sees_run(runs[run_id]):
            continue
        trend.append(UnitView(_view(runs[run_id], pointers), rows[run_id]))
    return trend


def lines_of(
    session: JixiaoSession, keys: Sequence[tuple[uuid.UUID, str]]
) -> list[list[ResultLine]]:
    """The drill-down lines of each (run, unit) asked for, in one query (a dataloader batch).

    The keys come from unit rows already read within the request's scope.
    """
    if not keys:
        return []
    # A unit whose lines did not change since an earlier run reads them from that run.
    holder = func.coalesce(col(ResultUnit.lines_run_id), col(ResultUnit.run_id))
    rows = session.exec(
        select(ResultLines, ResultUnit.run_id)
        .join(
            ResultUnit,
            (col(ResultLines.run_id) == holder)
            & (col(ResultLines.unit_code) == col(ResultUnit.unit_code)),
        )
        .where(
            col(ResultUnit.run_id).in_({run_id for run_id, _ in keys}),
            col(ResultUnit.unit_code).in_({code for _, code in keys}),
        )
    ).all()
    found: dict[tuple[uuid.UUID, str], list[ResultLine]] = {key: [] for key in keys}
    for row, run_id in rows:
        key = (run_id, row.unit_code)
        if key in found:
            found[key] = ResultLine.unpack(row, run_id)
    return [found[key] for key in keys]


def published_annual(session: JixiaoSession, scope: ResultScope, scheme_code: str) -> Ranking:
    """The published annual result: what the bonus table (绩效奖金表) is drawn from."""
    pointer = pointer_by_code(session, scheme_code, Period.ANNUAL)
    if pointer is None or pointer.published_run_id is None:
        raise NotFound(
            f"方案「{scheme_code}」的全年考评结果尚未公布，暂无绩效奖金表", field="schemeCode"
        )
    run = session.get(ResultRun, (session.require_tenant(), pointer.published_run_id))
    assert run is not None
    return Ranking(
        _view(run, {Period.ANNUAL: pointer}), _figures(session, scope, pointer.published_run_id)
    )
