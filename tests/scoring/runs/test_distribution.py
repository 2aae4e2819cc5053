"""The spread of scores: quartiles as QUARTILE.INC gives them, a mean to four places, bins."""

from __future__ import annotations

import statistics
from decimal import Decimal

from jixiao.scoring.runs.distribution import distribution, quantile


def _d(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_quartiles_mean_and_bins_of_known_scores() -> None:
    found = distribution(_d("2", "4", "4", "5", "7", "9", "10"), Decimal(10))
    assert found is not None
    assert (found.count, found.minimum, found.maximum) == (7, Decimal(2), Decimal(10))
    # (n - 1) p: 1.5 → between 4 and 4; 3 → 5; 4.5 → between 7 and 9.
    assert (found.first_quartile, found.median, found.third_quartile) == (
        Decimal(4),
        Decimal(5),
        Decimal(8),
    )
    assert found.mean == Decimal("5.8571")  # 41 / 7, half up
    # Ten bins of 1 over 0..10 (the full score): 10 falls in the last bin.
    assert [(b.low, b.high) for b in found.bins][:2] == [(0, 1), (1, 2)]
    assert [b.count for b in found.bins] == [0, 0, 1, 0, 2, 1, 0, 1, 0, 2]


def test_quantiles_agree_with_the_inclusive_method() -> None:
    values = sorted(_d("3.25", "1.5", "2.75", "0", "4", "3.5", "2", "1.25"))
    expected = statistics.quantiles(values, n=4, method="inclusive")
    assert [quantile(values, q) for q in (1, 2, 3)] == expected


def test_scores_outside_the_full_score_use_their_own_range() -> None:
    found = distribution(_d("-1", "3"), Decimal(2))
    assert found is not None
    assert (found.bins[0].low, found.bins[-1].high) == (Decimal(-1), Decimal(3))
    assert sum(b.count for b in found.bins) == 2


def test_one_value_and_none() -> None:
    single = distribution(_d("1.5"))
    assert single is not None
    assert (single.median, single.mean, [b.count for b in single.bins]) == (
        Decimal("1.5"),
        Decimal("1.5000"),
        [1],
    )
    assert distribution([]) is None
