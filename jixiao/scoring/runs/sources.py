"""What result runs read from the organisation and scheme domains: inputs, units, scores."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence

from sqlmodel import col, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.inputs import EngineInputs, InputsCache, engine_inputs
from jixiao.schemes.models import Indicator
from jixiao.scoring.models import Score
from jixiao.scoring.runs.models import ResultUnit

# (scheme id, unit code, indicator code, period): one line of a unit's drill-down.
ScoreKey = tuple[uuid.UUID, str, str, str]

__all__ = [
    "INPUTS",
    "EngineInputs",
    "ScoreKey",
    "load_inputs",
    "score_entries",
    "shared_lines",
    "unit_ids",
]


# This process's recent inputs (workers recompute the same schemes again and again).
INPUTS = InputsCache()


def load_inputs(session: JixiaoSession, scheme_code: str) -> EngineInputs:
    """The scheme's rules and data as the engine reads them, with their version."""
    return engine_inputs(session, scheme_code, cache=INPUTS)


def shared_lines(
    session: JixiaoSession, run_id: uuid.UUID | None, keys: Mapping[str, str]
) -> dict[str, uuid.UUID]:
    """Per unit code: the run holding lines computed from the same inputs (`keys`), among the
    units of run `run_id` (the newest run of the same scheme and period)."""
    if run_id is None:
        return {}
    rows = session.exec(
        select(ResultUnit.unit_code, ResultUnit.lines_key, ResultUnit.lines_run_id).where(
            ResultUnit.run_id == run_id
        )
    ).all()
    return {
        code: holder or run_id
        for code, key, holder in rows
        if key is not None and keys.get(code) == key
    }


def unit_ids(session: JixiaoSession, codes: Iterable[str]) -> dict[str, uuid.UUID]:
    """Ids of the tenant's units by code (codes without a unit are left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.exec(select(Unit.code, Unit.id).where(col(Unit.code).in_(wanted))).all()
    return dict(rows)


def score_entries(session: JixiaoSession, keys: Sequence[ScoreKey]) -> dict[ScoreKey, list[Score]]:
    """The stored score entries behind each drill-down line, in entry order (one query)."""
    found: dict[ScoreKey, list[Score]] = {key: [] for key in keys}
    if not keys:
        return found
    schemes = {key[0] for key in keys}
    units = {key[1] for key in keys}
    indicators = {key[2] for key in keys}
    rows = session.exec(
        select(Score, Unit.code, Indicator.code)
        .join(Unit, col(Unit.id) == col(Score.unit_id))
        .join(Indicator, col(Indicator.id) == col(Score.indicator_id))
        .where(
            col(Score.scheme_id).in_(schemes),
            col(Unit.code).in_(units),
            col(Indicator.code).in_(indicators),
        )
        .order_by(col(Score.seq))
    ).all()
    for score, unit_code, indicator_code in rows:
        key = (score.scheme_id, unit_code, indicator_code, score.period)
        if key in found:
            found[key].append(score)
    return found
