"""Self-assessment (自评): a unit's own score given with its progress report (report:write to
give it, report:read to read it back); scorers see it on the workbench cells."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.relay import from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import self_assessment
from jixiao.scoring.form_models import SelfAssessment

ReportId = Annotated[
    strawberry.ID, strawberry.argument(description="The ProgressReport's global id.")
]


@strawberry.type(name="SelfAssessment", description="自评: a unit's own score of an indicator.")
class SelfAssessmentType:
    period: str = strawberry.field(description="The report's quarter: `Q1`…`Q4`.")
    value: Decimal = strawberry.field(description="Points, within what the period makes available.")
    note: str = strawberry.field(description="The unit's note on its score; may be empty.")
    entered_at: datetime = strawberry.field(description="When it was last given.")
    entered_by: str | None = strawberry.field(description="Who gave it (name).")

    @classmethod
    def of(cls, row: SelfAssessment) -> SelfAssessmentType:
        return cls(
            period=row.period,
            value=row.value,
            note=row.note,
            entered_at=row.entered_at,
            entered_by=row.entered_by,
        )


@strawberry.type(description="The outcome of setSelfAssessment.")
class SelfAssessmentPayload:
    self_assessment: SelfAssessmentType | None = strawberry.field(
        default=None, description="The self-assessment now; null once withdrawn or on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type
class SelfAssessmentQueries:
    @strawberry.field(
        permission_classes=[requires(p.REPORT_READ)],
        description="The unit's self-assessment given with a progress report (null: none).",
    )
    async def self_assessment(self, info: Info, report_id: ReportId) -> SelfAssessmentType | None:
        subject = info.context.subject
        local = from_global_id(report_id, "ProgressReport", field="reportId")

        def work(session: JixiaoSession) -> SelfAssessmentType | None:
            row = self_assessment.of_report(session, subject, local)
            return SelfAssessmentType.of(row) if row else None

        return await info.context.read(work)


@strawberry.type
class SelfAssessmentMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_WRITE)],
        metadata={AUDIT_ACTION: "self_assessment.set"},
        description="The unit gives (or, with a null value, withdraws) its own score with its "
        "report while the report may be changed; shown to scorers, never in the total.",
    )
    async def set_self_assessment(
        self,
        info: Info,
        report_id: ReportId,
        value: Annotated[
            Decimal | None,
            strawberry.argument(
                description="Points, 0 to what the period makes available; null withdraws it."
            ),
        ] = None,
        note: str = "",
    ) -> SelfAssessmentPayload:
        subject = info.context.subject
        local = from_global_id(report_id, "ProgressReport", field="reportId")

        def work(session: JixiaoSession) -> SelfAssessmentType | None:
            row = self_assessment.set_self_score(session, subject, local, value, note)
            return SelfAssessmentType.of(row) if row else None

        found, errors = await attempt(lambda: info.context.write(work))
        return SelfAssessmentPayload(self_assessment=found, errors=errors)
