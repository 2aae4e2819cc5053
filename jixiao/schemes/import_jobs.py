"""Imports of interchange text as jobs: start one (the caller commits, then the job runs), run
it all or nothing, and read its progress.

Progress must be visible while the import's own transaction is still open. PostgreSQL: each
report is written to the job's row by a short transaction of its own (throttled). SQLite holds
one write lock for the whole import, so there the reports stay in this process's memory (the
embedded default runs its jobs in the API's process) and the row changes with the outcome.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import col

from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.schemes import interchange, merge
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.import_job_model import ImportKind, ImportStatus, SchemeImportJob
from jixiao.schemes.interchange import ImportOutcome
from jixiao.schemes.queries import find_import_job

ACTOR = "schemes.import"
ACTIONS = {ImportKind.SCHEME: "scheme.import", ImportKind.DATA: "scheme.data.import"}
_INTERVAL = 0.5  # seconds between progress writes within one stage (PostgreSQL)
_LIVE: dict[uuid.UUID, tuple[str, int, int]] = {}
_LIVE_LOCK = threading.Lock()


@dataclass(frozen=True)
class JobView:
    """A job as its reader sees it: the row with the live progress laid over it."""

    job: SchemeImportJob
    status: ImportStatus
    stage: str
    done: int
    total: int


def start(
    session: JixiaoSession,
    kind: ImportKind,
    *,
    actor: Subject,
    text: str | None = None,
    data_text: str | None = None,
    code: str | None = None,
    replace: bool = False,
) -> SchemeImportJob:
    """Queue an import; the job is sent once the caller's transaction commits. A data import
    merges unless `replace` (kept in the job's `replaced` until it has run)."""
    from jixiao.workers.queue import enqueue

    if kind is ImportKind.SCHEME and not (text or "").strip():
        raise InvalidInput("scheme: 内容为空", field="text")
    if kind is ImportKind.DATA and not (code or "").strip():
        raise InvalidInput("请指定方案代码", field="code")
    if kind is ImportKind.DATA and not (data_text or "").strip():
        raise InvalidInput("data: 内容为空", field="dataText")
    job = SchemeImportJob(
        kind=kind,
        text=text,
        data_text=data_text,
        scheme_code=code.strip() if code else None,
        actor_kind=actor.kind,
        actor_id=actor.user_id,
        actor_name=actor.display_name,
        actor_username=actor.username,
        replaced=replace and kind is ImportKind.DATA,
    )
    session.add(job)
    session.flush()
    enqueue(session, ACTOR, tenant_id=str(session.require_tenant()), job_id=str(job.id))
    return job


def view(session: JixiaoSession, job_id: uuid.UUID) -> JobView | None:
    """The session tenant's job with its progress; None when there is no such job."""
    job = find_import_job(session, job_id)
    if job is None:
        return None
    status, stage, done, total = job.status, job.stage, job.done, job.total
    with _LIVE_LOCK:
        live = _LIVE.get(job.id)
    if live is not None and status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        status, (stage, done, total) = ImportStatus.RUNNING, live
    return JobView(job, status, stage, done, total)


def run(session: JixiaoSession, database: Database, job_id: uuid.UUID) -> None:
    """Run a queued import in the session's transaction (the caller commits): the data and
    the job's outcome commit together, and a refusal keeps nothing but the refusal."""
    job = find_import_job(session, job_id)
    if job is None or job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
        return  # at-least-once delivery: a job that has run is not run again
    tenant_id, kind = session.require_tenant(), job.kind
    text, data_text, code = job.text, job.data_text, job.scheme_code
    actor = Subject(
        kind=job.actor_kind,  # type: ignore[arg-type]
        user_id=job.actor_id,
        display_name=job.actor_name,
        username=job.actor_username,
    )
    report = _reporter(database, tenant_id, job_id)
    report("reading", 0, 0)
    try:
        if kind is ImportKind.SCHEME:
            outcome = interchange.import_text(
                session, text or "", data_text, actor=actor, progress=report
            )
        else:
            raw, _ = interchange.read_text(data_text or "", "data")
            mode = merge.DataMode.REPLACE if job.replaced else merge.DataMode.MERGE
            outcome = interchange.import_data(
                session, code or "", raw, actor=actor, progress=report, mode=mode
            )
        report("committing", 0, 0)
        _succeeded(session, job_id, outcome)
    except DomainError as error:
        session.rollback()
        _failed(session, job_id, error)
        record(
            session,
            actor=actor,
            action=ACTIONS[kind],
            after={"job": str(job_id), "code": code},
            outcome=AuditOutcome.FAILED,
            reason=error.message[:500],
        )
    except Exception:
        session.rollback()
        _failed(session, job_id, DomainError("导入失败：服务器内部错误，未做任何修改"))
        session.commit()
        raise
    finally:
        with _LIVE_LOCK:
            _LIVE.pop(job_id, None)


def _finish(session: JixiaoSession, job_id: uuid.UUID, **values: object) -> None:
    session.exec(
        update(SchemeImportJob)
        .where(col(SchemeImportJob.id) == job_id)
        .values(text=None, data_text=None, finished_at=utcnow(), **values)
    )


def _succeeded(session: JixiaoSession, job_id: uuid.UUID, outcome: ImportOutcome) -> None:
    total = sum(count for name, count in outcome.counts.items() if name not in ("units",))
    _finish(
        session,
        job_id,
        status=ImportStatus.SUCCEEDED,
        stage="done",
        done=total,
        total=total,
        scheme_code=outcome.scheme.code,
        scheme_id=outcome.scheme.id,
        replaced=outcome.replaced,
        counts=dict(outcome.counts),
    )


def _failed(session: JixiaoSession, job_id: uuid.UUID, error: DomainError) -> None:
    issues = error.issues if isinstance(error, SchemeInvalid) else []
    _finish(
        session,
        job_id,
        status=ImportStatus.FAILED,
        stage="done",
        issues=[
            {"file": i.file, "path": i.path, "message": i.message, "code": i.code.value}
            for i in issues
        ],
        errors=[{"code": str(error.code), "message": error.message, "field": error.field}],
    )


def _reporter(
    database: Database, tenant_id: uuid.UUID, job_id: uuid.UUID
) -> Callable[[str, int, int], None]:
    persist = database.settings.is_postgres
    last: dict[str, float] = {}

    def report(stage: str, done: int, total: int) -> None:
        with _LIVE_LOCK:
            _LIVE[job_id] = (stage, done, total)
        now = time.monotonic()
        if not persist or now - last.get(stage, -_INTERVAL) < _INTERVAL:
            return
        last[stage] = now
        with database.tenant_session(tenant_id) as side:
            side.exec(
                update(SchemeImportJob)
                .where(col(SchemeImportJob.id) == job_id)
                .values(status=ImportStatus.RUNNING, stage=stage, done=done, total=total)
            )
            side.commit()

    return report
