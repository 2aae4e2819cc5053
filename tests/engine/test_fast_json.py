"""The fast JSON path gives what the exact path gives, or steps aside for it."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

from jixiao.engine import FormatError, load_data, parse_data
from jixiao.engine.formats import parse_text, read_document
from jixiao.engine.formats.fast_json import Decimals, loads_exact, with_decimals
from jixiao.engine.model import Scheme


def exact(text: str) -> Any:
    """The exact path: the standard decoder with every number a Decimal."""
    return json.loads(text, parse_float=Decimal)


def same(left: Any, right: Any) -> bool:
    """Equal, and every Decimal written alike (`80.50` is not `80.5`)."""
    if isinstance(left, dict) and isinstance(right, dict):
        pairs = zip(left.items(), right.items(), strict=False)
        return list(left) == list(right) and all(same(a[1], b[1]) for a, b in pairs)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same, left, right))
    return type(left) is type(right) and str(left) == str(right)


@pytest.mark.parametrize(
    "text",
    [
        '{"a":84.23,"b":2,"c":[0.5,-0.0,0.0,1e-7,1.5e+300,100.0,-3]}',
        '{\n  "a": 84.23,\n  "b": [1, 2.5, true, null, "x y"]\n}',
        '{"a":1.0e2}',
        '{"a":80.50}',
        '{"a":1E2,"b":1e2}',
        '{"a":0.1000000000000000055511151231257827}',
        '{"a":12345678901234567890.12345}',
        '{"a":123456789012345678901234567890}',
        '{"a":18446744073709551616,"b":-9223372036854775809}',
        '{"a":"\\u00e9\\t"}',
        '{"a":"é\\t"}',
        "[1.10, 2.2]",
    ],
)
def test_every_number_is_the_decimal_of_its_text(text: str) -> None:
    fast = loads_exact(text.encode())
    if fast is not None:
        assert same(with_decimals(fast), exact(text))
    assert same(parse_text(text, "x.json"), exact(text))


@pytest.mark.parametrize(
    "text",
    [
        '{"a":80.50}',
        '{"a":1E2}',
        '{"a":0.1000000000000000055511151231257827}',
        '{"a":12345678901234567890.12345}',
        '{"a":123456789012345678901234567890}',
        '{"a":"\\u00e9"}',
    ],
)
def test_text_a_float_does_not_keep_goes_the_exact_way(text: str) -> None:
    assert loads_exact(text.encode()) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"format":"x","format":"y"}', "format"),
        ('{"a":{"unit":"u","unit":"u"}}', "unit"),
        ('{"scores":[{"unit":"u"},{"met":true,"met":true}]}', "met"),
        ('{\n  "a": 1,\n  "a": 1\n}', "a"),
    ],
)
def test_duplicate_keys_are_refused_at_any_depth(text: str, key: str) -> None:
    assert loads_exact(text.encode()) is None
    with pytest.raises(FormatError) as caught:
        parse_text(text, "x.json")
    assert str(caught.value) == f"x.json: JSON 错误：重复的键“{key}”"


def test_random_floats_keep_their_text() -> None:
    rnd = random.Random(13)
    numbers = [round(rnd.uniform(-1e6, 1e6), rnd.randint(0, 9)) for _ in range(2000)]
    numbers += [rnd.uniform(0, 1) * 10.0 ** rnd.randint(-30, 30) for _ in range(2000)]
    raw = orjson.dumps({"n": numbers})
    fast = loads_exact(raw)
    assert fast is not None
    assert same(with_decimals(fast), exact(raw.decode()))


def test_decimals_tell_zero_from_minus_zero() -> None:
    decimals = Decimals()
    texts = [str(decimals[x]) for x in (0.0, -0.0, 0.0, 2.5, 2.5)]
    assert texts == ["0.0", "-0.0", "0.0", "2.5", "2.5"]


def test_json_data_file_reads_like_its_yaml(
    example_dir: Path, example_scheme: Scheme, tmp_path: Path
) -> None:
    doc = read_document(example_dir / "data.yaml")
    path = tmp_path / "data.json"
    for indent in (None, 2):  # compact, and indented as people write it
        path.write_text(_numbers_bare(doc, indent), encoding="utf-8")
        assert loads_exact(path.read_bytes()) is not None
        assert load_data(path, example_scheme) == parse_data(doc, example_scheme, str(path))


def _numbers_bare(doc: Any, indent: int | None) -> str:
    """JSON text with each Decimal written as its own text."""
    text = json.dumps(doc, default=lambda d: f"<n:{d}:n>", ensure_ascii=False, indent=indent)
    return text.replace('"<n:', "").replace(':n>"', "")


def test_a_bad_entry_in_a_json_file_is_named_as_before(
    example_dir: Path, example_scheme: Scheme, tmp_path: Path
) -> None:
    doc = read_document(example_dir / "data.yaml")
    assert isinstance(doc, dict)
    doc["scores"][3]["unit"] = "nowhere"
    doc["scores"].append(dict(doc["scores"][0]))
    path = tmp_path / "data.json"
    path.write_text(_numbers_bare(doc, None), encoding="utf-8")
    with pytest.raises(FormatError) as fast:
        load_data(path, example_scheme)
    with pytest.raises(FormatError) as slow:
        parse_data(doc, example_scheme, str(path))
    assert fast.value.issues == slow.value.issues
    assert "scores[3].unit" in str(fast.value)
