"""PDF reports of a result run: request one (a job makes it), list the run's reports with
their progress; the file is downloaded from `downloadUrl` (`files.py`)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError, attempt
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.reports import service
from jixiao.reports.content import KIND_TITLES
from jixiao.reports.models import GeneratedReport, ReportKind, ReportStatus

READ = [requires(p.RESULT_READ)]
REPORT_FILES = "/files/reports"
_NAME = "GeneratedReport"
STATUS_LABELS = {
    ReportStatus.QUEUED: "排队中",
    ReportStatus.RUNNING: "生成中",
    ReportStatus.SUCCEEDED: "已生成",
    ReportStatus.FAILED: "生成失败",
}


@strawberry.enum(
    name="GeneratedReportKind", description="通报 (NOTICE), 报告单 (CARDS), 奖金表 (BONUS)."
)
class ReportKindType(Enum):
    NOTICE = "notice"
    CARDS = "cards"
    BONUS = "bonus"


describe_values(
    "GeneratedReportKind",
    {
        "NOTICE": "考评结果通报: every group's ranks, grades, flags and bonus.",
        "CARDS": "考评报告单: one card per unit, each with its scores and trend.",
        "BONUS": "绩效奖金表: the bonus table for the finance bureau (bonus:read).",
    },
)


@strawberry.enum(name="GeneratedReportStatus", description="Where a report's job stands.")
class ReportStatusType(Enum):
    QUEUED = strawberry.enum_value("queued", description="排队中: waiting for a worker.")
    RUNNING = strawberry.enum_value("running", description="生成中: being laid out.")
    SUCCEEDED = strawberry.enum_value(
        "succeeded", description="已生成: made; download it from downloadUrl."
    )
    FAILED = strawberry.enum_value("failed", description="生成失败: not made; see error.")


@strawberry.type(
    name=_NAME,
    description="A PDF report of a run, made by a job: its progress (parts laid out of the "
    "total), and once made its pages and download URL.",
)
class GeneratedReportType:
    id: strawberry.ID = strawberry.field(description="The report's global id.")
    kind: ReportKindType = strawberry.field(description="Which of the three reports it is.")
    kind_label: str = strawberry.field(
        description="The kind in Chinese: 考评结果通报, 考评报告单 or 绩效奖金表."
    )
    title: str = strawberry.field(
        description="Its title, also the download's file name (with .pdf)."
    )
    status: ReportStatusType = strawberry.field(description="Where its job stands.")
    status_label: str = strawberry.field(
        description="The status in Chinese: 排队中, 生成中, 已生成 or 生成失败."
    )
    done: int = strawberry.field(
        description="Parts laid out so far (a card per unit, else one part)."
    )
    total: int = strawberry.field(description="Parts to lay out; 0 until the job starts.")
    unit_codes: list[str] = strawberry.field(
        description="CARDS: units whose cards it holds; empty: every unit (always for other kinds)."
    )
    pages: int | None = strawberry.field(description="Pages of the PDF; null until it is made.")
    size_bytes: int | None = strawberry.field(
        description="Size of the PDF in bytes; null until it is made."
    )
    error: str | None = strawberry.field(
        description="Why it failed, in Chinese; null unless FAILED."
    )
    requested_by: str | None = strawberry.field(
        description="Name of who asked for it; null if unknown."
    )
    created_at: datetime = strawberry.field(description="When it was asked for.")
    finished_at: datetime | None = strawberry.field(
        description="When it was made or failed; null until then."
    )
    download_url: str | None = strawberry.field(
        description="GET this URL (same session) for the PDF; null until it is made."
    )

    @classmethod
    def of(cls, report: GeneratedReport) -> GeneratedReportType:
        global_id = to_global_id(_NAME, report.id)
        made = report.status is ReportStatus.SUCCEEDED
        return cls(
            id=global_id,
            kind=ReportKindType(report.kind.value),
            kind_label=KIND_TITLES[report.kind],
            title=report.title,
            status=ReportStatusType(report.status.value),
            status_label=STATUS_LABELS[report.status],
            done=report.done,
            total=report.total,
            unit_codes=list(report.unit_codes or []),
            pages=report.pages,
            size_bytes=report.size_bytes,
            error=report.error,
            requested_by=report.requested_by,
            created_at=report.created_at,
            finished_at=report.finished_at,
            download_url=f"{REPORT_FILES}/{global_id}" if made else None,
        )


@strawberry.type(description="What requestReport returns: the queued report, or why not.")
class GeneratedReportPayload:
    report: GeneratedReportType | None = strawberry.field(
        default=None, description="The report queued; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


def reader_of(info: Info) -> service.Reader:
    return service.Reader(info.context.subject, result_scope(info))


@strawberry.type
class ReportMutations:
    @strawberry.mutation(
        permission_classes=READ,
        metadata={AUDIT_ACTION: "report.request"},
        description="Queue a PDF report of a run (生成PDF): the 考评结果通报 or the bonus table "
        "(readers of every unit; the bonus table needs bonus:read), or report cards (one unit, "
        "else every unit the reader may see). Poll runReports for its progress.",
    )
    async def request_report(
        self,
        info: Info,
        run_id: strawberry.ID,
        kind: ReportKindType,
        unit_code: Annotated[
            str | None, strawberry.argument(description="CARDS: this unit's card only.")
        ] = None,
    ) -> GeneratedReportPayload:
        reader = reader_of(info)

        async def work() -> GeneratedReport:
            run = from_global_id(str(run_id), "ResultRun", field="runId")
            return await info.context.write(
                lambda s: service.request_report(s, reader, run, ReportKind(kind.value), unit_code)
            )

        report, errors = await attempt(work)
        return GeneratedReportPayload(
            report=GeneratedReportType.of(report) if report else None, errors=errors
        )


@strawberry.type
class ReportQueries:
    @strawberry.field(
        permission_classes=READ,
        description="A run's PDF reports the reader may have, newest first, with progress.",
    )
    async def run_reports(self, info: Info, run_id: strawberry.ID) -> list[GeneratedReportType]:
        reader = reader_of(info)
        run = from_global_id(str(run_id), "ResultRun", field="runId")
        found = await info.context.read(lambda s: service.run_reports(s, reader, run))
        return [GeneratedReportType.of(report) for report in found]
