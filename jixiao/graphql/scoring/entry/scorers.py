"""GraphQL of scorers by name: the type, and a per-request loader of names by code."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.scoring.entry.loaders import ScorerLoaders
from jixiao.schemes import scorers

if TYPE_CHECKING:
    from jixiao.graphql.context import Context, Info

ScorerKindEnum = strawberry.enum(
    scorers.ScorerKind,
    name="ScorerKind",
    description="A person who scores, a monitoring department, or a code that names no one.",
)
describe_values(
    "ScorerKind",
    {
        "PERSON": "评分人员: the username of a person who scores (e.g. a 赋分领导).",
        "UNIT": "实施监控职能部门: a monitoring department's unit code; its staff score.",
        "UNKNOWN": "未找到: the code names no user or unit of the tenant (kept as it is).",
    },
)


@strawberry.type(
    name="Scorer",
    description="Who a scorer code names: a person (username) or a monitoring department "
    "(unit code), by name.",
)
class ScorerType:
    code: str = strawberry.field(description="The code indicators store: username or unit code.")
    name: str = strawberry.field(description="The person's or department's name; else the code.")
    kind: ScorerKindEnum = strawberry.field(  # type: ignore[valid-type]
        description="What the code names."
    )
    kind_label: str = strawberry.field(
        description="The kind in Chinese: 评分人员, 实施监控职能部门 or 未找到该人员或部门."
    )

    @classmethod
    def of(cls, scorer: scorers.Scorer) -> ScorerType:
        return cls(
            code=scorer.code, name=scorer.name, kind=scorer.kind, kind_label=scorer.kind.label
        )


async def scorer_name(info: Info, code: str | None) -> str | None:
    """The name a scorer code reads as; None for no code."""
    if not code:
        return None
    return (await info.context.loaders_of(ScorerLoaders).by_code.load(code)).name


async def scorers_of(context: Context, codes: list[str]) -> list[ScorerType]:
    """Scorers of these codes, in their order."""
    found = await context.loaders_of(ScorerLoaders).by_code.load_many(codes)
    return [ScorerType.of(scorer) for scorer in found]
