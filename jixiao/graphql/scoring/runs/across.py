"""Result queries across years (a unit in each year's scheme linked by copy) and across units
(one indicator over every unit of a period, with its distribution)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.graphql.scoring.runs.types import Period, ResultRunType, UnitResultType
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.runs import across
from jixiao.scoring.runs.distribution import Distribution

SchemeCode = Annotated[str, strawberry.argument(description="The scheme's code.")]


@strawberry.type(description="One year's scheme of the chain and the unit's published result.")
class UnitYearPoint:
    scheme_code: str = strawberry.field(description="The code of that year's scheme.")
    scheme_name: str = strawberry.field(description="The name of that year's scheme.")
    year: int = strawberry.field(description="The scheme's appraisal year.")
    run: ResultRunType | None = strawberry.field(
        description="The published annual run; null when the year has none published."
    )
    result: UnitResultType | None = strawberry.field(
        description="The unit's figures in it; null when it has none or the viewer may not "
        "see the unit."
    )


@strawberry.type(description="A leaf indicator of a run.")
class IndicatorOption:
    code: str = strawberry.field(description="The indicator's code, for indicatorCode.")
    name: str = strawberry.field(description="The indicator's name.")


@strawberry.type(description="One unit's score of the indicator in the run.")
class UnitIndicatorScore:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    group_name: str = strawberry.field(description="The name of its group (考评分组).")
    score: Decimal = strawberry.field(description="Points scored (its periods summed).")
    available: Decimal = strawberry.field(description="Full score (its periods summed).")
    status: str = strawberry.field(description="scored, missing or binding_failed.")


@strawberry.type(description="A bar of the histogram: low ≤ score < high (the last: ≤ high).")
class HistogramBin:
    low: Decimal = strawberry.field(description="Lower edge, in points.")
    high: Decimal = strawberry.field(description="Upper edge, in points.")
    count: int = strawberry.field(description="Units whose score falls in the bar.")


@strawberry.type(description="How the scores spread (quartiles interpolated, exact).")
class ScoreDistribution:
    count: int = strawberry.field(description="How many units' scores it covers.")
    minimum: Decimal = strawberry.field(description="The lowest score, in points.")
    first_quartile: Decimal = strawberry.field(description="25th percentile (QUARTILE.INC).")
    median: Decimal = strawberry.field(description="50th percentile (QUARTILE.INC).")
    third_quartile: Decimal = strawberry.field(description="75th percentile (QUARTILE.INC).")
    maximum: Decimal = strawberry.field(description="The highest score, in points.")
    mean: Decimal = strawberry.field(description="The mean score, rounded half up to 4 places.")
    histogram: list[HistogramBin] = strawberry.field(
        description="Ten equal bars from 0 to full points (or over the scores' own range)."
    )

    @classmethod
    def of(cls, found: Distribution) -> ScoreDistribution:
        return cls(
            count=found.count,
            minimum=found.minimum,
            first_quartile=found.first_quartile,
            median=found.median,
            third_quartile=found.third_quartile,
            maximum=found.maximum,
            mean=found.mean,
            histogram=[HistogramBin(low=b.low, high=b.high, count=b.count) for b in found.bins],
        )


@strawberry.type(description="One indicator across the units of a period's shown run.")
class IndicatorSpread:
    run: ResultRunType = strawberry.field(description="The run shown for the period.")
    indicators: list[IndicatorOption] = strawberry.field(
        description="The run's leaf indicators, to choose from."
    )
    indicator_code: str = strawberry.field(description="The indicator shown (asked or first).")
    indicator_name: str = strawberry.field(description="Its name.")
    units: list[UnitIndicatorScore] = strawberry.field(description="Highest score first.")
    distribution: ScoreDistribution | None = strawberry.field(
        description="How the units' scores spread; null when no unit has the indicator."
    )


@strawberry.type
class AcrossQueries:
    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="A unit's published annual result in each year's scheme linked to this "
        "one by copy (copied from last year's), oldest year first.",
    )
    async def unit_across_years(
        self, info: Info, scheme_code: SchemeCode, unit_code: str
    ) -> list[UnitYearPoint]:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: across.unit_across_years(s, scope, scheme_code, unit_code)
        )
        return [
            UnitYearPoint(
                scheme_code=point.scheme.code,
                scheme_name=point.scheme.name,
                year=point.scheme.year,
                run=ResultRunType.of(point.run) if point.run else None,
                result=UnitResultType.of(point.unit, point.run.run)
                if point.run and point.unit
                else None,
            )
            for point in found
        ]

    @strawberry.field(
        permission_classes=[requires(p.RESULT_READ)],
        description="One leaf indicator (the run's first unless named) across the units of "
        "the run shown for a period, with the distribution of their scores; units' users "
        "see their own units only. Null when there is no run to show.",
    )
    async def indicator_across_units(
        self,
        info: Info,
        scheme_code: SchemeCode,
        period: Period = Period.ANNUAL,
        indicator_code: str | None = None,
    ) -> IndicatorSpread | None:
        scope = result_scope(info)
        found = await info.context.read(
            lambda s: across.indicator_across_units(s, scope, scheme_code, period, indicator_code)
        )
        if found is None:
            return None
        return IndicatorSpread(
            run=ResultRunType.of(found.run),
            indicators=[IndicatorOption(code=i.code, name=i.name) for i in found.indicators],
            indicator_code=found.indicator.code,
            indicator_name=found.indicator.name,
            units=[
                UnitIndicatorScore(
                    unit_code=row.unit.unit_code,
                    unit_name=row.unit.unit_name,
                    group_name=row.unit.group_name,
                    score=row.score,
                    available=row.available,
                    status=row.status,
                )
                for row in found.units
            ],
            distribution=ScoreDistribution.of(found.distribution) if found.distribution else None,
        )
