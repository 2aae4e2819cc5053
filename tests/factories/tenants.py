"""Tenants: a fresh one (its provisioning done), and one with the jinfeng-2015 example."""

from __future__ import annotations

import uuid

from jixiao.engine.examples import example_path
from jixiao.org.queries import all_units
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.schemes.interchange import import_files
from jixiao.tenants import onboarding
from jixiao.tenants.models import Tenant, TenantLevel
from tests.factories.subjects import everything

EXAMPLE = example_path("jinfeng-2015")
SCHEME = "jinfeng-2015"


def unique_code(prefix: str = "t") -> str:
    """A tenant code no other test uses (tests share the PostgreSQL database)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def make_tenant(
    database: Database,
    name: str,
    *,
    level: TenantLevel = TenantLevel.DISTRICT,
    parent: str | None = None,
) -> Tenant:
    with database.platform_session() as session:
        tenant = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(unique_code(), name, level, parent)
        ).tenant
        session.commit()
    # Let the provisioning job finish first, so that a test's own writes never queue behind it
    # on SQLite's single write lock (databases made by the `database` fixture carry `info_drain`).
    drain = getattr(database, "info_drain", None)
    if drain is not None:
        drain()
    return tenant


def import_example(
    database: Database, tenant: Tenant, actor: Subject | None = None
) -> dict[str, uuid.UUID]:
    """The jinfeng-2015 example's scheme and data imported into the tenant (by `actor`, else a
    user holding every permission) and committed; the tenant's units by code."""
    with database.tenant_session(tenant.id) as session:
        import_files(
            session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", actor or everything(tenant)
        )
        session.commit()
        return {unit.code: unit.id for unit in all_units(session)}
