"""YAML built straight from its nodes (`_DecimalLoader._plain`) is what PyYAML's constructor
builds, and anything that is not plain goes to PyYAML's constructor with its messages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.engine.formats import FormatError, parse_text, reading
from jixiao.engine.formats.reading import _DecimalLoader


class _PyYamlOnly(_DecimalLoader):
    """The loader with the plain path turned off: PyYAML's constructor for every node."""

    def construct_document(self, node: yaml.Node) -> Any:
        return yaml.constructor.BaseConstructor.construct_document(self, node)


def _typed(value: Any) -> Any:
    """The value with every scalar's type and text, so `80.50` is not `80.5` and 1 not True."""
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, str(value))


def _both(text: str) -> tuple[Any, Any]:
    return (
        yaml.load(text, Loader=_DecimalLoader),
        yaml.load(text, Loader=_PyYamlOnly),
    )


PLAIN = [
    "format: jixiao.data/1\nscores:\n- {unit: u1, period: Q1, value: 80.50, met: true}\n",
    "a: [1, -2, +3, 0, 1_000, 0x1F, 017, 0o17, 0b101, 190:20:30]\n",
    "a: [1.5, -0.0, .5, 1e3, 1.0e+3, .inf, .NaN, 1:30.5]\n",
    "a: [yes, no, true, False, ~, null, '', 'quoted 1', \"x\\ty\"]\n",
    "a: [2015-06-30, 2015-06-30 12:00:00, !!binary aGVsbG8=, !!str 12]\n",
    "3: one\n2.5: two\ntrue: three\n~: four\n",
    "a:\n  b:\n    c: [[], {}, [{}]]\n",
    "",
    "just text\n",
    "- - - deep\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_document_is_built_as_pyyaml_builds_it(text: str) -> None:
    fast, slow = _both(text)
    assert _typed(fast) == _typed(slow)


NOT_PLAIN = [
    "base: &b {x: 1}\nthis: {<<: *b, y: 2}\n",  # a merge key
    "a: &x [1, 2]\nb: *x\n",  # an alias: shared as PyYAML shares it
    "a: &x [1, *x]\n",  # recursive
    "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}, {y: 2}]\n",
    "? [1, 2]\n: complex key\n",
]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_what_is_not_plain_is_left_to_pyyaml(text: str) -> None:
    loader = _DecimalLoader(text)
    try:
        node = loader.get_single_node()
        with pytest.raises(reading._NotPlain):
            loader._plain(node, set())
    finally:
        loader.dispose()
    try:
        fast, slow = _both(text)
    except yaml.YAMLError as error:  # a complex key: PyYAML refuses it either way
        with pytest.raises(type(error)):
            yaml.load(text, Loader=_PyYamlOnly)
        return
    assert repr(fast) == repr(slow)


def test_an_alias_is_one_object_as_pyyaml_makes_it() -> None:
    document = parse_text("a: &x [1, 2]\nb: *x\n", "x.yaml")
    assert isinstance(document, dict)
    assert document["a"] is document["b"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a: 1\nb: 2\na: 3\n", "第3行第1列: YAML 语法错误：重复的键“a”"),
        ("scores:\n- {unit: u1, unit: u2}\n", "第2行第14列: YAML 语法错误：重复的键“unit”"),
        ("1: one\ntrue: two\n", "重复的键“True”"),
        ("a: !!unknown 1\n", "could not determine a constructor for the tag"),
    ],
)
def test_refusals_keep_their_messages_and_places(text: str, said: str) -> None:
    with pytest.raises(FormatError) as caught:
        parse_text(text, "x.yaml")
    assert said in str(caught.value)


def test_the_example_reads_alike_both_ways(example_dir: Path) -> None:
    for name in ("scheme.yaml", "data.yaml"):
        fast, slow = _both((example_dir / name).read_text(encoding="utf-8"))
        assert _typed(fast) == _typed(slow)
        assert isinstance(fast, dict)
    assert any(type(v) is Decimal for v in _leaves(fast))


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]
