"""A stored scheme's data straight into the engine's model, and a digest of it.

Score rows (hundreds of thousands at city scale) are read as plain tuples with the unit and
indicator codes joined in SQL (no ORM instance, no UUID per row), checked column by column
against the leaf rules the engine's parser uses, and built into `ScoreEntry` values directly.
A row that the check does not accept sends the whole data through the engine's own parser
(`parse_data` of the exported document), so a refusal names the entry exactly as an import
would. The small sections (ratings, adjustments, city items, last year) go through the parser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlmodel import col

from jixiao.engine import Data, Scheme, parse_data
from jixiao.engine.formats.score_rules import LeafRule, build_rules
from jixiao.engine.model import Method, ScoreEntry
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.document import SchemeParts, data_document
from jixiao.schemes.models import Indicator
from jixiao.schemes.textio import dump_json
from jixiao.scoring.models import Score

_ZERO = Decimal(0)
_SMALL = ("ratings", "adjustments", "city_items", "previous")
# (unit, indicator, period, scorer, value, actual, met, incidents, rank); figures as their text
ScoreRow = tuple[str, str, str, str, str | None, str | None, bool | None, int | None, int | None]


def score_rows(session: JixiaoSession, parts: SchemeParts) -> Sequence[ScoreRow]:
    """The scheme's score rows in entry order, codes joined, figures as stored text."""
    statement: Any = (
        select(  # type: ignore[call-overload]
            Unit.code,
            Indicator.code,
            Score.period,
            Score.scorer,
            type_coerce(Score.value, String),
            type_coerce(Score.actual, String),
            Score.met,
            Score.incidents,
            Score.rank,
        )
        .join(Unit, col(Unit.id) == col(Score.unit_id))
        .join(Indicator, col(Indicator.id) == col(Score.indicator_id))
        .where(col(Score.scheme_id) == parts.scheme.id)
        .order_by(col(Score.seq))
    )
    return session.execute(statement).all()


def stored_data(session: JixiaoSession, parts: SchemeParts, scheme: Scheme) -> tuple[Data, bytes]:
    """The scheme's data as the engine's `Data`, and a sha256 digest of the rows (any order)."""
    rows = score_rows(session, parts)
    small = data_document(session, parts, sections=_SMALL)
    entries = _entries(rows, scheme)
    name = f"方案 {scheme.code} 的数据"
    if entries is None:  # a row the quick check refused: the parser says which and why
        data = parse_data(data_document(session, parts), scheme, name)
    else:
        data = parse_data(small, scheme, name)
        data = Data(data.scheme, entries, *(getattr(data, section) for section in _SMALL))
    digest = hashlib.sha256()
    keys = sorted(
        "\x1f".join(("" if v is None else str(v)) for v in (*row[:6], _flag(row[6]), *row[7:]))
        for row in rows
    )
    digest.update("\x1e".join(keys).encode())
    digest.update(dump_json({k: small[k] for k in _SMALL}, indent=None, sort_keys=True).encode())
    return data, digest.digest()


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    value = Decimal(text)
    return value if value.is_finite() else None


def _entries(rows: Sequence[ScoreRow], scheme: Scheme) -> tuple[ScoreEntry, ...] | None:
    """Every row as a `ScoreEntry`, or None when any row is not one the parser would accept."""
    rules: dict[str, LeafRule] = build_rules(scheme)
    entries = []
    for unit, indicator, period, scorer, value, actual, met, incidents, rank in rows:
        rule = rules.get(indicator)
        if rule is None or unit not in rule.units or period not in rule.available:
            return None
        method = rule.leaf.method
        number = _number(value)
        measured = _number(actual)
        if method is Method.MANUAL:
            if (
                not scorer.strip()
                or number is None
                or not _ZERO <= number <= rule.available[period]
            ):
                return None
            if (actual, incidents, rank) != (None, None, None):
                return None
        else:
            if scorer or value is not None:
                return None
            if method is Method.RATIO or method is Method.LINEAR:
                if measured is None or (incidents, rank) != (None, None):
                    return None
            elif method is Method.DEDUCTION:
                if incidents is None or incidents < 0 or (actual, rank) != (None, None):
                    return None
            elif method is Method.RANK:
                if rank is None or rank < 1 or (actual, incidents) != (None, None):
                    return None
            elif (actual, incidents, rank) != (None, None, None):
                return None
        if ("met" in rule.fields) != (met is not None):
            return None
        entries.append(
            ScoreEntry(
                unit,
                indicator,
                period,
                scorer or None,
                number,
                measured,
                met,
                incidents,
                rank,
            )
        )
    return tuple(entries)
