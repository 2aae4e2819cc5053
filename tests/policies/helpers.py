"""Builders for access tests: real users of a tenant and the subjects they act as."""

from __future__ import annotations

import uuid

from sqlmodel import select

from jixiao.identity.models import User
from jixiao.identity.service import create_user
from jixiao.platform.auth import Subject, TenantRef
from jixiao.platform.db import Database
from jixiao.policies.enforcer import permissions_for
from jixiao.policies.service import assign_roles
from jixiao.tenants.models import Tenant


def make_user(database: Database, tenant: Tenant, username: str, *roles: str) -> uuid.UUID:
    """A user of the tenant holding these roles (assigned by no one: set-up)."""
    with database.tenant_session(tenant.id) as session:
        user, _password = create_user(session, username=username, display_name=f"用户{username}")
        if roles:
            assign_roles(session, None, user.id, roles)
        session.commit()
        return user.id


def user_id_of(database: Database, tenant: Tenant, username: str) -> uuid.UUID:
    """The id of a user created at onboarding (admin, secadmin, auditadmin)."""
    with database.tenant_session(tenant.id) as session:
        return session.exec(select(User.id).where(User.username == username)).one()


def acting_as(database: Database, tenant: Tenant, user_id: uuid.UUID) -> Subject:
    """The subject of a signed-in user, permissions computed as the authenticator does."""
    with database.tenant_session(tenant.id) as session:
        permissions = permissions_for(session, user_id)
        user = session.get(User, (tenant.id, user_id))
    assert user is not None
    return Subject(
        kind="user",
        tenant=TenantRef(
            id=tenant.id, code=tenant.code, name=tenant.name, level=tenant.level.value
        ),
        user_id=user_id,
        display_name=user.display_name,
        username=user.username,
        permissions=permissions,
    )
