"""Types of the city domain's GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from jixiao.city.compare import DistrictResult
from jixiao.city.rankings import Ranking
from jixiao.city.received import ReceivedItem
from jixiao.graphql.errors import ERRORS, UserError


@strawberry.type(description="A child government (下级区县) of the viewer's tenant.")
class CityDistrict:
    code: str = strawberry.field(description="The district's tenant code.")
    name: str = strawberry.field(description="The district's name, e.g. 金凤区.")


@strawberry.type(description="One district's rank on an item.")
class CityRank:
    tenant_code: str = strawberry.field(description="The district's tenant code.")
    tenant_name: str = strawberry.field(description="The district's name.")
    rank: int = strawberry.field(description="Its rank on the item, 1 the best.")
    last: bool = strawberry.field(description="The worst rank of the item (and not 1): 末位.")


@strawberry.type(description="One item of the ranking and the districts' ranks on it.")
class CityRankingItem:
    item: str = strawberry.field(description="The item's name.")
    ranks: list[CityRank] = strawberry.field(description="The districts' ranks, best first.")


@strawberry.type(description="The parent's ranking of its districts for a year (working copy).")
class CityRankingType:
    year: int = strawberry.field(description="The year ranked.")
    districts: list[CityDistrict] = strawberry.field(
        description="The tenant's child districts, those it may rank."
    )
    items: list[CityRankingItem] = strawberry.field(description="The items, in entry order.")
    published_at: datetime | None = strawberry.field(description="Last published (下发); none.")
    published_by: str | None = strawberry.field(
        description="Who last published it (name); null when never published."
    )
    updated_at: datetime | None = strawberry.field(
        description="When the working copy last changed; null when never entered."
    )
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


@strawberry.input(description="One district's rank on an item.")
class CityRankInput:
    tenant_code: str = strawberry.field(description="The district's tenant code (or its name).")
    rank: int = strawberry.field(description="1 the best, up to the number of districts ranked.")


@strawberry.input(description="One item of the ranking and the districts' ranks on it.")
class CityRankingItemInput:
    item: str = strawberry.field(description="The item's name, unique in the year.")
    ranks: list[CityRankInput] = strawberry.field(description="The ranks of two or more districts.")


@strawberry.type(description="The year's ranking after a change, or why it was refused.")
class CityRankingPayload:
    ranking: CityRankingType | None = strawberry.field(
        default=None, description="The ranking now; null on errors."
    )
    problems: list[str] = strawberry.field(
        default_factory=list, description="An import's problems, each naming row and column."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The outcome of publishCityRanking.")
class CityRankingPublishPayload:
    published_at: datetime | None = strawberry.field(
        default=None, description="When it was published; null on errors."
    )
    items: int = strawberry.field(default=0, description="Items published.")
    districts: list[str] = strawberry.field(
        default_factory=list,
        description="Names of the districts it reached (ranked now or in the last publication).",
    )
    ranking: CityRankingType | None = strawberry.field(
        default=None, description="The ranking as published; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="A unit of the scheme responsible for a received city item.")
class CityItemUnit:
    code: str = strawberry.field(description="The unit's code.")
    name: str = strawberry.field(description="The unit's name.")


@strawberry.type(description="A rank the parent government published to this district.")
class ReceivedCityItem:
    item: str = strawberry.field(description="The item's name, as the parent entered it.")
    rank: int = strawberry.field(description="This district's rank on it, 1 the best.")
    ranked: int = strawberry.field(description="How many districts were ranked on the item.")
    last: bool = strawberry.field(description="This district was last (三区末位).")
    from_name: str = strawberry.field(description="The parent government that published it.")
    published_at: datetime = strawberry.field(description="When the parent published it.")
    published_by: str | None = strawberry.field(description="Who published it (name).")
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


@strawberry.type(description="The outcome of setReceivedCityItemUnits.")
class ReceivedCityItemPayload:
    item: ReceivedCityItem | None = strawberry.field(
        default=None, description="The item with its responsible units now; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="One unit's published figures in a district's result.")
class ComparedUnitType:
    name: str = strawberry.field(description="The unit's name.")
    kind: str = strawberry.field(description="department, town or subdistrict.")
    group_name: str = strawberry.field(description="The name of its group (考评分组).")
    total: Decimal = strawberry.field(description="Its total score (总分).")
    rank: int = strawberry.field(description="Its rank within the group.")
    overall_rank: int = strawberry.field(description="Its rank among its kind class (总分排序).")
    grade: str | None = strawberry.field(description="Its grade (等次); null for none.")


@strawberry.type(description="A grade and how many units hold it.")
class GradeCount:
    grade: str = strawberry.field(description="The grade's name; 无等次 for units without one.")
    count: int = strawberry.field(description="Units holding it.")


@strawberry.type(description="A child district's published result (read-only).")
class DistrictComparison:
    code: str = strawberry.field(description="The district's tenant code.")
    name: str = strawberry.field(description="The district's name.")
    sharing: bool = strawberry.field(description="The district shares its results (its setting).")
    scheme_name: str | None = strawberry.field(
        description="The scheme of the published result; null when none is shown."
    )
    published_at: datetime | None = strawberry.field(description="None: nothing published.")
    average: Decimal | None = strawberry.field(
        description="Mean total of its units, two places; null without units."
    )
    grades: list[GradeCount] = strawberry.field(description="How many units hold each grade.")
    units: list[ComparedUnitType] = strawberry.field(
        description="Its units' figures; empty when not shared or nothing published."
    )

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
