"""The `schemes.import` job: an import of interchange text queued by the GraphQL API."""

from __future__ import annotations

import uuid

from jixiao.platform.db import JixiaoSession
from jixiao.schemes import import_jobs
from jixiao.workers.registry import tenant_actor


@tenant_actor(import_jobs.ACTOR, max_retries=0, time_limit_ms=3_600_000)
def run_import(session: JixiaoSession, *, job_id: str) -> None:
    """Run one queued import in the job's tenant; a job that has run is left alone."""
    from jixiao.workers.runtime import current_database

    import_jobs.run(session, current_database(), uuid.UUID(job_id))
