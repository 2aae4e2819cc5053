"""Scalars as the API takes them: a `Decimal` is a finite figure. Strawberry's own Decimal takes
"NaN" and "Infinity", which no rule of ours compares (a comparison with NaN raises) and no
figure of an appraisal is; they are refused at the argument, like any other malformed number."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, DecimalException

from strawberry.schema.types.base_scalars import DecimalDefinition, wrap_parser
from strawberry.types.scalar import ScalarDefinition


def finite_decimal(text: str) -> Decimal:
    """The Decimal of a figure's text; ValueError for anything else, NaN and Infinity too."""
    try:
        value = Decimal(text)
    except DecimalException:
        raise ValueError("expected a number such as 12.5") from None
    if not value.is_finite():
        raise ValueError("expected a finite number, not NaN or Infinity")
    return value


FINITE_DECIMAL: ScalarDefinition = dataclasses.replace(
    DecimalDefinition,
    parse_value=wrap_parser(finite_decimal, "Decimal", accept_non_string=True),
)
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {Decimal: FINITE_DECIMAL}
