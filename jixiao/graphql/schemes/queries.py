"""Scheme queries: schemes, one scheme, exports (interchange text and Excel)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection
from jixiao.graphql.schemes.types import (
    ExportSyntax,
    SchemeChoice,
    SchemeConnection,
    SchemeType,
)
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires, requires_any
from jixiao.schemes import interchange, service, workbook


@strawberry.type
class SchemeQueries:
    @strawberry.field(permission_classes=[requires(p.SCHEME_READ)], description="By code.")
    async def schemes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        year: int | None = None,
    ) -> SchemeConnection:
        page = await info.context.read(
            lambda s: service.list_schemes(s, year=year, first=first, after=after)
        )
        return connection(page, SchemeType.of, after=after)

    @strawberry.field(
        permission_classes=[
            requires_any(
                p.SCHEME_READ,
                p.RESULT_READ,
                p.ASSIGNMENT_READ,
                p.SCORE_READ,
                p.SUPERVISION_READ,
            )
        ],
        description="The schemes to pick from in the appraisal pages (code, name, year, "
        "periods, units), for everyone who works with results, assignments, scores or "
        "supervision without reading the schemes' rules; newest year first. `code` keeps the "
        "one scheme of that code (none when there is no such scheme).",
    )
    async def appraisal_schemes(self, info: Info, code: str | None = None) -> list[SchemeChoice]:
        rows = await info.context.read(service.all_schemes)
        if code is not None:
            rows = [row for row in rows if row.code == code.strip()]
        return [SchemeChoice.of(row) for row in rows]

    @strawberry.field(
        description="One scheme by its code.", permission_classes=[requires(p.SCHEME_READ)]
    )
    async def scheme(self, info: Info, code: str) -> SchemeType | None:
        found = await info.context.read(lambda s: service.find_scheme(s, code))
        return SchemeType.of(found) if found else None

    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="jixiao.scheme/1 text (YAML; with data, a second YAML document follows "
        "with jixiao.data/1; `format: json` for the scheme alone).",
    )
    async def export_scheme(
        self,
        info: Info,
        code: str,
        with_data: Annotated[
            bool,
            strawberry.argument(description="Also the scheme's data (jixiao.data/1): YAML only."),
        ] = False,
        format: ExportSyntax = ExportSyntax.YAML,
    ) -> str:
        return await info.context.read(
            lambda s: interchange.export_text(s, code, with_data=with_data, syntax=format.value)
        )

    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="The indicator sheet (.xlsx as base64) of a scheme, or the empty template.",
    )
    async def indicator_workbook(
        self,
        info: Info,
        scheme_code: str | None = None,
        template: Annotated[
            bool,
            strawberry.argument(
                description="The empty sheet to fill in, whatever schemeCode says."
            ),
        ] = False,
    ) -> str:
        if template or scheme_code is None:
            return workbook.indicator_template()
        code = scheme_code

        def work(session: JixiaoSession) -> str:
            return workbook.export_indicators(session, service.get_scheme(session, code))

        return await info.context.read(work)
