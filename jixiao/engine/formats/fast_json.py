"""JSON read fast and still exactly: orjson, kept only when writing its result back gives the text.

orjson reads numbers with a fraction or exponent as floats and keeps the last of duplicate keys.
Writing the parsed document back with orjson gives each float as its shortest repr and each key
once; when that equals the file (byte for byte, or once blanks are dropped on both sides), no key
was repeated, no escape was rewritten, and every number in the file is written exactly as orjson
writes its float, so `Decimal(orjson.dumps(x))` is the number of the file. Anything else (a
duplicate key, `80.50`, `1E2`, a number a float cannot hold, a big integer, an escape such as
`\u00e9`) returns None and the caller takes the exact path (`json` with Decimal, every message as
before).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson

_BLANKS = b" \t\r\n"


def loads_exact(raw: bytes) -> object | None:
    """The JSON document with its floats as read (see the module), or None if not provably exact."""
    try:
        document: object = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    try:
        again = orjson.dumps(document)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes (255): not provable
        return None
    if again != raw and again.translate(None, _BLANKS) != raw.translate(None, _BLANKS):
        return None
    return document


class Decimals(dict[float, Decimal]):
    """float → the Decimal of its text in the file, computed once per distinct value."""

    def __missing__(self, number: float) -> Decimal:
        exact = Decimal(orjson.dumps(number).decode("ascii"))
        if number != 0:  # 0.0 and -0.0 are one key but two texts
            self[number] = exact
        return exact


def with_decimals(value: Any, decimals: Decimals | None = None) -> Any:
    """The document with every float replaced by its Decimal (lists and dicts are rebuilt)."""
    if decimals is None:
        decimals = Decimals()
    kind = type(value)
    if kind is dict:
        return {key: with_decimals(item, decimals) for key, item in value.items()}
    if kind is list:
        return [with_decimals(item, decimals) for item in value]
    if kind is float:
        return decimals[value]
    return value
