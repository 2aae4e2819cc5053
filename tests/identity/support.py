"""Builders for identity tests: a tenant with a user of given roles and a known password."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.identity.service import create_user
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.policies.service import assign_roles
from jixiao.tenants.models import Tenant
from tests.factories import make_tenant

PASSWORD = "Correct-Horse-Battery-9"


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
        user, _ = create_user(
            session,
            username=f"u{len(roles)}-{'-'.join(roles) or 'none'}"[:60],
            display_name="测试用户",
            password=PASSWORD,
        )
        user.must_change_password = must_change
        user.password_changed_at = None if must_change else utcnow()
        session.add(user)
        if roles:
            assign_roles(session, None, user.id, list(roles))
        session.commit()
        return Account(tenant=tenant, username=user.username, password=PASSWORD)
