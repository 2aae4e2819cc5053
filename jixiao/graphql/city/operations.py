"""The city domain's root fields: the parent's ranking (read scheme:read, enter and import
scheme:write, publish result:publish), what a district received and its responsible units
(scheme:read, scheme:write), and the comparison of the districts (scheme:read and result:read)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.city import compare, publish, rankings, received, workbook
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.city.types import (
    CityRankingItemInput,
    CityRankingPayload,
    CityRankingPublishPayload,
    CityRankingType,
    DistrictComparison,
    ReceivedCityItem,
    ReceivedCityItemPayload,
)
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError, attempt
from jixiao.graphql.exports import ExportPayload
from jixiao.graphql.scoring.runs.types import Period
from jixiao.org.sheets import WorkbookInvalid, from_base64
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.platform.spreadsheet import XLSX_TYPE, ExportFile
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires

READ = [requires(p.SCHEME_READ)]
WRITE = [requires(p.SCHEME_WRITE)]


def _errors(error: DomainError) -> list[UserError]:
    if isinstance(error, rankings.RankingInvalid):
        return [UserError(code=error.code, message=m, field=f) for f, m in error.problems]
    return [UserError.from_domain(error)]


@strawberry.type
class CityQueries:
    @strawberry.field(
        permission_classes=READ,
        description="The tenant's ranking of its child districts for a year (its working copy, "
        "with when it was last published).",
    )
    async def city_ranking(self, info: Info, year: int) -> CityRankingType:
        subject = info.context.subject
        found = await info.context.read(lambda s: rankings.ranking(s, subject, year))
        return CityRankingType.of(found)

    @strawberry.field(permission_classes=READ, description="Years with a ranking, newest first.")
    async def city_ranking_years(self, info: Info) -> list[int]:
        subject = info.context.subject
        return await info.context.read(lambda s: rankings.years(s, subject))

    @strawberry.field(
        permission_classes=READ,
        description="The ranks the parent government published to this tenant for the scheme's "
        "year (三区末位), with the scheme's units responsible for each item.",
    )
    async def received_city_items(self, info: Info, scheme_code: str) -> list[ReceivedCityItem]:
        subject = info.context.subject
        found = await info.context.read(lambda s: received.received_items(s, subject, scheme_code))
        return [ReceivedCityItem.of(item) for item in found]

    @strawberry.field(
        permission_classes=READ,
        description="The child districts' published results of a year and period, side by "
        "side (read-only; only the districts that share them). Needs result:read too.",
    )
    async def district_comparison(
        self, info: Info, year: int, period: Period = Period.ANNUAL
    ) -> list[DistrictComparison]:
        subject = info.context.subject
        found = await info.context.read(lambda s: compare.compare(s, subject, year, period.value))
        return [DistrictComparison.of(item) for item in found]


@strawberry.type
class CityMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "city.ranking.set"},
        description="Make the year's ranking exactly these items (all or nothing; every "
        "problem at its field). Districts see it only once published.",
    )
    async def set_city_ranking(
        self,
        info: Info,
        year: int,
        items: Annotated[
            list[CityRankingItemInput],
            strawberry.argument(description="The whole ranking; an empty list clears it."),
        ],
    ) -> CityRankingPayload:
        subject = info.context.subject
        entries = [
            rankings.ItemEntry(
                i.item, tuple(rankings.RankEntry(r.tenant_code, r.rank) for r in i.ranks)
            )
            for i in items
        ]
        try:
            done = await info.context.write(
                lambda s: rankings.set_ranking(s, subject, year, entries)
            )
        except DomainError as error:
            return CityRankingPayload(errors=_errors(error))
        return CityRankingPayload(ranking=CityRankingType.of(done))

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "city.ranking.set"},
        description="Replace the year's ranking with an Excel workbook (.xlsx, base64): one row "
        "per item, one column per district; all or nothing.",
    )
    async def import_city_ranking_workbook(
        self,
        info: Info,
        year: int,
        content: Annotated[str, strawberry.argument(description="The .xlsx file, base64-encoded.")],
    ) -> CityRankingPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> rankings.Ranking:
            return workbook.import_ranking(session, subject, year, from_base64(content))

        try:
            done = await info.context.write(work)
        except WorkbookInvalid as error:
            return CityRankingPayload(
                problems=list(error.problems), errors=[UserError.from_domain(error)]
            )
        except DomainError as error:
            return CityRankingPayload(errors=_errors(error))
        return CityRankingPayload(ranking=CityRankingType.of(done))

    @strawberry.mutation(
        permission_classes=READ,
        metadata={AUDIT_ACTION: "city.ranking.export"},
        description="The year's ranking as an Excel workbook to fill in (the import's layout).",
    )
    async def export_city_ranking_workbook(self, info: Info, year: int) -> ExportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ExportFile:
            content = workbook.template(session, subject, year)
            count = len(rankings.ranking(session, subject, year).items)
            return ExportFile(f"市级排名-{year}.xlsx", XLSX_TYPE, content, count)

        done, errors = await attempt(lambda: info.context.read(work))
        return ExportPayload.of(done, errors)

    @strawberry.mutation(
        permission_classes=[requires(p.RESULT_PUBLISH)],
        metadata={AUDIT_ACTION: "city.ranking.publish"},
        description="Publish (下发) the year's ranking to the districts it ranks: each sees its "
        "own ranks, and its schemes of that year are recomputed with them.",
    )
    async def publish_city_ranking(self, info: Info, year: int) -> CityRankingPublishPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> tuple[publish.Published, rankings.Ranking]:
            done = publish.publish(session, subject, year)
            return done, rankings.ranking(session, subject, year)

        found, errors = await attempt(lambda: info.context.write(work))
        if found is None:
            return CityRankingPublishPayload(errors=errors)
        done, ranking = found
        return CityRankingPublishPayload(
            published_at=done.published_at,
            items=done.items,
            districts=done.children,
            ranking=CityRankingType.of(ranking),
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "city.item_units.set"},
        description="Make these units of the scheme responsible for a city item received from "
        "the parent (none: no unit); the year's result is recomputed.",
    )
    async def set_received_city_item_units(
        self,
        info: Info,
        scheme_code: str,
        item: Annotated[
            str, strawberry.argument(description="The received item's name, as published.")
        ],
        unit_codes: list[str],
    ) -> ReceivedCityItemPayload:
        subject = info.context.subject
        done, errors = await attempt(
            lambda: info.context.write(
                lambda s: received.set_item_units(s, subject, scheme_code, item, unit_codes)
            )
        )
        return ReceivedCityItemPayload(
            item=ReceivedCityItem.of(done) if done else None, errors=errors
        )
