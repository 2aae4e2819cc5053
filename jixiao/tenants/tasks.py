"""Jobs of the tenants domain."""

from __future__ import annotations

from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.platform.storage import file_store
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import ensure_default_settings
from jixiao.workers.registry import tenant_actor


@tenant_actor("tenants.provision", max_retries=5, time_limit_ms=60_000)
def provision(session: JixiaoSession) -> None:
    """Onboarding's follow-up: the tenant's file areas and settings; safe to run twice."""
    from jixiao.workers.runtime import current_database

    tenant_id = session.require_tenant()
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:  # onboarding rolled back after all: nothing to provision
        return
    file_store(current_database().settings).prepare(tenant.id)
    ensure_default_settings(session)
    if tenant.provisioned_at is None:
        tenant.provisioned_at = utcnow()
        session.add(tenant)
