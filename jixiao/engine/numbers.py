"""Decimal context and rounding of published figures."""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

# Sums of entered figures are exact at this precision; a quotient (a mean, actual/target, the
# indicator percentage) is kept to 60 significant digits.
ENGINE_CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Quotients carry an error far below 1e-40; snapping to 1e-30 first makes a value whose exact
# form ends in ...5 at the third place (e.g. 84.125 reached as 84.12499…9) round half-up as it
# should.
_SNAP = Decimal("1e-30")


def snap(value: Decimal) -> Decimal:
    """Drop the noise of 60-digit quotients (below 1e-30) before comparing or rounding."""
    return value.quantize(_SNAP, rounding=ROUND_HALF_EVEN, context=ENGINE_CONTEXT)


def publish(value: Decimal) -> Decimal:
    """Round a figure for publication: half-up to 2 places."""
    return snap(value).quantize(CENT, rounding=ROUND_HALF_UP, context=ENGINE_CONTEXT)


def show(value: Decimal) -> str:
    """A figure as people read it in an explanation: rounded, trailing zeros dropped."""
    text = f"{publish(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def plain(value: Decimal) -> str:
    """An entered figure exactly as given, without trailing zeros (e.g. 1.20 → 1.2)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
