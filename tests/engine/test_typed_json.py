"""The typed JSON path (`typed_json.TypedData`) gives what the exact path gives, or steps aside.

Every case compares `load_data` of a JSON file with `parse_data` of the same document read the
exact way (the standard decoder, every number a Decimal): the same entries with every number
written alike, or the same issues. Where the typed decoder must step aside, the test says so.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.engine import Data, FormatError, load_data, parse_data
from jixiao.engine.formats import read_document
from jixiao.engine.formats.score_rules import build_rules
from jixiao.engine.formats.typed_json import TypedData
from jixiao.engine.model import Scheme


def _text(doc: Any, indent: int | None = None) -> str:
    """JSON text with each Decimal written as its own text."""
    text = json.dumps(doc, default=lambda d: f"<n:{d}:n>", ensure_ascii=False, indent=indent)
    return text.replace('"<n:', "").replace(':n>"', "")


def _written(data: Data) -> list[str]:
    """Every entry and row with its numbers as written (`0.50` is not `0.5`)."""
    parts = ("scores", "ratings", "adjustments", "city_items", "previous")
    return [repr(row) for part in parts for row in getattr(data, part)]


def _typed(scheme: Scheme, text: str) -> tuple[dict[str, Any], Any] | None:
    return TypedData(build_rules(scheme)).decode(text.encode())


def _outcome(read: Callable[[], Data]) -> tuple[str, Any]:
    try:
        return "data", _written(read())
    except FormatError as error:
        return "issues", error.issues


def _same_as_exact(scheme: Scheme, text: str, path: Path) -> tuple[str, Any]:
    path.write_text(text, encoding="utf-8")
    exact = json.loads(text, parse_float=Decimal)
    typed = _outcome(lambda: load_data(path, scheme))
    assert typed == _outcome(lambda: parse_data(exact, scheme, str(path)))
    return typed


@pytest.fixture
def doc(example_dir: Path) -> dict[str, Any]:
    document = read_document(example_dir / "data.yaml")
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("indent", [None, 2])
def test_the_example_is_read_by_the_typed_decoder_as_the_exact_path_reads_it(
    example_scheme: Scheme, doc: dict[str, Any], tmp_path: Path, indent: int | None
) -> None:
    text = _text(doc, indent)
    decoded = _typed(example_scheme, text)
    assert decoded is not None, "the typed decoder vouches for a well-formed file"
    document, scores = decoded
    assert "scores" not in document
    assert len(scores) == len(doc["scores"])
    kind, _ = _same_as_exact(example_scheme, text, tmp_path / "data.json")
    assert kind == "data"


def test_numbers_keep_their_text_and_entries_hold_the_schemes_strings(
    example_scheme: Scheme, doc: dict[str, Any], tmp_path: Path
) -> None:
    manual = next(e for e in doc["scores"] if "scorer" in e and "met" not in e)
    ratio = next(e for e in doc["scores"] if "actual" in e)
    manual["value"], ratio["actual"] = Decimal("0.50"), Decimal("1E+2")
    text = _text(doc).replace('"actual": 1E+2', '"actual": 1e2')
    assert _typed(example_scheme, text) is not None
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    data = load_data(path, example_scheme)
    written = {str(e.value) for e in data.scores} | {str(e.actual) for e in data.scores}
    assert {"0.50", "1E+2"} <= written
    codes = {unit.code: unit.code for unit in example_scheme.units}
    assert all(e.unit is codes[e.unit] for e in data.scores)


def _first(doc: dict[str, Any], *fields: str) -> dict[str, Any]:
    return next(e for e in doc["scores"] if all(f in e for f in fields))


STEPS_ASIDE: dict[str, Callable[[dict[str, Any]], str | None]] = {
    # returns new text for the whole file, or None to write the changed document
    "a number written as a string": lambda d: _set(d, ("value",), "value", "3.01"),
    "a quote escaped in a scorer": lambda d: _set(d, ("scorer",), "scorer", 'ling"dao'),
    "an unknown field": lambda d: _set(d, ("actual",), "remark", "x"),
    "a missing field": lambda d: _drop(d, ("scorer",), "scorer"),
    "a unit not in the scheme": lambda d: _set(d, ("actual",), "unit", "nowhere"),
    "a leaf not in the scheme": lambda d: _set(d, ("actual",), "indicator", "Z9"),
    "a period not in the scheme": lambda d: _set(d, ("actual",), "period", "Q9"),
    "a flag as a number": lambda d: _set(d, ("met",), "met", 1),
    "incidents below zero": lambda d: _set(d, ("incidents",), "incidents", -1),
    "incidents as a decimal": lambda d: _set(d, ("incidents",), "incidents", Decimal("1.0")),
    "rank zero": lambda d: _set(d, ("rank",), "rank", 0),
    "a value as a flag": lambda d: _set(d, ("value",), "value", True),
    "a value of null": lambda d: _set(d, ("actual",), "actual", None),
    "a manual value over the period's points": lambda d: _set(d, ("value",), "value", 999),
    "a manual value below zero": lambda d: _set(d, ("value",), "value", Decimal("-0.5")),
    "a blank scorer": lambda d: _set(d, ("scorer",), "scorer", " \u3000"),
    "a repeated entry": lambda d: _repeat(d),
    "an unknown section": lambda d: _top(d, "extra", []),
    "scores not a list": lambda d: _top(d, "scores", {}),
    "a repeated key in an entry": lambda d: _text(d).replace(
        '"unit": "liangtian"', '"unit": "liangtian", "unit": "liangtian"', 1
    ),
    "a repeated key at the top": lambda d: _text(d).replace(
        '"format": ', '"scheme": "x", "format": ', 1
    ),
    "a repeated key in a rating": lambda d: _text(d).replace(
        '"component": ', '"value": 1, "component": ', 1
    ),
    "not JSON": lambda d: _text(d)[:-1],
}


def _set(doc: dict[str, Any], fields: tuple[str, ...], key: str, value: Any) -> None:
    _first(doc, *fields)[key] = value


def _drop(doc: dict[str, Any], fields: tuple[str, ...], key: str) -> None:
    del _first(doc, *fields)[key]


def _repeat(doc: dict[str, Any]) -> None:
    doc["scores"].append(dict(_first(doc, "actual")))


def _top(doc: dict[str, Any], key: str, value: Any) -> None:
    doc[key] = value


@pytest.mark.parametrize("case", list(STEPS_ASIDE))
def test_the_typed_decoder_steps_aside_and_the_outcome_is_the_exact_paths(
    example_scheme: Scheme, doc: dict[str, Any], tmp_path: Path, case: str
) -> None:
    text = STEPS_ASIDE[case](doc)
    if text is None:
        text = _text(doc)
    assert _typed(example_scheme, text) is None
    path = tmp_path / "data.json"
    if case == "not JSON":
        path.write_text(text, encoding="utf-8")
        with pytest.raises(FormatError):
            load_data(path, example_scheme)
        return
    if "repeated key" in case:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(FormatError, match="重复的键"):
            load_data(path, example_scheme)
        return
    _same_as_exact(example_scheme, text, path)


def test_quotes_inside_other_sections_and_escapes_are_read_right(
    example_scheme: Scheme, doc: dict[str, Any], tmp_path: Path
) -> None:
    doc["adjustments"][0]["reason"] = "创新奖\t（第二次）\\"
    text = _text(doc)
    assert _typed(example_scheme, text) is not None  # a backslash is no quote
    kind, _ = _same_as_exact(example_scheme, text, tmp_path / "data.json")
    assert kind == "data"
    doc["adjustments"][0]["reason"] = '称"优秀"'
    assert _typed(example_scheme, _text(doc)) is None
    _same_as_exact(example_scheme, _text(doc), tmp_path / "data.json")


def test_random_changes_give_the_exact_paths_outcome(
    example_scheme: Scheme, example_dir: Path, tmp_path: Path
) -> None:
    """Entries changed at random (a field dropped, added, retyped or given another entry's
    value): whatever the typed decoder says, `load_data` answers as the exact path does."""
    rnd = random.Random(2015)
    values: list[Any] = [
        "liangtian", "Q1", "Q5", "", " ", "A1", "B1", 0, -1, 1, 7, True, False, None,
        Decimal("0.50"), Decimal("84.23"), Decimal("-0.0"), Decimal("1E+400"), "3.01", [], {},
    ]  # fmt: skip
    fields = ["unit", "indicator", "period", "scorer", "value", "actual", "met", "incidents",
              "rank", "note"]  # fmt: skip
    typed_took = 0
    for _ in range(120):
        document = read_document(example_dir / "data.yaml")
        assert isinstance(document, dict)
        for _ in range(rnd.randint(1, 3)):
            index = rnd.randrange(len(document["scores"]))
            entry = document["scores"][index]
            field = rnd.choice(fields)
            if rnd.random() < 0.5:  # harmless: the keys in another order, a scorer renamed
                document["scores"][index] = dict(reversed(entry.items()))
                if "scorer" in entry:
                    document["scores"][index]["scorer"] = rnd.choice(["另一位", "x y"])
            elif field in entry and rnd.random() < 0.3:
                del entry[field]
            else:
                entry[field] = rnd.choice([*values, rnd.choice(document["scores"]).get(field)])
        text = _text(document, rnd.choice([None, 1]))
        typed_took += _typed(example_scheme, text) is not None
        _same_as_exact(example_scheme, text, tmp_path / "data.json")
    assert typed_took > 0, "some changes keep the file well formed"


@pytest.mark.parametrize("syntax", ["json", "yaml"])
@pytest.mark.parametrize("depth", [960, 5000])
def test_a_file_nested_too_deep_is_refused_with_a_message(
    example_scheme: Scheme, tmp_path: Path, syntax: str, depth: int
) -> None:
    """Lists inside lists a thousand deep: a refusal that says what is wrong, not a crash."""
    nested = "[" * depth + "]" * depth
    path = tmp_path / f"data.{syntax}"
    if syntax == "json":
        path.write_text(
            '{"format": "jixiao.data/1", "scheme": "jinfeng-2015", "ratings": ' + nested + "}"
        )
    else:
        path.write_text("format: jixiao.data/1\nscheme: jinfeng-2015\nratings: " + nested + "\n")
    with pytest.raises(FormatError) as caught:
        load_data(path, example_scheme)
    said = str(caught.value)  # the entry, or the nesting (the parser's own words in YAML)
    assert said.startswith(str(path))
    assert "ratings[0]" in said or "嵌套层数过多" in said or "nesting depth" in said
