"""The quick check of stored score rows (`stored_data.build_entries`) accepts only what the
engine's parser accepts, and gives the entries the parser gives: any row, good or bad."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.engine import FormatError, parse_data, parse_scheme
from jixiao.engine.formats.reading import parse_bytes
from jixiao.engine.model import Scheme
from jixiao.schemes.stored_data import RowRefused, build_entries, rules_of

EXAMPLE = Path(__file__).resolve().parents[2] / "jixiao" / "engine" / "examples" / "jinfeng-2015"


def example_scheme() -> Scheme:
    """The example scheme with every kind of leaf: A1 binding (so it needs `met`), C3 pass/fail."""
    path = EXAMPLE / "scheme.yaml"
    document: Any = parse_bytes(path.read_bytes(), path)
    leaves = {
        leaf["code"]: leaf
        for node in document["scheme"]["indicators"]
        for leaf in node.get("children", [])
    }
    leaves["A1"]["binding"] = True
    c3 = leaves["C3"]
    c3["method"] = "pass_fail"
    for field in ("target", "lower_is_better"):
        del c3[field]
    return parse_scheme(document, "scheme")


SCHEME = example_scheme()
PLANS = rules_of(SCHEME)
NUMBERS = [None, Decimal("0"), Decimal("1.5"), Decimal("-2"), Decimal("100"), Decimal("NaN")]
NUMBERS += [Decimal("Infinity"), Decimal("3.75"), Decimal("0.00")]

GOOD = [
    ("liangtian", "A1", "Q2", "", None, Decimal("80"), True, None, None),
    ("liangtian", "A2", "Q1", "", None, Decimal("75.5"), None, None, None),
    ("liangtian", "B1", "Q1", "lingdao1", Decimal("3.75"), None, None, None, None),
    ("liangtian", "C1", "Q2", "", None, None, None, 2, None),
    ("liangtian", "C2", "Q4", "", None, None, None, None, 3),
    ("liangtian", "C3", "Q4", "", None, None, False, None, None),
]
# What each field of a row may be instead: good for some leaves, wrong for others.
FIELDS = [
    ["liangtian", "fagaiju", "nowhere", "huanghedonglu"],
    ["A1", "A2", "B1", "B2", "C1", "C2", "C3", "A", "X9"],
    ["Q1", "Q2", "Q4", "Q5"],
    ["", "lingdao1", "  ", "fagaiju"],
    NUMBERS,
    NUMBERS,
    [None, True, False],
    [None, 0, 2, -1],
    [None, 1, 3, 0, 9],
]


@st.composite
def rows(draw: st.DrawFn) -> tuple[Any, ...]:
    """A good row of some kind of leaf with up to three of its fields changed."""
    row = list(draw(st.sampled_from(GOOD)))
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(FIELDS) - 1))
        row[index] = draw(st.sampled_from(FIELDS[index]))
    return tuple(row)


def as_entry(row: tuple[Any, ...]) -> dict[str, Any]:
    """The `jixiao.data/1` entry the row stands for (what an export writes)."""
    unit, indicator, period, scorer, value, actual, met, incidents, rank = row
    entry: dict[str, Any] = {"unit": unit, "indicator": indicator, "period": period}
    if scorer:
        entry["scorer"] = scorer
    for name, field in (
        ("value", value),
        ("actual", actual),
        ("met", met),
        ("incidents", incidents),
        ("rank", rank),
    ):
        if field is not None:
            entry[name] = field
    return entry


def parsed(row: tuple[Any, ...]) -> Any:
    document = {"format": "jixiao.data/1", "scheme": SCHEME.code, "scores": [as_entry(row)]}
    try:
        return parse_data(document, SCHEME).scores
    except FormatError:
        return None


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=rows())
def test_the_quick_check_is_the_parsers_own(row: tuple[Any, ...]) -> None:
    expected = parsed(row)
    try:
        quick = build_entries([row], PLANS)
    except RowRefused:
        # refused here: the parser then names it (or takes it as it reads it)
        return
    assert expected is not None, f"quick check took a row the parser refuses: {row}"
    assert quick == expected


@pytest.mark.parametrize("row", GOOD)
def test_every_kind_of_good_row_takes_the_quick_path(row: tuple[Any, ...]) -> None:
    assert build_entries([row], PLANS) == parsed(row)
