"""Builders for identity tests: a tenant with a user of given roles and a known password."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.platform.db import Database
from jixiao.tenants.models import Tenant
from tests.factories import PASSWORD, add_user, make_tenant


@dataclass(frozen=True)
class Account:
    tenant: Tenant
    username: str
    password: str


def account(
    database: Database,
    *roles: str,
    name: str = "金凤区",
    tenant: Tenant | None = None,
    must_change: bool = False,
) -> Account:
    """A user with the roles and a known password (no change required unless asked)."""
    tenant = tenant or make_tenant(database, name)
    with database.tenant_session(tenant.id) as session:
        user = add_user(
            session,
            f"u{len(roles)}-{'-'.join(roles) or 'none'}"[:60],
            *roles,
            display_name="测试用户",
            password=PASSWORD,
            must_change=must_change,
        )
        session.commit()
        return Account(tenant=tenant, username=user.username, password=PASSWORD)
