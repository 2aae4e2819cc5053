"""Results across years and across units.

Across years: the schemes of consecutive years are linked by copy (`Scheme.copied_from_id`:
next year's scheme is copied from this year's); a unit's published annual result in each of
them, oldest year first. Only published results count (the run units see, never a draft or
a run in 公示), for everyone, the office too.

Across units: one leaf indicator in the run shown for a scheme and period (as `rankings`
chooses it), every unit the viewer may see with its score, and how the scores spread
(`distribution`). In the annual run an indicator scored each quarter counts its quarters
together. A unit's user sees its own units only, so the spread is of those.

Both read within the request's `ResultScope`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.org.queries import find_unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.lookup import get_scheme, scheme_chain
from jixiao.schemes.models import Scheme
from jixiao.scoring.runs.distribution import Distribution, distribution
from jixiao.scoring.runs.lookup import runs_by_id
from jixiao.scoring.runs.models import Period, ResultUnit
from jixiao.scoring.runs.queries import RunView, view_of, visible_run
from jixiao.scoring.runs.repository import pointers_of, unit_in_runs, units_with_lines
from jixiao.scoring.runs.scope import ResultScope

MAX_YEARS = 30  # a chain longer than this is cut (and a loop of copies cannot run forever)
SCORED = "scored"


@dataclass(frozen=True)
class YearResult:
    """One scheme of the chain and the unit's published annual result in it, if any."""

    scheme: Scheme
    run: RunView | None
    unit: ResultUnit | None


def unit_across_years(
    session: JixiaoSession, scope: ResultScope, scheme_code: str, unit_code: str
) -> list[YearResult]:
    """A unit's published annual result in each scheme linked to this one by copy."""
    scheme = get_scheme(session, scheme_code)
    unit = find_unit(session, unit_code)
    if unit is None:
        raise NotFound(f"没有代码为「{unit_code.strip()}」的考评对象", field="unitCode")
    chain = scheme_chain(session, scheme, MAX_YEARS)
    pointers = pointers_of(session, [s.id for s in chain], Period.ANNUAL)
    published = {p.scheme_id: p.published_run_id for p in pointers if p.published_run_id}
    runs = {run.id: run for run in runs_by_id(session, list(published.values()))}
    rows = _unit_rows(session, scope, list(runs), unit.id, unit.code)
    found = []
    for member in chain:
        run_id = published.get(member.id)
        run = runs.get(run_id) if run_id else None
        if run is None:
            found.append(YearResult(member, None, None))
            continue
        found.append(YearResult(member, view_of(session, run), rows.get(run.id)))
    return found


def _unit_rows(
    session: JixiaoSession,
    scope: ResultScope,
    run_ids: list[uuid.UUID],
    unit_id: uuid.UUID,
    unit_code: str,
) -> dict[uuid.UUID, ResultUnit]:
    if not run_ids or not scope.sees_unit(unit_id):
        return {}
    return {row.run_id: row for row in unit_in_runs(session, run_ids, unit_id, unit_code)}


@dataclass(frozen=True)
class IndicatorChoice:
    code: str
    name: str


@dataclass(frozen=True)
class UnitIndicatorScore:
    """One unit's score of the indicator in the run (its periods summed in the annual run)."""

    unit: ResultUnit
    score: Decimal
    available: Decimal
    status: str  # scored, else the first other status of its lines (missing, binding_failed)


@dataclass(frozen=True)
class IndicatorSpread:
    run: RunView
    indicators: list[IndicatorChoice]  # the run's leaf indicators, in the scheme's order
    indicator: IndicatorChoice
    units: list[UnitIndicatorScore]  # highest score first, then publication order
    distribution: Distribution | None


def indicator_across_units(
    session: JixiaoSession,
    scope: ResultScope,
    scheme_code: str,
    period: Period,
    indicator_code: str | None = None,
) -> IndicatorSpread | None:
    """One indicator across the units of the shown run (its first indicator when none is
    named), with the spread of their scores; None when there is no run to show."""
    get_scheme(session, scheme_code)
    view = visible_run(session, scope, scheme_code, period)
    if view is None:
        return None
    within = scope.of_run(view.run)
    found = units_with_lines(session, view.run.id, within.unit_ids)
    choices: dict[str, IndicatorChoice] = {}
    for _, lines in found:
        for line in lines:
            choices.setdefault(str(line[0]), IndicatorChoice(str(line[0]), str(line[1])))
    wanted = (indicator_code or "").strip() or next(iter(choices), "")
    if wanted not in choices:
        if not found:
            raise NotFound("该期结果中没有可查看的考评对象", field="indicatorCode")
        raise NotFound(
            f"指标「{wanted}」不在{view.run.scheme_name}该期的结果中（须为末级指标）",
            field="indicatorCode",
        )
    # Only the units the indicator applies to have lines of it.
    units = [row for unit, lines in found if (row := _score(unit, lines, wanted))]
    units.sort(key=lambda row: -row.score)  # stable: publication order among equals
    full = max((row.available for row in units), default=None)
    spread = distribution([row.score for row in units], full)
    return IndicatorSpread(view, list(choices.values()), choices[wanted], units, spread)


def _score(
    unit: ResultUnit, lines: Sequence[Sequence[Any]], code: str
) -> UnitIndicatorScore | None:
    score, available, status, seen = Decimal(0), Decimal(0), SCORED, False
    for line in lines:
        if line[0] != code:
            continue
        seen = True
        available += Decimal(str(line[3]))
        score += Decimal(str(line[4]))
        if status == SCORED and line[6] != SCORED:
            status = str(line[6])
    return UnitIndicatorScore(unit, score, available, status) if seen else None
