"""Helpers of the inspection and award tests: the stored annual result of a unit, and what the
pure engine gives for the example data with some extra adjustments (`jixiao.data/1`)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.engine import UnitResult, compute, parse_data, parse_scheme
from jixiao.engine.formats import read_document
from jixiao.platform.auth import DataScope, Subject
from jixiao.scoring.runs.models import Period, ResultPointer, ResultUnit
from tests.factories import EXAMPLE, as_role, with_scope
from tests.scoring.entry.support import Scorers


def stored_annual(jinfeng: Scorers, unit: str) -> ResultUnit:
    """The unit's line in the newest annual run."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        pointer = session.exec(
            select(ResultPointer).where(ResultPointer.period == Period.ANNUAL)
        ).one()
        return session.exec(
            select(ResultUnit).where(
                ResultUnit.run_id == pointer.run_id, ResultUnit.unit_code == unit
            )
        ).one()


def engine_annual(unit: str, *extra: dict[str, Any]) -> UnitResult:
    """The engine's annual result of a unit for the example data plus `extra` adjustments."""
    scheme = parse_scheme(read_document(EXAMPLE / "scheme.yaml"))
    data = read_document(EXAMPLE / "data.yaml")
    assert isinstance(data, dict)
    data["adjustments"] = [*data["adjustments"], *({"reason": "附加", **e} for e in extra)]
    return compute(scheme, parse_data(data, scheme), "annual").unit(unit)


def unit_person(jinfeng: Scorers, role: str, unit: str) -> Subject:
    """A reporter or head of a unit, its data scope that unit."""
    base = as_role(jinfeng.tenant, role, name=f"{unit} {role}", unit_id=jinfeng.units[unit])
    scope = DataScope(unit_ids=frozenset({jinfeng.units[unit]}))
    return with_scope(base, f"{unit}-{role}", scope, via=None)


def supervisor(jinfeng: Scorers) -> Subject:
    """A member of the supervision group (every unit)."""
    base = as_role(jinfeng.tenant, "supervision", name="督查组 李组长")
    return with_scope(base, "duchazu", DataScope(every_unit=True), via=None)


def actions(jinfeng: Scorers, target: uuid.UUID) -> list[str]:
    """The audited actions on one target, in order."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.target_id == str(target)).order_by(AuditEvent.seq)  # type: ignore[arg-type]
        ).all()
        return [row.action for row in rows]


D = Decimal
