"""Each scheme's inputs revision (`scheme.inputs_seq`): moved once in the transaction of every
change to what the engine reads, so that knowing nothing changed costs one row read.

What the engine reads of a stored scheme: the scheme row's rules, its components, groups,
member units, indicator tree, the organisation's names and kinds of those units, and the data
(scores, ratings, adjustments, city items, last year's outcomes). Every ORM write to one of
these is seen here at flush (insert, delete, or an update of a column the engine reads: a
score's workflow status or entry time is not an input); bulk UPDATE/DELETE statements on them
mark every scheme of the tenant (the safe side); writes outside the ORM (COPY, Core inserts)
call `touch` themselves. The counter moves at commit, once per scheme, in the same transaction.

A stale counter can only cost a recompute (the run then found by its content hash); a counter
that failed to move would serve old results, which is why the rules above err on moving it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, event, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from jixiao.org.models import Unit
from jixiao.platform.db import TENANT_KEY, JixiaoSession
from jixiao.schemes.models import Indicator, Scheme, SchemeComponent, SchemeGroup, SchemeUnit
from jixiao.scoring.models import DATA_MODELS

SCHEMES_KEY = "jixiao.inputs.schemes"  # scheme ids whose inputs changed in this transaction
UNITS_KEY = "jixiao.inputs.units"  # organisation units renamed or re-kinded
ALL_KEY = "jixiao.inputs.all"  # a bulk statement touched inputs: every scheme of the tenant

# Columns that are not inputs of the results; changing only these leaves the counter alone.
_NOT_INPUTS = frozenset(
    {
        "status",
        "source",
        "entered_at",
        "entered_by",
        "reason",
        "created_at",
        "updated_at",
        "approved_at",
        "approved_by",
        "published_at",
        "published_by",
        "closed_at",
        "closed_by",
        "revision",
        "inputs_seq",
        "seq",
    }
)
_UNIT_INPUTS = ("code", "name", "kind")
_PART_MODELS: tuple[type[Any], ...] = (
    SchemeComponent,
    SchemeGroup,
    SchemeUnit,
    Indicator,
    *DATA_MODELS,
)
INPUT_MODELS: tuple[type[Any], ...] = (Scheme, Unit, *_PART_MODELS)
_SCHEME: Table = Scheme.__table__  # type: ignore[attr-defined]
_MEMBER: Table = SchemeUnit.__table__  # type: ignore[attr-defined]


def touch(session: Session, scheme_id: uuid.UUID) -> None:
    """Mark a scheme's inputs changed in this transaction (for writes outside the ORM)."""
    session.info.setdefault(SCHEMES_KEY, set()).add(scheme_id)


def touch_all(session: Session) -> None:
    """Mark every scheme of the session's tenant changed (a bulk statement on inputs)."""
    session.info[ALL_KEY] = True


def pending(session: Session) -> bool:
    """Whether this transaction has changed inputs that its commit has yet to count."""
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        session.flush()
    return bool(session.info.get(SCHEMES_KEY) or session.info.get(UNITS_KEY)) or bool(
        session.info.get(ALL_KEY)
    )


def current(session: JixiaoSession, scheme_id: uuid.UUID) -> int:
    """A scheme's inputs revision as committed (or as this transaction has moved it)."""
    table = _SCHEME
    value = (
        session.connection()
        .execute(
            select(table.c.inputs_seq).where(
                table.c.tenant_id == session.require_tenant(), table.c.id == scheme_id
            )
        )
        .scalar_one_or_none()
    )
    return int(value) if value is not None else 0


def _changed(obj: Any, names: Iterable[str] | None = None) -> bool:
    state = inspect(obj)
    wanted = names if names is not None else (a.key for a in state.attrs)
    return any(
        state.attrs[name].history.has_changes() for name in wanted if name not in _NOT_INPUTS
    )


@event.listens_for(JixiaoSession, "before_flush")
def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    schemes: set[uuid.UUID] = session.info.setdefault(SCHEMES_KEY, set())
    units: set[uuid.UUID] = session.info.setdefault(UNITS_KEY, set())
    for obj in session.new:
        if isinstance(obj, _PART_MODELS):
            schemes.add(obj.scheme_id)
    for obj in session.deleted:
        if isinstance(obj, _PART_MODELS):
            schemes.add(obj.scheme_id)
        elif isinstance(obj, Scheme):
            schemes.discard(obj.id)
    for obj in session.dirty:
        if isinstance(obj, _PART_MODELS):
            if _changed(obj):
                schemes.add(obj.scheme_id)
                scheme_id = inspect(obj).attrs["scheme_id"].history.deleted
                schemes.update(s for s in scheme_id or () if s is not None)
        elif isinstance(obj, Scheme):
            if _changed(obj):
                schemes.add(obj.id)
        elif isinstance(obj, Unit) and _changed(obj, _UNIT_INPUTS):
            units.add(obj.id)


@event.listens_for(JixiaoSession, "do_orm_execute")
def _note_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, INPUT_MODELS):
        return
    if state.is_insert and issubclass(mapper.class_, _PART_MODELS):
        params = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        found = {row.get("scheme_id") for row in rows if isinstance(row, dict)}
        if found and None not in found:
            state.session.info.setdefault(SCHEMES_KEY, set()).update(found)
            return
    touch_all(state.session)


@event.listens_for(JixiaoSession, "before_commit")
def _move_counters(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # the last changes are noted at this flush
    _apply(session)


def _apply(session: Session) -> None:
    schemes: set[uuid.UUID] = session.info.pop(SCHEMES_KEY, set())
    units: set[uuid.UUID] = session.info.pop(UNITS_KEY, set())
    everything = session.info.pop(ALL_KEY, False)
    tenant_id = session.info.get(TENANT_KEY)
    if tenant_id is None or not (schemes or units or everything):
        return
    table, members = _SCHEME, _MEMBER
    bump = (
        update(table)
        .where(table.c.tenant_id == tenant_id)
        .values(inputs_seq=table.c.inputs_seq + 1)
    )
    if not everything:
        wanted: ColumnElement[bool] = table.c.id.in_(sorted(schemes))
        if units:
            of_units = select(members.c.scheme_id).where(
                members.c.tenant_id == tenant_id, members.c.unit_id.in_(sorted(units))
            )
            wanted = or_(wanted, table.c.id.in_(of_units))
        bump = bump.where(wanted)
    # Core, on the session's connection: no ORM events, the same transaction.
    session.connection().execute(bump)


@event.listens_for(JixiaoSession, "after_rollback")
def _forget(session: Session) -> None:
    if session.in_nested_transaction():
        return
    for key in (SCHEMES_KEY, UNITS_KEY, ALL_KEY):
        session.info.pop(key, None)
