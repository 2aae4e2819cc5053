"""Uploads: interchange text (a string argument, no multipart) and the indicator workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.schemes.data_import import DataImportModeType
from jixiao.graphql.schemes.indicator_types import SchemeIssueType
from jixiao.graphql.schemes.types import (
    ImportCount,
    ImportSchemePayload,
    SchemeType,
    TreeImportPayload,
)
from jixiao.org.sheets import WorkbookInvalid, from_base64
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import interchange, service, workbook
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.interchange import ImportOutcome
from jixiao.schemes.models import Scheme
from jixiao.schemes.treesync import TreeReplaced

WRITE = [requires(p.SCHEME_WRITE)]
SCHEME_TEXT = Annotated[
    str,
    strawberry.argument(
        description="jixiao.scheme/1 text, YAML or JSON; a second YAML document may hold the data."
    ),
]
DATA_MODE = Annotated[
    DataImportModeType,
    strawberry.argument(
        description="MERGE (default) keeps rows the file does not mention; REPLACE removes them."
    ),
]


async def _import(
    info: Info, work: Callable[[JixiaoSession], ImportOutcome]
) -> ImportSchemePayload:
    try:
        outcome = await info.context.write(work)
    except SchemeInvalid as error:
        return ImportSchemePayload(
            issues=[SchemeIssueType.of_file(issue) for issue in error.issues],
            errors=[UserError.from_domain(error)],
        )
    except DomainError as error:
        return ImportSchemePayload(errors=[UserError.from_domain(error)])
    return ImportSchemePayload(
        scheme=SchemeType.of(outcome.scheme),
        replaced=outcome.replaced,
        counts=[ImportCount(name=k, count=v) for k, v in outcome.counts.items()],
    )


@strawberry.type
class InterchangeMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        description="Import jixiao.scheme/1 text (YAML or JSON), optionally with jixiao.data/1 "
        "(in `dataText`, or as a second YAML document): all or nothing; an existing scheme is "
        "replaced only while it is a draft.",
        metadata={AUDIT_ACTION: "scheme.import"},
    )
    async def import_scheme(
        self, info: Info, text: SCHEME_TEXT, data_text: str | None = None
    ) -> ImportSchemePayload:
        actor = info.context.subject
        return await _import(
            info, lambda s: interchange.import_text(s, text, data_text, actor=actor)
        )

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Import jixiao.data/1 text into a scheme, all or nothing: MERGE (default) "
        "upserts by natural key and keeps what the file does not mention; REPLACE makes the "
        "file the whole data. `counts` then tell added, changed, kept and removed rows.",
        metadata={AUDIT_ACTION: "scheme.data.import"},
    )
    async def import_scheme_data(
        self,
        info: Info,
        code: str,
        data_text: str,
        mode: DATA_MODE = DataImportModeType.MERGE,
    ) -> ImportSchemePayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> ImportOutcome:
            raw, _ = interchange.read_text(data_text, "data")
            return interchange.import_data(session, code, raw, actor=actor, mode=mode.domain)

        return await _import(info, work)

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Replace a draft's indicator tree with the sheet's (.xlsx as base64); nodes "
        "are kept by code, so their scores stay.",
        metadata={AUDIT_ACTION: "indicator.import"},
    )
    async def import_indicator_workbook(
        self,
        info: Info,
        scheme_code: str,
        content: Annotated[
            str,
            strawberry.argument(
                description="The .xlsx file as base64, laid out as indicatorWorkbook gives it."
            ),
        ],
    ) -> TreeImportPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> tuple[Scheme, TreeReplaced]:
            scheme = service.get_scheme(session, scheme_code)
            done = workbook.import_indicators(session, scheme, from_base64(content), actor=actor)
            return scheme, done

        try:
            scheme, done = await info.context.write(work)
        except WorkbookInvalid as error:
            return TreeImportPayload(
                problems=list(error.problems), errors=[UserError.from_domain(error)]
            )
        except DomainError as error:
            return TreeImportPayload(errors=[UserError.from_domain(error)])
        return TreeImportPayload(
            scheme=SchemeType.of(scheme),
            created=done.created,
            updated=done.updated,
            deleted=done.deleted,
        )
