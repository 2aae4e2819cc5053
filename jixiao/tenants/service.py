"""Tenant onboarding, suspension and settings: the operations, typed inputs in, models out."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from jixiao.audit.service import SYSTEM, record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import Page
from jixiao.platform.queries import rows_by_id
from jixiao.tenants import settings as tenant_settings
from jixiao.tenants.models import Tenant, TenantLevel, TenantSetting, TenantStatus
from jixiao.tenants.queries import active_tenants as active_tenants  # re-exported
from jixiao.tenants.queries import find_tenant as find_tenant  # re-exported
from jixiao.tenants.queries import setting_keys, stored_settings, tenants_page


def set_status(
    session: JixiaoSession, code: str, status: TenantStatus, *, actor: Subject | None = None
) -> Tenant:
    """Suspend or resume a tenant; its users and tokens are refused while suspended."""
    tenant = get_tenant(session, code)
    if tenant.status is not status:
        before = tenant.status
        tenant.status = status
        tenant.status_changed_at = utcnow()
        session.add(tenant)
        session.flush()
        with acting_for_tenant(session, tenant.id):
            record(
                session,
                actor=actor or SYSTEM,
                action="tenant.suspend" if status is TenantStatus.SUSPENDED else "tenant.resume",
                target_type="tenant",
                target_id=tenant.id,
                before={"status": before},
                after={"status": status},
            )
    return tenant


def get_tenant(session: JixiaoSession, code: str, *, field: str = "code") -> Tenant:
    tenant = find_tenant(session, code)
    if tenant is None:
        raise NotFound(f"没有代码为「{code}」的租户", field=field)
    return tenant


def list_tenants(
    session: JixiaoSession,
    *,
    status: TenantStatus | None = None,
    level: TenantLevel | None = None,
    parent_code: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Tenant]:
    """Tenants ordered by code, filtered, one keyset page at a time."""
    parent_id = None if parent_code is None else get_tenant(session, parent_code).id
    return tenants_page(
        session, status=status, level=level, parent_id=parent_id, first=first, after=after
    )


def ensure_default_settings(session: JixiaoSession) -> int:
    """Add every missing default setting of the session's tenant; returns how many were added."""
    present = setting_keys(session)
    added = 0
    for spec in tenant_settings.SPECS:
        if spec.key not in present:
            session.add(TenantSetting(key=spec.key, value=spec.default))
            added += 1
    session.flush()
    return added


def list_settings(session: JixiaoSession) -> list[TenantSetting]:
    """The session tenant's settings, in the order of the setting catalogue; a setting added to
    the catalogue after the tenant was provisioned shows its default (stored once changed)."""
    rows = stored_settings(session)
    return [
        rows.get(spec.key)
        or TenantSetting(tenant_id=session.require_tenant(), key=spec.key, value=spec.default)
        for spec in tenant_settings.SPECS
    ]


def update_setting(
    session: JixiaoSession, key: str, value: str, *, actor: Subject | None = None
) -> TenantSetting:
    """Change one setting of the session's tenant after checking its value."""
    rows = stored_settings(session)
    clean = tenant_settings.validate(
        key, value, {other: row.value for other, row in rows.items() if other != key}
    )
    row = rows.get(key)
    before = None if row is None else {"value": row.value}
    if row is None:
        row = TenantSetting(key=key, value=clean)
    row.value = clean
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor or SYSTEM,
        action="tenant.setting.update",
        target_type="tenant_setting",
        target_id=key,
        before=before,
        after={"value": clean},
    )
    return row


def tenants_by_id(session: JixiaoSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Tenant]:
    """Tenants by id (unknown ids are left out); a platform session's read."""
    return rows_by_id(session, Tenant, ids)


def tenant_of(session: JixiaoSession, subject: Subject) -> Tenant | None:
    """The subject's own tenant; None for a platform operator."""
    return session.get(Tenant, subject.tenant.id) if subject.tenant else None
