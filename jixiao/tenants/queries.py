"""The tenants' reads: tenants by code, listed and paged, their settings' stored values, and
every row a government leaves behind (its export and its deletion's counts)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import RowMapping, Table, func
from sqlalchemy import select as core_select
from sqlmodel import col, select

from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import Page, keyset_page
from jixiao.tenants.models import Tenant, TenantLevel, TenantSetting, TenantStatus


def find_tenant(session: JixiaoSession, code: str) -> Tenant | None:
    """The tenant with this code, if any."""
    return session.exec(select(Tenant).where(Tenant.code == code.strip().lower())).first()


def tenants_page(
    session: JixiaoSession,
    *,
    status: TenantStatus | None = None,
    level: TenantLevel | None = None,
    parent_id: uuid.UUID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Tenant]:
    """Tenants ordered by code, filtered, one keyset page at a time."""
    statement = select(Tenant)
    if status is not None:
        statement = statement.where(Tenant.status == status)
    if level is not None:
        statement = statement.where(Tenant.level == level)
    if parent_id is not None:
        statement = statement.where(Tenant.parent_id == parent_id)
    return keyset_page(session, statement, col(Tenant.code), first=first, after=after)  # type: ignore[arg-type]


def active_tenants(session: JixiaoSession) -> list[Tenant]:
    """The active tenants, by code (periodic work and operators' overviews skip suspended ones)."""
    statement = select(Tenant).where(Tenant.status == TenantStatus.ACTIVE)
    return list(session.exec(statement.order_by(col(Tenant.code))).all())


def all_tenant_ids(session: JixiaoSession) -> list[uuid.UUID]:
    """The id of every tenant, suspended ones included."""
    return list(session.exec(select(Tenant.id)).all())


def children_of(session: JixiaoSession, parent_id: uuid.UUID) -> list[Tenant]:
    """A government's child governments (下级), by code."""
    statement = select(Tenant).where(Tenant.parent_id == parent_id).order_by(col(Tenant.code))
    return list(session.exec(statement).all())


def child_codes(session: JixiaoSession, parent_id: uuid.UUID) -> list[str]:
    """The codes of a government's child governments."""
    return list(session.exec(select(Tenant.code).where(col(Tenant.parent_id) == parent_id)).all())


def setting_keys(session: JixiaoSession) -> set[str]:
    """The keys of the session tenant's stored settings."""
    return set(session.exec(select(TenantSetting.key)).all())


def stored_settings(session: JixiaoSession) -> dict[str, TenantSetting]:
    """The session tenant's stored settings by key."""
    return {row.key: row for row in session.exec(select(TenantSetting)).all()}


def setting_value(session: JixiaoSession, key: str) -> str | None:
    """The session tenant's stored value of setting `key`; None when never set."""
    return session.exec(select(TenantSetting.value).where(TenantSetting.key == key)).first()


def setting_values(session: JixiaoSession, keys: Iterable[str]) -> dict[str, str]:
    """The session tenant's stored values of these settings (those never set are left out)."""
    wanted = list(keys)
    rows = session.exec(
        select(TenantSetting.key, TenantSetting.value).where(col(TenantSetting.key).in_(wanted))
    ).all()
    return dict(rows)


def tenant_setting_value(session: JixiaoSession, tenant_id: uuid.UUID, key: str) -> str | None:
    """Another tenant's stored value of setting `key` (a platform session's read)."""
    return session.exec(
        select(TenantSetting.value).where(
            TenantSetting.tenant_id == tenant_id, TenantSetting.key == key
        )
    ).first()


def tenant_rows(session: JixiaoSession, table: Table, tenant_id: uuid.UUID) -> Iterable[RowMapping]:
    """Every row of a tenant table that is the tenant's, as mappings of column to value."""
    return session.execute(core_select(table).where(table.c.tenant_id == tenant_id)).mappings()


def tenant_row_count(session: JixiaoSession, table: Table, tenant_id: uuid.UUID) -> int:
    """How many rows of a tenant table are the tenant's."""
    statement = core_select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
    return int(session.execute(statement).scalar_one())
