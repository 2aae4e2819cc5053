"""Helpers for result tests: counting runs and reading a run's status (the tenant, its people
and the workflow are `tests.factories`')."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import col, func, select

from jixiao.platform.db import Database
from jixiao.scoring.runs import service
from jixiao.scoring.runs.models import ResultRun, RunStatus
from jixiao.tenants.models import Tenant


def run_count(database: Database, tenant: Tenant, **where: Any) -> int:
    with database.tenant_session(tenant.id) as session:
        statement = select(func.count()).select_from(ResultRun)
        for name, value in where.items():
            statement = statement.where(col(getattr(ResultRun, name)) == value)
        return int(session.exec(statement).one())


def status_of(database: Database, tenant: Tenant, run_id: uuid.UUID) -> RunStatus:
    with database.tenant_session(tenant.id) as session:
        return service.get_run(session, run_id).status
