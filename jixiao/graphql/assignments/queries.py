"""Queries of task decomposition and progress reports; data scopes apply in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.assignments import reports, service, workbook
from jixiao.assignments.access import readable_assignment, readable_report
from jixiao.assignments.models import ReportStatus
from jixiao.graphql.assignments.types import (
    AssignmentConnection,
    AssignmentType,
    ProgressReportConnection,
    ProgressReportType,
)
from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection, from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires


@strawberry.type
class AssignmentQueries:
    @strawberry.field(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="The decomposition sheet (.xlsx as base64) of a scheme: every assignment "
        "as the import reads it, or the empty template with the scheme's period columns.",
    )
    async def assignments_workbook(
        self,
        info: Info,
        scheme_id: strawberry.ID,
        template: Annotated[
            bool,
            strawberry.argument(
                description="True: the empty template (headers only) instead of the scheme's "
                "assignments."
            ),
        ] = False,
    ) -> str:
        scheme = from_global_id(scheme_id, "Scheme", field="schemeId")
        return await info.context.read(
            lambda s: workbook.export_assignments(s, scheme, template=template)
        )

    @strawberry.field(
        permission_classes=[requires(p.ASSIGNMENT_READ)],
        description="Assignments you may see (your unit's, the indicators you monitor, or all).",
    )
    async def assignments(
        self,
        info: Info,
        scheme_id: strawberry.ID | None = None,
        unit_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AssignmentConnection:
        subject = info.context.subject

        def work(session: JixiaoSession) -> Page[AssignmentType]:
            page = service.list_assignments(
                session,
                subject,
                scheme_id=from_global_id(scheme_id, "Scheme", field="schemeId")
                if scheme_id
                else None,
                unit_id=from_global_id(unit_id, "Unit", field="unitId") if unit_id else None,
                first=first,
                after=after,
            )
            return Page(AssignmentType.of_rows(session, page.items), page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires(p.ASSIGNMENT_READ)],
        description="One assignment you may see; null when there is none.",
    )
    async def assignment(self, info: Info, id: strawberry.ID) -> AssignmentType | None:
        subject = info.context.subject

        def work(session: JixiaoSession) -> AssignmentType | None:
            try:
                found = readable_assignment(session, subject, from_global_id(id, "Assignment"))
            except NotFound:
                return None
            return AssignmentType.of_rows(session, [found])[0]

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[requires(p.REPORT_READ)],
        description="Progress reports you may see, every version, in creation order.",
    )
    async def progress_reports(
        self,
        info: Info,
        assignment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the reports of this assignment (global id)."),
        ] = None,
        scheme_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the reports of this scheme's tasks."),
        ] = None,
        period: str | None = None,
        status: ReportStatus | None = None,
        statuses: Annotated[
            list[ReportStatus] | None,
            strawberry.argument(description="Any of these statuses (with `status`: both hold)."),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ProgressReportConnection:
        subject = info.context.subject
        assignment = (
            from_global_id(assignment_id, "Assignment", field="assignmentId")
            if assignment_id
            else None
        )
        scheme = from_global_id(scheme_id, "Scheme", field="schemeId") if scheme_id else None

        def work(session: JixiaoSession) -> Page[ProgressReportType]:
            page = reports.list_reports(
                session,
                subject,
                assignment_id=assignment,
                scheme_id=scheme,
                period=period,
                status=status,
                statuses=statuses,
                first=first,
                after=after,
            )
            return Page(
                ProgressReportType.of_rows(session, page.items), page.cursors, page.has_next
            )

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires(p.REPORT_READ)],
        description="One progress report you may see; null when there is none.",
    )
    async def progress_report(self, info: Info, id: strawberry.ID) -> ProgressReportType | None:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ProgressReportType | None:
            try:
                found = readable_report(session, subject, from_global_id(id, "ProgressReport"))
            except NotFound:
                return None
            return ProgressReportType.of_rows(session, [found])[0]

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[requires(p.REPORT_READ)],
        description="Verified reports whose verified value differs from the reported one by at "
        "least `threshold` (核实差异).",
    )
    async def report_gaps(
        self,
        info: Info,
        threshold: Annotated[
            Decimal,
            strawberry.argument(
                description="The least gap, in the indicator's unit (not percent); 0 or more."
            ),
        ],
        first: int | None = None,
        after: str | None = None,
    ) -> ProgressReportConnection:
        subject = info.context.subject

        def work(session: JixiaoSession) -> Page[ProgressReportType]:
            page = reports.large_gaps(session, subject, threshold, first=first, after=after)
            return Page(
                ProgressReportType.of_rows(session, page.items), page.cursors, page.has_next
            )

        return connection(await info.context.read(work), lambda n: n, after=after)
