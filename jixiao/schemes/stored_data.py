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

from sqlalchemy import String, cast, select, type_coerce
from sqlmodel import col

from jixiao.engine import Data, Scheme, parse_data
from jixiao.engine.formats.score_rules import LeafRule, build_rules
from jixiao.engine.model import Method, ScoreEntry
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.document import PartKeys, SchemeParts, data_document
from jixiao.schemes.models import Indicator
from jixiao.schemes.textio import dump_json
from jixiao.scoring.models import Score

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
    of_scheme = col(Indicator.scheme_id) == scheme_id
    units: dict[str, str] = dict(
        session.execute(select(cast(col(Unit.id), String), col(Unit.code))).all()
    )
    leaves: dict[str, str] = dict(
        session.execute(
            select(cast(col(Indicator.id), String), col(Indicator.code)).where(of_scheme)
        ).all()
    )
    statement: Any = (
        select(  # type: ignore[call-overload]
            cast(Score.unit_id, String),
            cast(Score.indicator_id, String),
            Score.period,
            Score.scorer,
            type_coerce(Score.value, String),
            type_coerce(Score.actual, String),
            Score.met,
            Score.incidents,
            Score.rank,
        )
        .where(col(Score.scheme_id) == scheme_id)
        .order_by(col(Score.seq))
    )
    if unit_ids is not None:
        statement = statement.where(col(Score.unit_id).in_(list(unit_ids)))
    found: dict[str, list[ScoreRow]] = {}
    for unit_id, leaf_id, *rest in session.execute(statement):
        code = units[unit_id]
        row = (code, leaves.get(leaf_id, leaf_id), *rest)  # another scheme's: refused
        rows = found.get(code)
        if rows is None:
            found[code] = [row]
        else:
            rows.append(row)
    return found


def unit_scores(rows: Sequence[ScoreRow], rules: Mapping[str, LeafRule]) -> UnitScores:
    """One unit's rows as entries with their digest; `RowRefused` for a row to be parsed."""
    return UnitScores(tuple(_entry(row, rules) for row in rows), rows_digest(rows))


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


def rules_of(scheme: Scheme) -> dict[str, LeafRule]:
    """The leaf rules the quick check applies (the engine parser's own)."""
    return build_rules(scheme)


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    value = Decimal(text)
    return value if value.is_finite() else None


def _entry(row: ScoreRow, rules: Mapping[str, LeafRule]) -> ScoreEntry:
    unit, indicator, period, scorer, value, actual, met, incidents, rank = row
    rule = rules.get(indicator)
    if rule is None or unit not in rule.units or period not in rule.available:
        raise RowRefused(row)
    method = rule.leaf.method
    number = _number(value)
    measured = _number(actual)
    if method is Method.MANUAL:
        if not scorer.strip() or number is None or not _ZERO <= number <= rule.available[period]:
            raise RowRefused(row)
        if (actual, incidents, rank) != (None, None, None):
            raise RowRefused(row)
    else:
        if scorer or value is not None:
            raise RowRefused(row)
        if method is Method.RATIO or method is Method.LINEAR:
            ok = measured is not None and (incidents, rank) == (None, None)
        elif method is Method.DEDUCTION:
            ok = incidents is not None and incidents >= 0 and (actual, rank) == (None, None)
        elif method is Method.RANK:
            ok = rank is not None and rank >= 1 and (actual, incidents) == (None, None)
        else:
            ok = (actual, incidents, rank) == (None, None, None)
        if not ok:
            raise RowRefused(row)
    if ("met" in rule.fields) != (met is not None):
        raise RowRefused(row)
    return ScoreEntry(
        unit, indicator, period, scorer or None, number, measured, met, incidents, rank
    )
