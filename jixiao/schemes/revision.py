"""Each scheme's inputs revision (`scheme.inputs_seq`): moved once in the transaction of every
change to what the engine reads, so that knowing nothing changed costs one row read.

What the engine reads of a stored scheme: the scheme row's rules, its components, groups,
member units, indicator tree, the organisation's names and kinds of those units, and the data
(scores, ratings, adjustments, city items, last year's outcomes). Every ORM write to one of
these is seen here at flush (insert, delete, or an update of a column the engine reads: a
score's workflow status or entry time is not an input); bulk UPDATE/DELETE statements on them
mark every scheme of the tenant (the safe side); writes outside the ORM (COPY, Core inserts)
call `touch` themselves. The counter moves at commit, once per scheme, in the same transaction,
and the move is logged (`SchemeInputChange`): which units' data changed, or that anything may
have (rules, names, members, bulk statements), so a recompute holding the inputs in memory
re-reads only what the log names.

Readers and writers of a scheme's inputs hold it for their transaction (`hold`, PostgreSQL
advisory locks): a recompute reading the inputs and a writer of single rows hold it shared, a
whole replacement (an import of rules or data) alone, so that a recompute never reads half of a
replacement (a rating whose component was just replaced) and two replacements never interleave.

A stale counter can only cost a recompute (the run then found by its content hash); a counter
that failed to move would serve old results, which is why the rules above err on moving it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, event, insert, inspect, or_, update
from sqlalchemy.orm import ORMExecuteState, Session

from jixiao.org.models import Unit
from jixiao.platform.db import TENANT_KEY, JixiaoSession
from jixiao.platform.orm import uuid7
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeInputChange,
    SchemeUnit,
)
from jixiao.schemes.queries import input_changes, schemes_of_units
from jixiao.scoring.models import DATA_MODELS, Adjustment, Score

SCHEMES_KEY = "jixiao.inputs.schemes"  # scheme id → unit ids whose data changed, None: anything
UNITS_KEY = "jixiao.inputs.units"  # organisation units renamed or re-kinded
ALL_KEY = "jixiao.inputs.all"  # a bulk statement touched inputs: every scheme of the tenant
HELD_KEY = "jixiao.inputs.held"  # scheme id → held alone (True) or shared, in this transaction
# In a log entry's units: ratings, adjustments, city items or last year changed (not only scores)
SMALL_SECTIONS = "small"
KEEP_CHANGES = 2_000  # log entries kept per scheme behind its newest (older ones: full re-read)

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
# ... except where the engine reads them: an adjustment's reason is in the data (and results).
_INPUTS_OF: dict[type[Any], frozenset[str]] = {Adjustment: frozenset({"reason"})}
_UNIT_INPUTS = ("code", "name", "kind")
_RULE_MODELS: tuple[type[Any], ...] = (SchemeComponent, SchemeGroup, SchemeUnit, Indicator)
_PART_MODELS: tuple[type[Any], ...] = (*_RULE_MODELS, *DATA_MODELS)
INPUT_MODELS: tuple[type[Any], ...] = (Scheme, Unit, *_PART_MODELS)
_SCHEME: Table = Scheme.__table__  # type: ignore[attr-defined]
_LOG: Table = SchemeInputChange.__table__  # type: ignore[attr-defined]

Noted = dict[uuid.UUID, set[str] | None]


def touch(session: Session, scheme_id: uuid.UUID, unit_id: uuid.UUID | None = None) -> None:
    """Mark a scheme's inputs changed in this transaction (for writes outside the ORM): one
    unit's data, or (no unit) anything of the scheme."""
    noted: Noted = session.info.setdefault(SCHEMES_KEY, {})
    if unit_id is None:
        noted[scheme_id] = None
        return
    units = noted.setdefault(scheme_id, set())
    if units is not None:
        units.add(str(unit_id))


def hold(session: Session, scheme_id: uuid.UUID, *, alone: bool = False) -> None:
    """Hold a scheme's inputs until the transaction ends: shared (readers, single-row writers)
    or alone (a whole replacement). A no-op on SQLite, which serialises writers anyway."""
    held: dict[uuid.UUID, bool] = session.info.setdefault(HELD_KEY, {})
    if held.get(scheme_id) or (scheme_id in held and not alone):
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        lock = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
        connection.exec_driver_sql(f"SELECT {lock}(%s)", (_lock_key(scheme_id),))
    held[scheme_id] = alone


def _lock_key(scheme_id: uuid.UUID) -> int:
    # The random half of a uuid7, as PostgreSQL's signed bigint lock key.
    return int.from_bytes(scheme_id.bytes[8:], "big", signed=True)


def _note_small(session: Session, scheme_id: uuid.UUID) -> None:
    units = session.info.setdefault(SCHEMES_KEY, {}).setdefault(scheme_id, set())
    if units is not None:
        units.add(SMALL_SECTIONS)


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


def changes_since(
    session: JixiaoSession, scheme_id: uuid.UUID, seq: int, upto: int
) -> set[str] | None:
    """The unit ids whose data changed after revision `seq` up to `upto` (with `SMALL_SECTIONS`
    when more than their scores changed); None when anything else may have changed or the log
    no longer reaches back that far."""
    if upto == seq:
        return set()
    rows = input_changes(session, scheme_id, seq, upto)
    found: set[str] = set()
    seen = 0
    for _, units in rows:
        if units is None:
            return None
        found.update(units)
        seen += 1
    return found if seen == upto - seq else None


def _changed(obj: Any, names: Iterable[str] | None = None) -> bool:
    state = inspect(obj)
    wanted = names if names is not None else (a.key for a in state.attrs)
    ignored = _NOT_INPUTS - _INPUTS_OF.get(type(obj), frozenset())
    return any(state.attrs[name].history.has_changes() for name in wanted if name not in ignored)


def _note_part(session: Session, obj: Any, *, moved: bool = False) -> None:
    data = isinstance(obj, DATA_MODELS)
    touch(session, obj.scheme_id, obj.unit_id if data else None)
    if data and not isinstance(obj, Score):
        _note_small(session, obj.scheme_id)
    if moved:  # a row moved to another scheme or unit: the old ones changed too
        state = inspect(obj)
        for scheme_id in state.attrs["scheme_id"].history.deleted or ():
            touch(session, scheme_id)
        if data:
            for unit_id in state.attrs["unit_id"].history.deleted or ():
                touch(session, obj.scheme_id, unit_id)


@event.listens_for(JixiaoSession, "before_flush")
def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    units: set[uuid.UUID] = session.info.setdefault(UNITS_KEY, set())
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, _PART_MODELS):
            _note_part(session, obj)
    for obj in session.deleted:
        if isinstance(obj, Scheme):
            session.info.get(SCHEMES_KEY, {}).pop(obj.id, None)
    for obj in session.dirty:
        if isinstance(obj, _PART_MODELS):
            if _changed(obj):
                _note_part(session, obj, moved=True)
        elif isinstance(obj, Scheme):
            if _changed(obj):
                touch(session, obj.id)
        elif isinstance(obj, Unit) and _changed(obj, _UNIT_INPUTS):
            units.add(obj.id)
    for scheme_id in session.info.get(SCHEMES_KEY, {}):
        hold(session, scheme_id)  # before the rows go out


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
        found: set[Any] = {row.get("scheme_id") for row in rows if isinstance(row, dict)}
        if found and all(isinstance(scheme_id, uuid.UUID) for scheme_id in found):
            for scheme_id in found:
                touch(state.session, scheme_id)
                hold(state.session, scheme_id)
            return
    touch_all(state.session)


@event.listens_for(JixiaoSession, "before_commit")
def _move_counters(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # the last changes are noted at this flush
    _apply(session)


def _apply(session: Session) -> None:
    noted: Noted = session.info.pop(SCHEMES_KEY, {})
    renamed: set[uuid.UUID] = session.info.pop(UNITS_KEY, set())
    everything = session.info.pop(ALL_KEY, False)
    tenant_id = session.info.get(TENANT_KEY)
    if tenant_id is None or not (noted or renamed or everything):
        return
    connection = session.connection()
    bump = (
        update(_SCHEME)
        .where(_SCHEME.c.tenant_id == tenant_id)
        .values(inputs_seq=_SCHEME.c.inputs_seq + 1)
        .returning(_SCHEME.c.id, _SCHEME.c.inputs_seq)
    )
    if everything:
        moved = connection.execute(bump).all()
        noted = dict.fromkeys((scheme_id for scheme_id, _ in moved), None)
    else:
        wanted: ColumnElement[bool] = _SCHEME.c.id.in_(sorted(noted))
        if renamed:
            of_units = schemes_of_units(tenant_id, sorted(renamed))
            wanted = or_(wanted, _SCHEME.c.id.in_(of_units))
        moved = connection.execute(bump.where(wanted)).all()
        for scheme_id, _ in moved:
            if scheme_id not in noted:
                noted[scheme_id] = None  # a member unit's name or kind
    if not moved:
        return
    log = [
        {
            "tenant_id": tenant_id,
            "id": uuid7(),
            "scheme_id": scheme_id,
            "seq": seq,
            "units": None if noted.get(scheme_id) is None else sorted(noted[scheme_id] or ()),
        }
        for scheme_id, seq in moved
    ]
    connection.execute(insert(_LOG), log)
    for scheme_id, seq in moved:
        if seq % 100 == 0:  # now and then, forget what no recompute will ask for again
            connection.execute(
                delete(_LOG).where(
                    _LOG.c.tenant_id == tenant_id,
                    _LOG.c.scheme_id == scheme_id,
                    _LOG.c.seq <= seq - KEEP_CHANGES,
                )
            )


@event.listens_for(JixiaoSession, "after_commit")
def _release(session: Session) -> None:
    if not session.in_nested_transaction():  # a SAVEPOINT released keeps its locks
        session.info.pop(HELD_KEY, None)  # the transaction's advisory locks went with it


@event.listens_for(JixiaoSession, "after_rollback")
def _forget(session: Session) -> None:
    # A SAVEPOINT rolled back released the locks taken inside it: take them again when needed.
    session.info.pop(HELD_KEY, None)
    if session.in_nested_transaction():
        return
    for key in (SCHEMES_KEY, UNITS_KEY, ALL_KEY):
        session.info.pop(key, None)
