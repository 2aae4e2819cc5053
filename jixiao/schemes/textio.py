"""Writing interchange documents as YAML or JSON with every figure exact (no floats)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import yaml

_MARK = "\x00dec:"
_MARKED = re.compile(r'"\\u0000dec:([^"]*)"')


def _figure(value: Decimal) -> str:
    return format(value, "f")


class _Dumper(yaml.SafeDumper):
    """Safe YAML dumper that writes Decimals as plain numbers from their exact text."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", _figure(value))


_Dumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(document: Any) -> str:
    """A YAML document, keys in the given order, Chinese kept readable."""
    text: str = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    return text


def _marked(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _MARK + (str(int(value)) if value == value.to_integral_value() else _figure(value))
    if isinstance(value, dict):
        return {str(k): _marked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_marked(item) for item in value]
    return value


def dump_json(document: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """A JSON document whose Decimals are written as exact JSON numbers."""
    text = json.dumps(
        _marked(document),
        ensure_ascii=False,
        indent=indent,
        sort_keys=sort_keys,
        separators=None if indent else (",", ":"),
    )
    return _MARKED.sub(lambda match: match.group(1), text)


def split_documents(text: str) -> list[str]:
    """The documents of a YAML stream (`---` lines between them); JSON text is one document."""
    if text.lstrip().startswith(("{", "[")):
        return [text]
    parts = re.split(r"(?m)^---[ \t]*$", text)
    return [part for part in parts if part.strip()]
