"""The `reports.generate` job: make a queued PDF report of a run."""

from __future__ import annotations

import uuid

from jixiao.platform.db import JixiaoSession
from jixiao.platform.storage import file_store
from jixiao.reports import service
from jixiao.workers.registry import tenant_actor


@tenant_actor(service.ACTOR, max_retries=1, time_limit_ms=600_000)
def generate_report(session: JixiaoSession, *, report_id: str) -> None:
    """Make the report (idempotent: one made or failed is left alone)."""
    from jixiao.workers.runtime import current_database

    store = file_store(current_database().settings)
    service.generate(session, store, uuid.UUID(report_id))
