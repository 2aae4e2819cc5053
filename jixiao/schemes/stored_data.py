"""A stored scheme's data straight into the engine's model, unit by unit, with digests.

Score rows (hundreds of thousands at city scale) are read as plain tuples with the unit and
indicator codes joined in SQL (no ORM instance, no UUID per row), checked column by column
against the leaf rules the engine's parser uses, and built into `ScoreEntry` values directly.
A row that the check does not accept sends the whole data through the engine's own parser
(`parse_data` of the exported document), so a refusal names the entry exactly as an import
would. The small sections (ratings, adjustments, city items, last year) go through the parser.

Each unit's rows carry a digest (its rows sorted, so any entry order gives the same one): the
inputs' version is built from them, a unit's drill-down lines are keyed by them, and a reader
that keeps the inputs in memory re-reads only the units whose rows changed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.engine import Data, Scheme, parse_data
from jixiao.engine.formats.score_rules import LeafRule, build_rules
from jixiao.engine.methods import METHOD_RULES
from jixiao.engine.model import ScoreEntry
from jixiao.org.queries import unit_codes_by_text_id
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.document import PartKeys, SchemeParts, data_document
from jixiao.schemes.queries import leaf_codes_by_text_id
from jixiao.schemes.textio import dump_json
from jixiao.scoring.queries import score_rows_statement

_ZERO = Decimal(0)
SMALL = ("ratings", "adjustments", "city_items", "previous")
# (unit, indicator, period, scorer, value, actual, met, incidents, rank); figures as their text
ScoreRow = tuple[str, str, str, str, str | None, str | None, bool | None, int | None, int | None]


class RowRefused(Exception):
    """A stored row the quick check does not accept (the parser then says why)."""


@dataclass(frozen=True)
class UnitScores:
    """One unit's score entries in entry order, and the digest of its rows."""

    entries: tuple[ScoreEntry, ...]
    digest: str


@dataclass(frozen=True)
class SmallSections:
    """Ratings, adjustments, city items and last year's outcomes, parsed, with their digest."""

    data: Data
    digest: str


def read_scores(
    session: JixiaoSession, scheme_id: uuid.UUID, unit_ids: Collection[uuid.UUID] | None = None
) -> dict[str, list[ScoreRow]]:
    """The scheme's score rows by unit code (of `unit_ids` only, when given), in entry order.

    One scan of the score table in entry order; unit and indicator ids are read as text and
    named from two small lookups, so the plan never depends on fresh statistics (a join
    planned from the empty tables' estimates right after an import took 17 s at 500 units).
    """
    units = unit_codes_by_text_id(session)
    leaves = leaf_codes_by_text_id(session, scheme_id)
    statement = score_rows_statement(scheme_id, unit_ids)
    found: dict[str, list[ScoreRow]] = {}
    for fetched in _fetch(session, statement):
        code = units[fetched[0]]
        leaf_id = fetched[1]
        row = (code, leaves.get(leaf_id, leaf_id), *fetched[2:])  # another scheme's: refused
        rows = found.get(code)
        if rows is None:
            found[code] = [row]
        else:
            rows.append(row)
    return found


def _fetch(session: JixiaoSession, statement: Any) -> Sequence[Sequence[Any]]:
    """The statement's rows. On PostgreSQL straight from psycopg's cursor as plain tuples (the
    rows of a city's scores cost twice as much as SQLAlchemy rows); the statement names the
    scheme, and row-level security holds the tenant. Elsewhere through the session, whose
    result processors (SQLite's booleans) give the same values."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return session.execute(statement).all()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        rows: list[tuple[Any, ...]] = cursor.execute(str(compiled), compiled.params).fetchall()
    return rows


def unit_scores(rows: Sequence[ScoreRow], plans: RowPlans) -> UnitScores:
    """One unit's rows as entries with their digest; `RowRefused` for a row to be parsed."""
    return UnitScores(build_entries(rows, plans), rows_digest(rows))


def rows_digest(rows: Sequence[ScoreRow]) -> str:
    """sha256 of one unit's rows in any order."""
    # repr of a row of str, int, bool and None is the same in every process and on both
    # databases; sorted, so that the digest does not depend on the order of entry.
    return hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()


def small_sections(session: JixiaoSession, parts: PartKeys, scheme: Scheme) -> SmallSections:
    """The scheme's ratings, adjustments, city items and last year, parsed by the engine."""
    document = data_document(session, parts, sections=SMALL)
    data = parse_data(document, scheme, f"方案 {scheme.code} 的数据")
    text = dump_json({key: document[key] for key in SMALL}, indent=None, sort_keys=True)
    return SmallSections(data, hashlib.sha256(text.encode()).hexdigest())


def parse_all(session: JixiaoSession, parts: SchemeParts | PartKeys, scheme: Scheme) -> Data:
    """Every row through the engine's parser: raises the `FormatError` naming a bad entry."""
    return parse_data(data_document(session, parts), scheme, f"方案 {scheme.code} 的数据")


def rules_of(scheme: Scheme) -> RowPlans:
    """What the quick check applies to each leaf's rows (from the engine parser's own rules)."""
    return row_plans(build_rules(scheme))


# What a leaf's rows carry besides unit and period: a manual score, a measured value, a count
# of incidents, a rank, or nothing (pass/fail says it with `met`).
_MANUAL, _MEASURED, _COUNTED, _RANKED, _PLAIN = range(5)
_BY_MEASURE = {"value": _MANUAL, "actual": _MEASURED, "incidents": _COUNTED, "rank": _RANKED}
_KINDS = {m: _BY_MEASURE.get(rule.measure or "", _PLAIN) for m, rule in METHOD_RULES.items()}
# Per leaf code: (kind, the units it applies to, points available per period, whether `met`
# is required); a plain tuple, unpacked once per row in the hot loop of `build_entries`.
RowPlans = dict[str, tuple[int, frozenset[str], Mapping[str, Decimal], bool]]


def row_plans(rules: Mapping[str, LeafRule]) -> RowPlans:
    """The leaf rules of the engine's parser, as `build_entries` reads them."""
    return {
        code: (_KINDS[rule.leaf.method], rule.units, rule.available, "met" in rule.fields)
        for code, rule in rules.items()
    }


def build_entries(rows: Sequence[ScoreRow], plans: RowPlans) -> tuple[ScoreEntry, ...]:
    """The rows as engine entries, each checked as the engine's parser checks its entry
    (`RowRefused` for the first it does not accept). The path of every row of a recompute:
    one loop, no call per row but `Decimal`, each entry built as the tuple it is."""
    new, entry_type, zero = tuple.__new__, ScoreEntry, _ZERO
    entries: list[ScoreEntry] = []
    append = entries.append
    fields: tuple[Any, ...]
    for row in rows:
        unit, indicator, period, scorer, value, actual, met, incidents, rank = row
        plan = plans.get(indicator)
        if plan is None:
            raise RowRefused(row)
        kind, units, available, needs_met = plan
        if unit not in units or period not in available or (met is None) is needs_met:
            raise RowRefused(row)
        if kind == _MANUAL:
            if value is None or actual is not None or incidents is not None or rank is not None:
                raise RowRefused(row)
            number = Decimal(value)
            if not (scorer.strip() and number.is_finite() and zero <= number <= available[period]):
                raise RowRefused(row)
            fields = (unit, indicator, period, scorer, number, None, met, None, None)
            append(new(entry_type, fields))
            continue
        if scorer or value is not None:
            raise RowRefused(row)
        if kind == _MEASURED:
            if actual is None or incidents is not None or rank is not None:
                raise RowRefused(row)
            measured = Decimal(actual)
            if not measured.is_finite():
                raise RowRefused(row)
            fields = (unit, indicator, period, None, None, measured, met, None, None)
        elif actual is not None:
            raise RowRefused(row)
        elif kind == _COUNTED:
            if incidents is None or incidents < 0 or rank is not None:
                raise RowRefused(row)
            fields = (unit, indicator, period, None, None, None, met, incidents, None)
        elif kind == _RANKED:
            if rank is None or rank < 1 or incidents is not None:
                raise RowRefused(row)
            fields = (unit, indicator, period, None, None, None, met, None, rank)
        else:
            if incidents is not None or rank is not None:
                raise RowRefused(row)
            fields = (unit, indicator, period, None, None, None, met, None, None)
        append(new(entry_type, fields))
    return tuple(entries)
