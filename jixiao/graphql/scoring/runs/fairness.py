"""GraphQL of scorer fairness (评分尺度): each scorer's mean standardised deviation from the
other scorers of the same lines, for the office and leadership before results are approved."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.scoring.entry.scorers import ScorerType
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.graphql.scoring.runs.types import Period
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires_any
from jixiao.scoring.runs import fairness

LeaningEnum = strawberry.enum(
    fairness.Leaning,
    name="ScorerLeaning",
    description="Where a scorer's values lean: 偏宽 (lenient), 偏严 (harsh), 正常, or 样本不足 "
    "(too few comparable entries to tell).",
)
describe_values(
    "ScorerLeaning",
    {
        "LENIENT": "偏宽: mean deviation at or above the threshold (higher than the others).",
        "HARSH": "偏严: mean deviation at or below minus the threshold (lower than the others).",
        "NORMAL": "正常: within the threshold either way.",
        "TOO_FEW": "样本不足: fewer comparable entries than the minimum; not flagged.",
    },
)


@strawberry.type(description="One scorer's standing among the other scorers of the same lines.")
class ScorerFairnessRow:
    scorer: ScorerType = strawberry.field(description="Who the scorer is, by name.")
    entries: int = strawberry.field(
        description="Comparable entries: values on lines that another scorer also scored."
    )
    items: int = strawberry.field(description="Indicators and rating components among them.")
    units: int = strawberry.field(description="Units among them.")
    mean_deviation: Decimal | None = strawberry.field(
        description="Mean standardised deviation from the other scorers' mean, in standard "
        "deviations (two places): positive is more lenient, negative harsher; null without "
        "comparable entries."
    )
    leaning: LeaningEnum = strawberry.field(  # type: ignore[valid-type]
        description="Where the scorer leans, from meanDeviation and threshold."
    )
    leaning_label: str = strawberry.field(description="偏宽, 偏严, 正常 or 样本不足.")

    @classmethod
    def of(cls, row: fairness.ScorerFairness) -> ScorerFairnessRow:
        standing = row.standing
        return cls(
            scorer=ScorerType.of(row.scorer),
            entries=standing.entries,
            items=standing.items,
            units=standing.units,
            mean_deviation=standing.mean_z,
            leaning=standing.leaning,
            leaning_label=standing.leaning.label,
        )


@strawberry.type(
    description="Scorer fairness of a scheme's period; it informs, it changes no score."
)
class ScorerFairness:
    scheme_code: str = strawberry.field(description="The scheme's code.")
    period: Period = strawberry.field(
        description="The period covered (ANNUAL: every quarter and the ratings)."
    )
    threshold: Decimal = strawberry.field(
        description="Flag line in standard deviations (setting fairness_threshold / 100)."
    )
    min_entries: int = strawberry.field(
        description="Fewest comparable entries for a flag (setting fairness_min_entries)."
    )
    scorers: list[ScorerFairnessRow] = strawberry.field(
        description="Most lenient first; scorers with too few entries last."
    )


@strawberry.type
class FairnessQueries:
    @strawberry.field(
        permission_classes=[requires_any(p.RESULT_COMPUTE, p.RESULT_APPROVE)],
        description="Scorer fairness (评分尺度) over a scheme's period (annual: every quarter's "
        "manual scores and the ratings), on the units the viewer's results cover.",
    )
    async def scorer_fairness(
        self,
        info: Info,
        scheme_code: Annotated[str, strawberry.argument(description="The scheme's code.")],
        period: Period = Period.ANNUAL,
    ) -> ScorerFairness:
        scope = result_scope(info)
        report = await info.context.read(
            lambda s: fairness.scorer_fairness(s, scope, scheme_code, period.value)
        )
        return ScorerFairness(
            scheme_code=report.scheme_code,
            period=period,
            threshold=report.threshold,
            min_entries=report.minimum,
            scorers=[ScorerFairnessRow.of(row) for row in report.scorers],
        )
