"""The appeal list as Excel, for whoever reads appeals (as `appeals`)."""

from __future__ import annotations

import strawberry

from jixiao.appeals.export import export_appeals
from jixiao.graphql.appeals.queries import READERS
from jixiao.graphql.appeals.types import AppealStateEnum
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.exports import ExportPayload
from jixiao.platform.db import JixiaoSession
from jixiao.platform.spreadsheet import ExportFile


@strawberry.type
class AppealExportMutations:
    @strawberry.mutation(
        permission_classes=[READERS],
        metadata={AUDIT_ACTION: "appeal.export"},
        description="The appeals `appeals` lists to the viewer under the same filters, newest "
        "first, as Excel (.xlsx); recorded in the audit log.",
    )
    async def export_appeals(
        self,
        info: Info,
        scheme_code: str | None = None,
        states: list[AppealStateEnum] | None = None,  # type: ignore[valid-type]
    ) -> ExportPayload:
        subject = info.context.subject
        wanted = list(states or [])

        def work(session: JixiaoSession) -> ExportFile:
            return export_appeals(session, subject, scheme_code=scheme_code, states=wanted)

        exported, errors = await attempt(lambda: info.context.write(work))
        return ExportPayload.of(exported, errors)
