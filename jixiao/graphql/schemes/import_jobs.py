"""Imports as jobs: start one (the mutation returns at once), then poll its progress."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import Node, from_global_id, to_global_id
from jixiao.graphql.schemes.data_import import DataImportModeType
from jixiao.graphql.schemes.indicator_types import SchemeIssueType
from jixiao.graphql.schemes.interchange_mutations import DATA_MODE, SCHEME_TEXT
from jixiao.graphql.schemes.types import ImportCount
from jixiao.platform.errors import DomainError, ErrorCode
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import import_jobs
from jixiao.schemes.import_job_model import ImportKind

WRITE = [requires(p.SCHEME_WRITE)]
_NAME = "SchemeImportJob"


@strawberry.enum(name="SchemeImportStatus", description="Where an import job stands.")
class ImportStatusType(Enum):
    QUEUED = strawberry.enum_value("queued", description="Waiting for a worker.")
    RUNNING = strawberry.enum_value("running", description="Being read and written; see stage.")
    SUCCEEDED = strawberry.enum_value("succeeded", description="Done and kept; see counts.")
    FAILED = strawberry.enum_value(
        "failed", description="Refused or failed; nothing was kept (see issues and errors)."
    )


@strawberry.type(
    name=_NAME,
    description="An import run as a job: its stage (queued, reading, validating, writing, "
    "committing, done), rows written of the total, and what it did or why it was refused "
    "(then nothing was kept).",
)
class SchemeImportJobType(Node):
    id: strawberry.ID = strawberry.field(description="The job's global id, for schemeImportJob.")
    kind: str = strawberry.field(
        description="scheme (startSchemeImport) or data (startSchemeDataImport)."
    )
    status: ImportStatusType = strawberry.field(description="Where the job stands.")
    stage: str = strawberry.field(
        description="queued, reading, validating, writing, committing or done (the finer step)."
    )
    done: int = strawberry.field(description="Rows written so far (of total).")
    total: int = strawberry.field(description="Rows to write; 0 until the writing starts.")
    scheme_code: str | None = strawberry.field(
        description="A data import's scheme from the start; a scheme import's once it succeeded."
    )
    replaced: bool = strawberry.field(
        description="Scheme: an existing draft was replaced; data: REPLACE rather than MERGE."
    )
    counts: list[ImportCount] = strawberry.field(
        description="What it wrote or met, by kind, once it succeeded."
    )
    issues: list[SchemeIssueType] = strawberry.field(
        description="Every problem of a refused file, entry by entry."
    )
    errors: list[UserError] = strawberry.field(description="Why it failed; empty unless FAILED.")
    created_at: datetime = strawberry.field(description="When it was started.")
    finished_at: datetime | None = strawberry.field(
        description="When it succeeded or failed; null while it runs."
    )

    @classmethod
    def of(cls, found: import_jobs.JobView) -> SchemeImportJobType:
        job = found.job
        return cls(
            id=to_global_id(_NAME, job.id),
            kind=job.kind.value,
            status=ImportStatusType(found.status.value),
            stage=found.stage,
            done=found.done,
            total=found.total,
            scheme_code=job.scheme_code,
            replaced=job.replaced,
            counts=[ImportCount(name=k, count=v) for k, v in (job.counts or {}).items()],
            issues=[
                SchemeIssueType(
                    path=i["path"], message=i["message"], code=i["code"], file=i.get("file")
                )
                for i in job.issues or []
            ],
            errors=[
                UserError(code=ErrorCode(e["code"]), message=e["message"], field=e.get("field"))
                for e in job.errors or []
            ],
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


@strawberry.type(description="What startSchemeImport and startSchemeDataImport return.")
class SchemeImportJobPayload:
    job: SchemeImportJobType | None = strawberry.field(
        default=None, description="The job queued; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


async def _start(
    info: Info, kind: ImportKind, *, replace: bool = False, **texts: str | None
) -> SchemeImportJobPayload:
    actor = info.context.subject
    try:
        found = await info.context.write(
            lambda s: import_jobs.view(
                s, import_jobs.start(s, kind, actor=actor, replace=replace, **texts).id
            )
        )
    except DomainError as error:
        return SchemeImportJobPayload(errors=[UserError.from_domain(error)])
    assert found is not None
    return SchemeImportJobPayload(job=SchemeImportJobType.of(found))


@strawberry.type
class ImportJobMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        description="importScheme as a job: returns at once; poll schemeImportJob for its "
        "progress and outcome (all or nothing, as importScheme).",
        metadata={AUDIT_ACTION: "scheme.import"},
    )
    async def start_scheme_import(
        self, info: Info, text: SCHEME_TEXT, data_text: str | None = None
    ) -> SchemeImportJobPayload:
        return await _start(info, ImportKind.SCHEME, text=text, data_text=data_text)

    @strawberry.mutation(
        permission_classes=WRITE,
        description="importSchemeData as a job (MERGE by default, or REPLACE): poll "
        "schemeImportJob for its progress.",
        metadata={AUDIT_ACTION: "scheme.data.import"},
    )
    async def start_scheme_data_import(
        self,
        info: Info,
        code: str,
        data_text: str,
        mode: DATA_MODE = DataImportModeType.MERGE,
    ) -> SchemeImportJobPayload:
        replace = mode is DataImportModeType.REPLACE
        return await _start(info, ImportKind.DATA, code=code, data_text=data_text, replace=replace)


@strawberry.type
class ImportJobQueries:
    @strawberry.field(
        permission_classes=WRITE,
        description="An import job of the tenant (null when there is none with this id).",
    )
    async def scheme_import_job(self, info: Info, id: strawberry.ID) -> SchemeImportJobType | None:
        job_id = from_global_id(str(id), _NAME)
        found = await info.context.read(lambda s: import_jobs.view(s, job_id))
        return SchemeImportJobType.of(found) if found is not None else None
