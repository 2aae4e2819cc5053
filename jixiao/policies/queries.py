"""The roles' reads that other domains make: who holds a role or a permission, and the roles'
names. Low in the layers, just above the tables: the notices, the schemes' scorers, the audit
alerts and the appeals read them without standing above the policies' services."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.identity.models import AccountStatus, User
from jixiao.platform.db import JixiaoSession
from jixiao.policies.models import Role, RoleGrant, UserRole


def roles_granting(permissions: Collection[str]) -> SelectOfScalar[uuid.UUID]:
    """The statement of the ids of the roles that grant any of these permissions (a
    subquery)."""
    return select(RoleGrant.role_id).where(col(RoleGrant.permission).in_(list(permissions)))


def active_holder_ids(session: JixiaoSession, permissions: Collection[str]) -> set[uuid.UUID]:
    """The active users holding a role that grants any of these permissions."""
    rows = session.exec(
        select(UserRole.user_id)
        .join(User, col(User.id) == col(UserRole.user_id))
        .where(
            col(UserRole.role_id).in_(roles_granting(permissions)),
            User.status == AccountStatus.ACTIVE,
        )
    ).all()
    return set(rows)


def holders_of_roles(role_codes: Collection[str]) -> SelectOfScalar[uuid.UUID]:
    """The statement of the ids of the users holding any of these roles, whatever their
    account's state (a subquery)."""
    return (
        select(UserRole.user_id)
        .join(Role, col(Role.id) == UserRole.role_id)
        .where(col(Role.code).in_(list(role_codes)))
    )


def role_names(session: JixiaoSession, codes: Iterable[str]) -> dict[str, str]:
    """The name of each role of these codes (codes that name no role are left out)."""
    rows = session.exec(select(Role.code, Role.name).where(col(Role.code).in_(list(codes))))
    return dict(rows.all())
