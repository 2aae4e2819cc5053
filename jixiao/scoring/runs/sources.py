"""What result runs read from the organisation and scheme domains: inputs, units, scores."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from jixiao.engine.computation import scope_of
from jixiao.engine.indicators import Tallier, Tally, merge_tallies
from jixiao.platform.db import JixiaoSession
from jixiao.platform.recent import Recent
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.inputs import EngineInputs, InputsCache, engine_inputs
from jixiao.scoring.models import Score
from jixiao.scoring.runs.repository import lines_keys, score_entry_rows

# (scheme id, unit code, indicator code, period): one line of a unit's drill-down.
ScoreKey = tuple[uuid.UUID, str, str, str]

__all__ = [
    "INPUTS",
    "TALLIES",
    "EngineInputs",
    "ScoreKey",
    "load_inputs",
    "score_entries",
    "shared_lines",
    "turn",
]


# This process's recent inputs (workers recompute the same schemes again and again).
INPUTS = InputsCache()


def load_inputs(session: JixiaoSession, scheme_code: str) -> EngineInputs:
    """The scheme's rules and data as the engine reads them, with their version, and the city
    items received from the parent (`city.received`). Stored entries the engine refuses are
    named in words (`problems.DataProblems`) for the office to fix."""
    from jixiao.city.received import with_city_items

    try:
        inputs = engine_inputs(session, scheme_code, cache=INPUTS)
    except SchemeInvalid as error:
        from jixiao.scoring.entry.problems import blocked

        raise blocked(session, scheme_code, error) from None
    # The city items the parent published and the office mapped to units (三区末位).
    return with_city_items(session, inputs)


class TallyCache:
    """Per scheme and scope, each unit's tally keyed by what it was computed from (its lines
    key: the rules and its scores), so a recompute re-tallies only the units that changed."""

    def __init__(self, size: int = 10) -> None:  # the 5 scopes of the 2 schemes held
        self._items: Recent[tuple[Any, ...], dict[str, tuple[str, Tally]]] = Recent(size)

    def tally(self, tenant_id: uuid.UUID, inputs: EngineInputs, period: str) -> Tally:
        """The tally of `inputs` for `period`, as `tally_scores` of all of them gives it."""
        scope = scope_of(inputs.scheme, period)
        key = (tenant_id, inputs.scheme_id, scope)
        held = self._items.get(key) or {}
        tallier: Tallier | None = None
        fresh: dict[str, tuple[str, Tally]] = {}
        for code, unit in inputs.by_unit.items():
            lines_key = inputs.lines_keys.get(code, "")
            found = held.get(code)
            if found is None or found[0] != lines_key:
                tallier = tallier or Tallier(inputs.scheme.leaves(), scope)
                found = (lines_key, tallier.tally(unit.entries))
            fresh[code] = found
        self._items.put(key, fresh)
        return merge_tallies(part for _, part in fresh.values())

    def clear(self) -> None:
        self._items.clear()


TALLIES = TallyCache()
_TURNS: dict[tuple[uuid.UUID, str], threading.Lock] = {}
_TURNS_LOCK = threading.Lock()


@contextmanager
def turn(tenant_id: uuid.UUID, scheme_code: str) -> Iterator[None]:
    """Recomputes of one scheme take turns in this process: they share the inputs and tallies
    held in memory, and side by side they would only contend for the interpreter (the year's
    job, sent first, is done in half the time when the quarter's waits)."""
    with _TURNS_LOCK:
        lock = _TURNS.setdefault((tenant_id, scheme_code), threading.Lock())
    with lock:
        yield


def shared_lines(
    session: JixiaoSession, run_id: uuid.UUID | None, keys: Mapping[str, str]
) -> dict[str, uuid.UUID]:
    """Per unit code: the run holding lines computed from the same inputs (`keys`), among the
    units of run `run_id` (the newest run of the same scheme and period)."""
    if run_id is None:
        return {}
    rows = lines_keys(session, run_id)
    return {
        code: holder or run_id
        for code, key, holder in rows
        if key is not None and keys.get(code) == key
    }


def score_entries(session: JixiaoSession, keys: Sequence[ScoreKey]) -> dict[ScoreKey, list[Score]]:
    """The stored score entries behind each drill-down line, in entry order (one query)."""
    found: dict[ScoreKey, list[Score]] = {key: [] for key in keys}
    if not keys:
        return found
    schemes = {key[0] for key in keys}
    units = {key[1] for key in keys}
    indicators = {key[2] for key in keys}
    rows = score_entry_rows(session, schemes, units, indicators)
    for score, unit_code, indicator_code in rows:
        key = (score.scheme_id, unit_code, indicator_code, score.period)
        if key in found:
            found[key].append(score)
    return found
