"""The engine's rules applied where a progress report's values are entered and verified.

A verified value becomes the engine's actual for the unit and period (`reports.write_actual`).
Whatever the engine would refuse must be refused here, where a person can fix it, and never
stored where it would stop every compute of the scheme: a negative or non-finite actual of a
ratio or linear indicator is refused; a period in which the indicator has no share (or a unit it
does not apply to) keeps the verified value on the report and writes no score.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.engine.model import Leaf, Method, Unit
from jixiao.org.models import Unit as UnitRow
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.schemes.inputs import engine_rules
from jixiao.schemes.models import Indicator, Scheme
from jixiao.scoring.entry.rules import ScoreInput, check_entry

ACTUAL_METHODS = frozenset({Method.RATIO, Method.LINEAR})  # scored from an actual value


@dataclass(frozen=True)
class Cell:
    """A report's unit and indicator as the engine sees them in its period."""

    unit: Unit
    leaf: Leaf
    period: str

    @property
    def scored(self) -> bool:
        """Whether the engine takes an actual for this unit and period."""
        return (
            self.leaf.method in ACTUAL_METHODS
            and self.leaf.applies_to.covers(self.unit)
            and bool(self.leaf.available(self.period))
        )

    def check(self, value: Decimal | None, *, field: str) -> None:
        """Refuse an actual value the engine would refuse for this indicator."""
        if value is None or self.leaf.method not in ACTUAL_METHODS:
            return
        entry = ScoreInput(self.unit.code, self.leaf.code, actual=value)
        problems = check_entry(self.unit, self.leaf, self.period, entry)
        if problems:
            raise InvalidInput("；".join(problems), field=field)


def cell_of(
    session: JixiaoSession, indicator_id: uuid.UUID, unit_id: uuid.UUID, period: str
) -> Cell:
    """The engine's view of one report's indicator and unit (the scheme's rules only)."""
    tenant = session.require_tenant()
    indicator = session.get(Indicator, (tenant, indicator_id))
    unit_row = session.get(UnitRow, (tenant, unit_id))
    scheme = session.get(Scheme, (tenant, indicator.scheme_id)) if indicator else None
    if indicator is None or unit_row is None or scheme is None:
        raise NotFound("没有找到该填报的指标或考评对象")
    rules, _ = engine_rules(session, scheme.code)
    leaf = next((leaf for leaf in rules.leaves() if leaf.code == indicator.code), None)
    unit = next((unit for unit in rules.units if unit.code == unit_row.code), None)
    if leaf is None or unit is None:
        raise InvalidInput(f"「{unit_row.name}」不是方案中「{indicator.name}」的考评对象")
    return Cell(unit, leaf, period)
