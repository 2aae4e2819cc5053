"""Mutations of task decomposition (assignment:write) and the report workflow."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from jixiao.assignments import evidence, reports, service, workbook
from jixiao.assignments.models import ProgressReport
from jixiao.graphql.assignments.types import (
    AssignmentsPayload,
    AssignmentType,
    MilestoneInput,
    ProgressReportPayload,
    ProgressReportType,
)
from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.relay import from_global_id
from jixiao.org.sheets import from_base64
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires


@strawberry.input(description="An indicator given to units, with its target and milestones.")
class AssignInput:
    indicator_id: strawberry.ID = strawberry.field(
        description="Global id of a leaf indicator of a scheme that is not closed."
    )
    unit_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the units to give it to: units of the scheme it applies "
        "to. An existing assignment is changed."
    )
    target_value: Decimal | None = strawberry.field(
        default=None, description="The numeric target (目标值), in the indicator's unit; optional."
    )
    target_text: str = strawberry.field(
        default="", description="The target in words (任务目标), up to 1000 characters."
    )
    deadline: date | None = strawberry.field(
        default=None, description="When the task is to be done (完成时限); optional."
    )
    milestones: list[MilestoneInput] = strawberry.field(
        description="Quarterly milestones (季度节点), each in one of the scheme's periods.",
        default_factory=list,
    )
    scorers: list[str] | None = strawberry.field(
        default=None, description="Responsible scorers; the leaf's scorers when left out."
    )

    def to_domain(self) -> service.AssignmentDraft:
        return service.AssignmentDraft(
            target_value=self.target_value,
            target_text=self.target_text.strip()[:1000],
            deadline=self.deadline,
            milestones=[
                service.Milestone(m.period, m.text.strip()[:500], m.value) for m in self.milestones
            ],
            scorers=self.scorers,
        )


@strawberry.input(description="A unit's progress for one period (saved as a draft).")
class ProgressReportInput:
    assignment_id: strawberry.ID = strawberry.field(
        description="Global id of your unit's assignment."
    )
    period: str = strawberry.field(
        description="The period reported on: one of the scheme's, `Q1`…`Q4`."
    )
    narrative: str = strawberry.field(default="", description="The account of progress (进展情况).")
    completion: Decimal | None = strawberry.field(default=None, description="完成进度 (%)")
    actual: Decimal | None = strawberry.field(default=None, description="实际完成值")


ReportStep = Callable[[JixiaoSession, Subject, uuid.UUID], ProgressReport]


async def _step(info: Info, id: strawberry.ID, step: ReportStep) -> ProgressReportPayload:
    subject = info.context.subject

    def work(session: JixiaoSession) -> ProgressReportType:
        report = step(session, subject, from_global_id(id, "ProgressReport"))
        return ProgressReportType.of_rows(session, [report])[0]

    report, errors = await attempt(lambda: info.context.write(work))
    return ProgressReportPayload(report=report, errors=errors)


@strawberry.type
class AssignmentMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Give one leaf indicator to one or more units (任务分解).",
        metadata={AUDIT_ACTION: "assignment.assign"},
    )
    async def assign_indicator(self, info: Info, input: AssignInput) -> AssignmentsPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> list[AssignmentType]:
            rows = service.assign(
                session,
                from_global_id(input.indicator_id, "Indicator", field="indicatorId"),
                [from_global_id(u, "Unit", field="unitIds") for u in input.unit_ids],
                input.to_domain(),
                actor=subject,
            )
            return AssignmentType.of_rows(session, rows)

        found, errors = await attempt(lambda: info.context.write(work))
        return AssignmentsPayload(assignments=found, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Give every applicable leaf of the scheme to each unit of a group.",
        metadata={AUDIT_ACTION: "assignment.assign_group"},
    )
    async def assign_group(
        self,
        info: Info,
        group_id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="Global id of a scheme's group (SchemeGroup); assignments that exist "
                "already are kept as they are."
            ),
        ],
    ) -> AssignmentsPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> list[AssignmentType]:
            group = from_global_id(group_id, "SchemeGroup", field="groupId")
            return AssignmentType.of_rows(
                session, service.assign_group(session, group, actor=subject)
            )

        found, errors = await attempt(lambda: info.context.write(work))
        return AssignmentsPayload(assignments=found, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ASSIGNMENT_WRITE)],
        description="Import assignments from an Excel workbook (base64 .xlsx): all rows or none.",
        metadata={AUDIT_ACTION: "assignment.import"},
    )
    async def import_assignments_workbook(
        self,
        info: Info,
        scheme_id: strawberry.ID,
        content: Annotated[
            str,
            strawberry.argument(
                description="The .xlsx file, base64-encoded, laid out as `assignmentsWorkbook` "
                "gives it."
            ),
        ],
    ) -> AssignmentsPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> list[AssignmentType]:
            scheme = from_global_id(scheme_id, "Scheme", field="schemeId")
            rows = workbook.import_assignments(session, scheme, from_base64(content), actor=subject)
            return AssignmentType.of_rows(session, rows)

        found, errors = await attempt(lambda: info.context.write(work))
        return AssignmentsPayload(assignments=found, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_WRITE)],
        description="Save your unit's draft for a period; after a return, a new version.",
        metadata={AUDIT_ACTION: "report.save"},
    )
    async def save_progress_report(
        self, info: Info, input: ProgressReportInput
    ) -> ProgressReportPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> ProgressReportType:
            draft = reports.ReportDraft(input.narrative.strip(), input.completion, input.actual)
            report = reports.save_report(
                session,
                subject,
                from_global_id(input.assignment_id, "Assignment", field="assignmentId"),
                input.period,
                draft,
            )
            return ProgressReportType.of_rows(session, [report])[0]

        report, errors = await attempt(lambda: info.context.write(work))
        return ProgressReportPayload(report=report, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_WRITE)],
        description="Submit a draft to the unit head.",
        metadata={AUDIT_ACTION: "report.submit"},
    )
    async def submit_progress_report(self, info: Info, id: strawberry.ID) -> ProgressReportPayload:
        return await _step(info, id, reports.submit)

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_APPROVE)],
        description="The unit head approves a submitted report (领导已审).",
        metadata={AUDIT_ACTION: "report.approve"},
    )
    async def approve_progress_report(self, info: Info, id: strawberry.ID) -> ProgressReportPayload:
        return await _step(info, id, reports.approve)

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_APPROVE)],
        description="The unit head sends an approved report up for verification (上报).",
        metadata={AUDIT_ACTION: "report.report"},
    )
    async def send_up_progress_report(self, info: Info, id: strawberry.ID) -> ProgressReportPayload:
        return await _step(info, id, reports.send_up)

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_APPROVE)],
        description="The unit head returns a submitted or approved report with a reason.",
        metadata={AUDIT_ACTION: "report.return"},
    )
    async def return_progress_report(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> ProgressReportPayload:
        return await _step(
            info, id, lambda s, who, r: reports.return_report(s, who, r, reason, monitor=False)
        )

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_VERIFY)],
        description="The monitoring department returns a reported report with a reason.",
        metadata={AUDIT_ACTION: "report.return"},
    )
    async def reject_progress_report(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> ProgressReportPayload:
        return await _step(
            info, id, lambda s, who, r: reports.return_report(s, who, r, reason, monitor=True)
        )

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_VERIFY)],
        description="Record the verified value and a note (进度核实); the engine uses it.",
        metadata={AUDIT_ACTION: "report.verify"},
    )
    async def verify_progress_report(
        self,
        info: Info,
        id: strawberry.ID,
        value: Annotated[
            Decimal,
            strawberry.argument(
                description="The verified value (核实值), in the indicator's unit: the actual "
                "of a ratio or linear indicator's score."
            ),
        ],
        note: str = "",
        met: Annotated[
            bool | None,
            strawberry.argument(
                description="Whether a binding indicator (约束性指标) was met; required for one "
                "scored from the verified value unless its score already says."
            ),
        ] = None,
    ) -> ProgressReportPayload:
        return await _step(
            info, id, lambda s, who, r: reports.verify(s, who, r, value, note, met=met)
        )

    @strawberry.mutation(
        permission_classes=[requires(p.REPORT_WRITE)],
        description="Take an evidence file off your unit's draft report.",
        metadata={AUDIT_ACTION: "report.evidence.delete"},
    )
    async def delete_evidence_file(self, info: Info, id: strawberry.ID) -> ProgressReportPayload:
        subject, files = info.context.subject, info.context.files
        evidence_id = from_global_id(id, "EvidenceFile")

        def work(session: JixiaoSession) -> ProgressReportType:
            report = evidence.delete_evidence(session, files, subject, evidence_id)
            return ProgressReportType.of_rows(session, [report])[0]

        report, errors = await attempt(lambda: info.context.write(work))
        return ProgressReportPayload(report=report, errors=errors)
