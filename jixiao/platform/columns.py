"""Column types for exact figures and small structured values, the same on both databases."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import JSON, Dialect, String, TypeDecorator


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal stored as its text: SQLite would round a NUMERIC through a float."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise TypeError(f"an exact Decimal is needed, got {type(value).__name__}")
        return str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"stored figure {value!r} is not a decimal") from None


def decimal_column() -> DecimalText:
    """The column type of an exact figure (points, shares, weights, values)."""
    return DecimalText()


def json_column() -> JSON:
    """A JSON value (lists of codes, grade lists); figures inside are kept as strings."""
    return JSON(none_as_null=True)


def plain(value: Any) -> Any:
    """A JSON-ready copy of a value whose Decimals become their exact text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
