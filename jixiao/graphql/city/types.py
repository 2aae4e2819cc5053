"""Types of the city domain's GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.city.compare import DistrictResult
from jixiao.city.rankings import Ranking
from jixiao.city.received import ReceivedItem
from jixiao.graphql.errors import UserError


@strawberry.type(description="A child government (下级区县) of the viewer's tenant.")
class CityDistrict:
    code: str
    name: str


@strawberry.type(description="One district's rank on an item.")
class CityRank:
    tenant_code: str
    tenant_name: str
    rank: int
    last: bool = strawberry.field(description="The worst rank of the item (and not 1): 末位.")


@strawberry.type(description="One item of the ranking and the districts' ranks on it.")
class CityRankingItem:
    item: str
    ranks: list[CityRank]


@strawberry.type(description="The parent's ranking of its districts for a year (working copy).")
class CityRankingType:
    year: int
    districts: list[CityDistrict]
    items: list[CityRankingItem]
    published_at: datetime | None = strawberry.field(description="Last published (下发); none.")
    published_by: str | None
    updated_at: datetime | None
    unpublished_changes: bool = strawberry.field(
        description="Changed since it was last published (or never published)."
    )

    @classmethod
    def of(cls, ranking: Ranking) -> CityRankingType:
        by_id = {tenant.id: tenant for tenant in ranking.children}
        items = []
        for item in ranking.items:
            last = item.last
            ranks = [
                CityRank(
                    tenant_code=by_id[child].code if child in by_id else str(child),
                    tenant_name=by_id[child].name if child in by_id else str(child),
                    rank=rank,
                    last=child in last,
                )
                for child, rank in sorted(item.ranks.items(), key=lambda pair: pair[1])
            ]
            items.append(CityRankingItem(item=item.item, ranks=ranks))
        changed = bool(items) and (
            ranking.published_at is None
            or (ranking.updated_at is not None and ranking.updated_at > ranking.published_at)
        )
        return cls(
            year=ranking.year,
            districts=[CityDistrict(code=t.code, name=t.name) for t in ranking.children],
            items=items,
            published_at=ranking.published_at,
            published_by=ranking.published_by,
            updated_at=ranking.updated_at,
            unpublished_changes=changed,
        )


@strawberry.input
class CityRankInput:
    tenant_code: str = strawberry.field(description="The district's tenant code (or its name).")
    rank: int


@strawberry.input
class CityRankingItemInput:
    item: str
    ranks: list[CityRankInput]


@strawberry.type
class CityRankingPayload:
    ranking: CityRankingType | None = None
    problems: list[str] = strawberry.field(
        default_factory=list, description="An import's problems, each naming row and column."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CityRankingPublishPayload:
    published_at: datetime | None = None
    items: int = 0
    districts: list[str] = strawberry.field(default_factory=list)
    ranking: CityRankingType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A unit of the scheme responsible for a received city item.")
class CityItemUnit:
    code: str
    name: str


@strawberry.type(description="A rank the parent government published to this district.")
class ReceivedCityItem:
    item: str
    rank: int
    ranked: int = strawberry.field(description="How many districts were ranked on the item.")
    last: bool = strawberry.field(description="This district was last (三区末位).")
    from_name: str = strawberry.field(description="The parent government that published it.")
    published_at: datetime
    published_by: str | None
    units: list[CityItemUnit] = strawberry.field(description="The responsible units (责任单位).")

    @classmethod
    def of(cls, found: ReceivedItem) -> ReceivedCityItem:
        rank = found.rank
        return cls(
            item=rank.item,
            rank=rank.rank,
            ranked=rank.ranked,
            last=rank.last,
            from_name=rank.parent_name,
            published_at=rank.published_at,
            published_by=rank.published_by,
            units=[CityItemUnit(code=code, name=name) for code, name in found.units],
        )


@strawberry.type
class ReceivedCityItemPayload:
    item: ReceivedCityItem | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="One unit's published figures in a district's result.")
class ComparedUnitType:
    name: str
    kind: str
    group_name: str
    total: Decimal
    rank: int
    overall_rank: int
    grade: str | None


@strawberry.type(description="A grade and how many units hold it.")
class GradeCount:
    grade: str
    count: int


@strawberry.type(description="A child district's published result (read-only).")
class DistrictComparison:
    code: str
    name: str
    sharing: bool = strawberry.field(description="The district shares its results (its setting).")
    scheme_name: str | None
    published_at: datetime | None = strawberry.field(description="None: nothing published.")
    average: Decimal | None
    grades: list[GradeCount]
    units: list[ComparedUnitType]

    @classmethod
    def of(cls, found: DistrictResult) -> DistrictComparison:
        return cls(
            code=found.code,
            name=found.name,
            sharing=found.sharing,
            scheme_name=found.scheme_name,
            published_at=found.published_at,
            average=found.average,
            grades=[GradeCount(grade=g, count=c) for g, c in found.grades.items()],
            units=[
                ComparedUnitType(
                    name=u.name,
                    kind=u.kind,
                    group_name=u.group_name,
                    total=u.total,
                    rank=u.rank,
                    overall_rank=u.overall_rank,
                    grade=u.grade,
                )
                for u in found.units
            ],
        )
