"""Imports as jobs: start one (the mutation returns at once), then poll its progress."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.graphql.schemes.data_import import DataImportModeType
from jixiao.graphql.schemes.indicator_types import SchemeIssueType
from jixiao.graphql.schemes.types import ImportCount
from jixiao.platform.errors import DomainError, ErrorCode
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import import_jobs
from jixiao.schemes.import_job_model import ImportKind

WRITE = [requires(p.SCHEME_WRITE)]
_NAME = "SchemeImportJob"


@strawberry.enum(name="SchemeImportStatus")
class ImportStatusType(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@strawberry.type(
    name=_NAME,
    description="An import run as a job: its stage (queued, reading, validating, writing, "
    "committing, done), rows written of the total, and what it did or why it was refused "
    "(then nothing was kept).",
)
class SchemeImportJobType:
    id: strawberry.ID
    kind: str
    status: ImportStatusType
    stage: str
    done: int
    total: int
    scheme_code: str | None
    replaced: bool
    counts: list[ImportCount]
    issues: list[SchemeIssueType]
    errors: list[UserError]
    created_at: datetime
    finished_at: datetime | None

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


@strawberry.type
class SchemeImportJobPayload:
    job: SchemeImportJobType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


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
        self, info: Info, text: str, data_text: str | None = None
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
        mode: DataImportModeType = DataImportModeType.MERGE,
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
