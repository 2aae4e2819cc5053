"""A JSON data file decoded against its scheme: the score entries checked while they are read.

msgspec decodes the file into one struct type per leaf, told apart by the entry's `indicator`
(a tagged union): the unit and period must be among the leaf's (a `Literal` of the scheme's own
strings, which the entry then holds), the fields must be exactly the leaf's method's, numbers
exact Decimals from their text, integers and flags of their type. What is left for Python is
checked a column at a time (`leaf_columns`, with the checks `score_columns` makes too): no
repeated (unit, period[, scorer]), manual values within the period's points, scorers not blank.
The rest of the document is read with every float as the Decimal of its text, as the exact path
reads it.

Two things a decoder keeps quiet about are found by counting the file's double quotes: a key
given twice (the decoder keeps the last) and a number written as a string (a Decimal field
accepts "1.5"). Every quote of a JSON text opens or closes a key or a string, or is escaped
inside one; the decoded document says how many keys and strings there must be, so the count
matches only if no key repeats, no number was a string and no quote was escaped. Anything the
decoder refuses, or a count that does not match, returns None: the caller takes the other paths,
which give every message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter, call
from typing import Annotated, Any, Literal, NewType, Union

import msgspec

from jixiao.engine.columns import LeafColumns, ScoreColumns
from jixiao.engine.formats.score_columns import repeats, within_points
from jixiao.engine.formats.score_rules import LeafRule

SECTIONS = ("scores", "ratings", "adjustments", "city_items", "previous")
_STRINGS = frozenset(("unit", "period", "scorer"))
_FIELD_TYPES: dict[str, Any] = {
    "scorer": str,
    "value": Decimal,
    "actual": Decimal,
    "met": bool,
    "incidents": Annotated[int, msgspec.Meta(ge=0)],
    "rank": Annotated[int, msgspec.Meta(ge=1)],
}
_unit, _period = attrgetter("unit"), attrgetter("period")


class TypedData:
    """The decoder of one scheme's data files (build once per scheme; `decode` per file)."""

    def __init__(self, rules: Mapping[str, LeafRule]) -> None:
        literals: dict[frozenset[str], Any] = {}

        def one_of(values: frozenset[str]) -> Any:
            # A NewType, or `typing` walks the thousands of values for every leaf's struct.
            if values not in literals:
                choices = Literal[tuple(sorted(values))]  # type: ignore[valid-type]
                literals[values] = NewType(f"OneOf{len(literals)}", choices)
            return literals[values]

        self.rules: dict[type, LeafRule] = {}
        self.quotes: dict[type, int] = {}
        for number, rule in enumerate(rules.values()):
            if not rule.units or not rule.available:
                continue  # no entry can be right: one of them sends the file the other way
            fields: list[tuple[str, Any]] = [
                ("unit", one_of(rule.units)),
                ("period", one_of(frozenset(rule.available))),
            ]
            fields += [(field, _FIELD_TYPES[field]) for field in rule.required]
            kind = msgspec.defstruct(
                f"Leaf{number}",
                fields,
                tag_field="indicator",
                tag=rule.leaf.code,
                forbid_unknown_fields=True,
                gc=False,
            )
            self.rules[kind] = rule
            # the tag's key and value, every field's key, and the fields read from strings
            strings = 2 + len(fields) + sum(1 for name, _ in fields if name in _STRINGS)
            self.quotes[kind] = 2 * strings
        self.decoder: msgspec.json.Decoder[Any] | None = None
        if self.rules:
            entry = Union[tuple(self.rules)]  # type: ignore[valid-type]  # noqa: UP007
            document = msgspec.defstruct(
                "DataDocument",
                [
                    (name, list[entry] if name == "scores" else Any, msgspec.UNSET)  # type: ignore[valid-type]
                    for name in ("format", "scheme", *SECTIONS)
                ],
                forbid_unknown_fields=True,
            )
            self.decoder = msgspec.json.Decoder(document, float_hook=Decimal)

    def decode(self, raw: bytes) -> tuple[dict[str, Any], ScoreColumns] | None:
        """The document (scores left out) and its checked score columns, or None (see module)."""
        if self.decoder is None:
            return None
        try:
            decoded = self.decoder.decode(raw)
        except (msgspec.DecodeError, RecursionError):
            return None
        document = {
            name: getattr(decoded, name)
            for name in decoded.__struct_fields__
            if getattr(decoded, name) is not msgspec.UNSET
        }
        expected = 2 * len(document)  # the top level's keys
        entries: list[Any] = document.pop("scores", [])
        groups: dict[type, list[Any]] = {kind: [] for kind in self.rules}
        appends = {kind: items.append for kind, items in groups.items()}
        deque(map(call, map(appends.__getitem__, map(type, entries)), entries), maxlen=0)
        expected += sum(len(items) * self.quotes[kind] for kind, items in groups.items())
        try:
            expected += sum(map(_quotes, document.values()))
        except RecursionError:
            return None  # nested about as deep as the decoder goes: the other paths say so
        if raw.count(b'"') != expected:
            return None
        leaves: list[LeafColumns] = []
        for kind, items in groups.items():
            if items:
                leaf = leaf_columns(self.rules[kind], items)
                if leaf is None:
                    return None
                leaves.append(leaf)
        codes = _Codes(entries, {kind: rule.leaf.code for kind, rule in self.rules.items()})
        return document, ScoreColumns(leaves, codes)


def _quotes(value: object) -> int:
    """The double quotes the JSON text of a decoded value holds, none escaped."""
    kind = type(value)
    if kind is str:
        return 2
    if kind is list:
        return sum(map(_quotes, value))  # type: ignore[call-overload]
    if kind is dict:
        return 2 * len(value) + sum(map(_quotes, value.values()))  # type: ignore[arg-type,attr-defined]
    return 0


def leaf_columns(rule: LeafRule, items: Sequence[Any]) -> LeafColumns | None:
    """One leaf's decoded entries as columns, or None if the rules across entries fail."""
    units = list(map(_unit, items))
    periods = list(map(_period, items))
    found: dict[str, Sequence[Any]] = {
        field: list(map(attrgetter(field), items)) for field in rule.required
    }
    scorers = found.get("scorer")
    if scorers is not None:  # a manual leaf
        if not all(map(str.strip, set(scorers))):
            return None
        if not within_points(rule, found["value"], periods):
            return None
    if repeats(units, periods, scorers):
        return None  # the full path names both entries
    return LeafColumns(rule.leaf.code, units, periods, **found)


class _Codes(Sequence[str]):
    """Each entry's leaf code in file order, worked out when first read."""

    __slots__ = ("_codes", "_entries", "_of")

    def __init__(self, entries: list[Any], of: dict[type, str]) -> None:
        self._entries: list[Any] | None = entries
        self._of = of
        self._codes: list[str] | None = None

    def _all(self) -> list[str]:
        if self._codes is None:
            assert self._entries is not None
            self._codes = list(map(self._of.__getitem__, map(type, self._entries)))
            self._entries = None
        return self._codes

    def __len__(self) -> int:
        return len(self._codes) if self._codes is not None else len(self._entries or ())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())
