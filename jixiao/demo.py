"""Demo data: the city of Yinchuan and its three districts (idempotent)."""

from __future__ import annotations

from jixiao.platform.db import Database
from jixiao.tenants import service
from jixiao.tenants.models import TenantLevel

DEMO_TENANTS: tuple[service.OnboardTenant, ...] = (
    service.OnboardTenant("yinchuan", "银川市", TenantLevel.CITY),
    service.OnboardTenant("jinfeng", "金凤区", TenantLevel.DISTRICT, "yinchuan"),
    service.OnboardTenant("xixia", "西夏区", TenantLevel.DISTRICT, "yinchuan"),
    service.OnboardTenant("xingqing", "兴庆区", TenantLevel.DISTRICT, "yinchuan"),
)


def seed_demo(database: Database) -> list[str]:
    """Onboard the demo tenants that are missing; returns the codes created."""
    created = []
    with database.platform_session() as session:
        for command in DEMO_TENANTS:
            if service.find_tenant(session, command.code) is None:
                service.onboard_tenant(session, command)
                created.append(command.code)
        session.commit()
    return created
