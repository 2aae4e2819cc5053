"""What score entry reads about one scheme and period: the engine's view and the stored ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.engine.model import Leaf, Scheme, Unit
from jixiao.org.queries import unit_ids_by_code
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.schemes.inputs import engine_rules
from jixiao.schemes.lookup import indicator_ids_by_code
from jixiao.scoring.entry.queries import period_scores
from jixiao.scoring.models import Score

# (unit id, indicator id, scorer): one stored entry of a period.
EntryKey = tuple[uuid.UUID, uuid.UUID, str]


@dataclass(frozen=True)
class SchemePeriod:
    """A scheme as the engine reads it, its rows' ids, and the scores of one period."""

    scheme: Scheme
    scheme_id: uuid.UUID
    period: str
    unit_ids: dict[str, uuid.UUID]
    indicator_ids: dict[str, uuid.UUID]
    scores: dict[EntryKey, Score]

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.scheme.units if u.code == code), None)

    def leaf(self, code: str) -> Leaf | None:
        return next((leaf for leaf in self.scheme.leaves() if leaf.code == code), None)


def load(session: JixiaoSession, scheme_code: str, period: str) -> SchemePeriod:
    """Load a scheme's rules, ids and the period's scores (`NotFound` for an unknown code)."""
    # The rules only: a stored entry the engine would refuse must not stop other entries.
    scheme, scheme_id = engine_rules(session, scheme_code)
    if period not in scheme.periods:
        choices = "、".join(scheme.periods)
        raise InvalidInput(f"考评周期「{period}」不在方案的周期（{choices}）中", field="period")
    codes = [u.code for u in scheme.units]
    unit_ids = unit_ids_by_code(session, codes)
    indicator_ids = indicator_ids_by_code(session, scheme_id)
    rows = period_scores(session, scheme_id, period)
    scores = {(s.unit_id, s.indicator_id, s.scorer): s for s in rows}
    return SchemePeriod(scheme, scheme_id, period, unit_ids, indicator_ids, scores)
