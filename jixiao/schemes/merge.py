"""A data import's effect on the stored rows: merge (the default) or replace, and a preview.

Each entry of the file is matched to a stored row by its natural key: a score by unit,
indicator, period and scorer (unique); a city item by unit and item; last year's outcome by
unit; a rating by unit and component, an adjustment by unit, kind and reason (these may repeat,
so the n-th entry of a key in the file matches the n-th stored row of that key in entry order,
and an exported file imported again changes nothing). A matched row whose values differ is
changed, one that is equal is kept, an entry without a row is added. Merging keeps every row
the file does not mention (what the quarter's workflow entered); replacing removes them.

`plan` reads and matches (nothing is written: the preview), `apply_merge` writes a merge set
based (one UPDATE per changed section, COPY or executemany for new rows). Replacing writes
through `store.store_data` as before. The caller holds the scheme alone and commits.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, bindparam, update

from jixiao.engine import Issue, IssueCode
from jixiao.engine import model as engine
from jixiao.org.models import Unit
from jixiao.platform.bulk import Progress, no_progress, write_rows
from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.schemes import revision
from jixiao.schemes.data_words import SCORE_VALUES, VALUE_COLUMNS, Words
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.models import Indicator, Scheme, SchemeComponent, SchemeUnit
from jixiao.schemes.queries import data_table_rows, next_entry_seq, pairs
from jixiao.scoring import models as data_models
from jixiao.scoring.records import InnovationAward, Inspection

CHANGES = ("added", "changed", "kept", "removed")


class DataMode(StrEnum):
    """How a data import meets the stored rows."""

    MERGE = "merge"  # upsert by natural key, keep what the file does not mention
    REPLACE = "replace"  # the file becomes the whole data


@dataclass
class DataDiff:
    """What an import does (or would do): rows added, changed, kept and removed, per section
    and in all, with a few of each described in words."""

    mode: DataMode
    sections: dict[str, dict[str, int]] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CHANGES})
    entered_removed: int = 0  # removed rows that were entered in the portal (REPLACE)

    @property
    def totals(self) -> dict[str, int]:
        return {c: sum(section[c] for section in self.sections.values()) for c in CHANGES}


@dataclass(frozen=True)
class _Row:
    """A stored row as matched: its id, natural key (codes), values, and whether a record
    (inspection, award) owns it."""

    id: uuid.UUID
    key: tuple[Any, ...]
    values: tuple[Any, ...]
    owned: bool = False
    entered: bool = False  # entered in the portal, not imported


@dataclass
class _Section:
    name: str
    model: Any
    matched: list[tuple[int, Any, _Row | None]] = field(default_factory=list)  # index, entry
    unmatched: list[_Row] = field(default_factory=list)

    @property
    def table(self) -> Table:
        table: Table = self.model.__table__
        return table


@dataclass
class Plan:
    """The matched sections of one import and its diff."""

    scheme: Scheme
    diff: DataDiff
    sections: list[_Section]


@dataclass(frozen=True)
class _Spec:
    model: Any
    columns: tuple[str, ...]  # read from the table after id and unit_id
    key: Callable[[Sequence[Any]], tuple[Any, ...]]  # of a stored row's columns (codes)
    values: Callable[[Sequence[Any]], tuple[Any, ...]]
    entry_key: Callable[[Any], tuple[Any, ...]]


def _specs(leaves: Mapping[Any, str], components: Mapping[Any, str]) -> dict[str, _Spec]:
    return {
        "scores": _Spec(
            data_models.Score,
            ("indicator_id", "period", "scorer", *SCORE_VALUES),
            lambda r: (leaves.get(r[0], str(r[0])), r[1], r[2]),
            lambda r: tuple(r[3:]),
            lambda e: (e.indicator, e.period, e.scorer or ""),
        ),
        "ratings": _Spec(
            data_models.Rating,
            ("component_id", "value"),
            lambda r: (components.get(r[0], str(r[0])),),
            lambda r: (r[1],),
            lambda e: (e.component,),
        ),
        "adjustments": _Spec(
            data_models.Adjustment,
            ("kind", "reason", "points"),
            lambda r: (engine.AdjustmentKind(r[0]).value, r[1]),
            lambda r: (r[2],),
            lambda e: (e.kind.value, e.reason),
        ),
        "city_items": _Spec(
            data_models.CityItem,
            ("item", "last"),
            lambda r: (r[0],),
            lambda r: (r[1],),
            lambda e: (e.item,),
        ),
        "previous": _Spec(
            data_models.PreviousOutcome,
            ("last_in_group",),
            lambda r: (),
            lambda r: (r[0],),
            lambda e: (),
        ),
    }


def plan(session: JixiaoSession, scheme: Scheme, data: engine.Data, mode: DataMode) -> Plan:
    """Match the file's entries to the stored rows; nothing is written."""
    units = pairs(session, Unit, "id", "code")
    leaves = _codes(session, Indicator, scheme.id)
    components = _codes(session, SchemeComponent, scheme.id)
    owned = _owned(session, scheme.id)
    words = Words.of(scheme, session)
    diff = DataDiff(mode)
    sections = []
    for name, spec in _specs(leaves, components).items():
        section = _Section(name, spec.model)
        stored: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
        # by hand: entered in the portal (not imported), what a replacement would lose
        fetched = data_table_rows(session, section.table, scheme.id, spec.columns)
        for row_id, unit_id, by_hand, *rest in fetched:
            key = (units.get(unit_id, str(unit_id)), *spec.key(rest))
            row = _Row(row_id, key, spec.values(rest), row_id in owned, bool(by_hand))
            stored[key].append(row)
        taken: dict[tuple[Any, ...], int] = defaultdict(int)
        counts = dict.fromkeys(CHANGES, 0)
        for index, entry in enumerate(getattr(data, name)):
            key = (entry.unit, *spec.entry_key(entry))
            rows = stored.get(key, [])
            found = rows[taken[key]] if taken[key] < len(rows) else None
            taken[key] += 1
            values = _entry_values(name, entry)
            change = "added" if found is None else "kept" if found.values == values else "changed"
            counts[change] += 1
            words.sample(diff.samples, change, name, key, found.values if found else None, values)
            section.matched.append((index, entry, found))
        for key, rows in stored.items():
            section.unmatched.extend(rows[taken.get(key, 0) :])
        change = "removed" if mode is DataMode.REPLACE else "kept"
        counts[change] += len(section.unmatched)
        if change == "removed":  # those entered in the portal first: the loss to look at
            diff.entered_removed += sum(row.entered for row in section.unmatched)
            for row in sorted(section.unmatched, key=lambda r: not r.entered):
                words.sample(diff.samples, change, name, row.key, row.values, None)
        diff.sections[name] = counts
        sections.append(section)
    return Plan(scheme, diff, sections)


def apply_merge(
    session: JixiaoSession,
    found: Plan,
    *,
    entered_by: str | None,
    file: str = "data",
    progress: Progress = no_progress,
) -> None:
    """Write a merge: changed rows updated, new rows added, the rest kept (all or nothing)."""
    refused = [
        Issue(
            file,
            f"{section.name}[{index}]",
            "这条加减分属于明查暗访或创新奖记录，只能在该记录中修改",
            IssueCode.INVALID,
        )
        for section in found.sections
        for index, entry, row in section.matched
        if row is not None and row.owned and row.values != _entry_values(section.name, entry)
    ]
    if refused:
        raise SchemeInvalid(refused)
    scheme = found.scheme
    ids = _ids(session, scheme.id)
    now = utcnow()
    stamps: dict[str, dict[str, Any]] = {
        "scores": {
            "source": data_models.DataSource.IMPORT,
            "status": data_models.ScoreStatus.RECORDED,
            "entered_at": now,
            "entered_by": entered_by,
            "reason": "",
        },
        "ratings": {"source": data_models.DataSource.IMPORT},
        "adjustments": {"source": data_models.DataSource.IMPORT},
    }
    total = sum(found.diff.totals[c] for c in ("added", "changed"))
    written = 0
    progress("writing", 0, total)
    for section in found.sections:
        spec_values = VALUE_COLUMNS[section.name]
        changed = [
            (row.id, entry)
            for _, entry, row in section.matched
            if row is not None and row.values != _entry_values(section.name, entry)
        ]
        if changed:
            _update(session, section, spec_values, changed, stamps.get(section.name, {}))
        new = [entry for _, entry, row in section.matched if row is None]
        if new:
            seq = next_entry_seq(session, section.table, scheme.id)
            columns, rows = _new_rows(section.name, new, ids, seq)
            constants = {"tenant_id": session.require_tenant(), "scheme_id": scheme.id}
            constants |= stamps.get(section.name, {}) | _NEW_CONSTANTS.get(section.name, {})
            write_rows(session, section.table, constants, columns, rows)
        written += len(changed) + len(new)
        progress("writing", written, total)
    revision.touch(session, scheme.id)  # Core statements: the revision's listeners see nothing


_NEW_CONSTANTS: dict[str, dict[str, Any]] = {"ratings": {"rater": ""}}


def _entry_values(section: str, entry: Any) -> tuple[Any, ...]:
    return tuple(getattr(entry, name) for name in VALUE_COLUMNS[section])


def _update(
    session: JixiaoSession,
    section: _Section,
    columns: Sequence[str],
    changed: Sequence[tuple[uuid.UUID, Any]],
    stamps: Mapping[str, Any],
) -> None:
    table = section.table
    statement = (
        update(table)
        .where(table.c.tenant_id == bindparam("b_tenant"), table.c.id == bindparam("b_id"))
        .values({table.c[name]: bindparam(f"b_{name}") for name in columns})
        .values({table.c[name]: value for name, value in stamps.items()})
    )
    tenant = session.require_tenant()
    params = [
        {"b_tenant": tenant, "b_id": row_id, **{f"b_{n}": getattr(entry, n) for n in columns}}
        for row_id, entry in changed
    ]
    session.flush()
    session.connection().execute(statement, params)


def _new_rows(
    section: str, entries: Sequence[Any], ids: Mapping[str, Mapping[str, uuid.UUID]], seq: int
) -> tuple[tuple[str, ...], Iterable[tuple[Any, ...]]]:
    units = ids["units"]
    if section == "scores":
        leaves = ids["leaves"]
        return ("unit_id", "seq", "indicator_id", "period", "scorer", *SCORE_VALUES), (
            (units[e.unit], seq + i, leaves[e.indicator], e.period, e.scorer or "", *e[4:])
            for i, e in enumerate(entries)
        )
    if section == "ratings":
        components = ids["components"]
        return ("unit_id", "seq", "component_id", "value"), (
            (units[e.unit], seq + i, components[e.component], e.value)
            for i, e in enumerate(entries)
        )
    if section == "adjustments":
        return ("unit_id", "seq", "kind", "points", "reason"), (
            (units[e.unit], seq + i, e.kind, e.points, e.reason) for i, e in enumerate(entries)
        )
    if section == "city_items":
        return ("unit_id", "seq", "item", "last"), (
            (units[e.unit], seq + i, e.item, e.last) for i, e in enumerate(entries)
        )
    return ("unit_id", "seq", "last_in_group"), (
        (units[e.unit], seq + i, e.last_in_group) for i, e in enumerate(entries)
    )


def _codes(session: JixiaoSession, model: Any, scheme_id: uuid.UUID) -> dict[Any, str]:
    return pairs(session, model, "id", "code", scheme_id)


def _ids(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, dict[str, uuid.UUID]]:
    members = set(pairs(session, SchemeUnit, "unit_id", "id", scheme_id))
    units = {code: i for i, code in pairs(session, Unit, "id", "code").items() if i in members}
    return {
        "units": units,
        "leaves": {code: i for i, code in _codes(session, Indicator, scheme_id).items()},
        "components": {code: i for i, code in _codes(session, SchemeComponent, scheme_id).items()},
    }


def _owned(session: JixiaoSession, scheme_id: uuid.UUID) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for model in (Inspection, InnovationAward):
        found.update(i for i in pairs(session, model, "adjustment_id", "id", scheme_id) if i)
    return found
