"""Last year's last place, read off last year's published annual result (连续末位).

DOMAIN.md 4.6 step 5: a unit is last in its group when it holds the group's worst rank, unless
that rank is 1 (a group all tied, or of one unit, has no last place). Last year's outcome of a
unit is read from the source scheme's published annual run (the run its `result_pointer` names
as published, the one the units were shown): every unit of that run that takes part in this
scheme gets an outcome, true or false; a unit that was not in that run gets none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.org.queries import unit_ids_by_code
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Scheme
from jixiao.scoring.entry.queries import published_annual_run_id, run_places
from jixiao.scoring.runs.models import ResultRun


@dataclass(frozen=True)
class LastYear:
    """What last year's published annual run says of this year's units."""

    source: Scheme
    run: ResultRun
    last_in_group: dict[uuid.UUID, bool]  # unit id → last in its group in that run


def published_annual_run(session: JixiaoSession, scheme: Scheme) -> ResultRun | None:
    """The scheme's published annual run, if its annual result has been published."""
    run_id = published_annual_run_id(session, scheme.id)
    return None if run_id is None else session.get(ResultRun, (scheme.tenant_id, run_id))


def last_places(rows: list[tuple[str, str, int]]) -> set[str]:
    """The unit codes last in their group, from (unit code, group code, rank) rows."""
    worst: dict[str, int] = {}
    for _, group, rank in rows:
        worst[group] = max(rank, worst.get(group, 0))
    return {code for code, group, rank in rows if rank == worst[group] and rank > 1}


def read_last_year(
    session: JixiaoSession, source: Scheme, members: set[uuid.UUID]
) -> LastYear | None:
    """Last year's outcome of each of `members` (unit ids) in `source`'s published annual
    run; None when that result has not been published."""
    run = published_annual_run(session, source)
    if run is None:
        return None
    rows = run_places(session, run.id)
    last = last_places([(code, group, rank) for _, code, group, rank in rows])
    ids = unit_ids_by_code(session)
    found: dict[uuid.UUID, bool] = {}
    for unit_id, code, _group, _rank in rows:
        unit = unit_id or ids.get(code)
        if unit is not None and unit in members:
            found[unit] = code in last
    return LastYear(source, run, found)
