"""How a set of scores is spread: minimum, quartiles, maximum, mean and a histogram, exactly.

Quartiles are interpolated between the two nearest ranks (the `(n - 1) p` rule, numpy's and
Excel's QUARTILE.INC), which with Decimals is exact: the fraction is a multiple of a quarter.
The mean is rounded half up to four places. The histogram has `BINS` bins of equal width over
the indicator's range, 0 to its full score, when every value lies in it, else over the values'
own range; each bin holds its lower edge, the last one its upper edge too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BINS = 10
MEAN_PLACES = Decimal("0.0001")
QUARTER = Decimal("0.25")


@dataclass(frozen=True)
class Bin:
    """One bar of a histogram: `[low, high)`, the last bar `[low, high]`."""

    low: Decimal
    high: Decimal
    count: int


@dataclass(frozen=True)
class Distribution:
    count: int
    minimum: Decimal
    first_quartile: Decimal
    median: Decimal
    third_quartile: Decimal
    maximum: Decimal
    mean: Decimal
    bins: list[Bin]


def quantile(ordered: Sequence[Decimal], quarters: int) -> Decimal:
    """The `quarters`/4 quantile of sorted values, interpolated between the nearest ranks."""
    position = (len(ordered) - 1) * quarters * QUARTER
    below = int(position)
    fraction = position - below
    if fraction == 0 or below + 1 >= len(ordered):
        return ordered[below]
    return ordered[below] + fraction * (ordered[below + 1] - ordered[below])


def histogram(values: Sequence[Decimal], low: Decimal, high: Decimal) -> list[Bin]:
    """`BINS` bins of equal width from `low` to `high` (one bin when they are equal)."""
    if high <= low:
        return [Bin(low, high, len(values))]
    width = (high - low) / BINS
    edges = [low + width * index for index in range(BINS)] + [high]
    counts = [0] * BINS
    for value in values:
        index = min(int((value - low) / width), BINS - 1)
        counts[index] += 1
    return [Bin(edges[index], edges[index + 1], counts[index]) for index in range(BINS)]


def distribution(values: Sequence[Decimal], full: Decimal | None = None) -> Distribution | None:
    """The spread of `values` (None when there are none); `full` is the indicator's full score."""
    if not values:
        return None
    ordered = sorted(values)
    lowest, highest = ordered[0], ordered[-1]
    if full is not None and full > 0 and lowest >= 0 and highest <= full:
        low, high = Decimal(0), full
    else:
        low, high = lowest, highest
    mean = (sum(ordered, Decimal(0)) / len(ordered)).quantize(MEAN_PLACES, ROUND_HALF_UP)
    return Distribution(
        count=len(ordered),
        minimum=lowest,
        first_quartile=quantile(ordered, 1),
        median=quantile(ordered, 2),
        third_quartile=quantile(ordered, 3),
        maximum=highest,
        mean=mean,
        bins=histogram(ordered, low, high),
    )
