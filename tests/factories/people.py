"""Real people: users of a tenant holding roles, with a password that needs no change (and, where
a test wants it, their subject as the authenticator makes it), and platform operators."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from jixiao.identity.authenticate import subject_for_user
from jixiao.identity.models import Operator, User
from jixiao.identity.passwords import hash_password
from jixiao.identity.service import create_user
from jixiao.notices.models import Notification
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.policies.service import assign_roles
from jixiao.tenants.models import Tenant

PASSWORD = "Correct-Horse-Battery-9"


def add_user(
    session: JixiaoSession,
    username: str,
    *roles: str,
    display_name: str,
    password: str | None = None,
    unit_id: uuid.UUID | None = None,
    must_change: bool = False,
) -> User:
    """A user of the session's tenant holding these roles (assigned by no one: set-up), not yet
    committed; a password change is required only when `must_change`."""
    user, _ = create_user(
        session, username=username, display_name=display_name, unit_id=unit_id, password=password
    )
    user.must_change_password = must_change
    user.password_changed_at = None if must_change else utcnow()
    session.add(user)
    if roles:
        assign_roles(session, None, user.id, list(roles))
    return user


def person(
    database: Database,
    tenant: Tenant,
    username: str,
    *roles: str,
    unit_id: uuid.UUID | None = None,
) -> Subject:
    """A user of the tenant with these roles, signed in (their real permissions)."""
    with database.tenant_session(tenant.id) as session:
        user = add_user(session, username, *roles, display_name=f"{username} 同志", unit_id=unit_id)
        session.commit()
        fresh = session.get(User, (tenant.id, user.id))
        assert fresh is not None
        return subject_for_user(session, tenant, fresh, via="cookie")


def notification_titles(database: Database, tenant: Tenant, who: Subject) -> list[str]:
    """The titles of a user's notifications, oldest first."""
    with database.tenant_session(tenant.id) as session:
        rows = session.exec(
            select(Notification)
            .where(Notification.user_id == who.user_id)
            .order_by(col(Notification.created_at))
        ).all()
        return [row.title for row in rows]


def make_operator_account(
    database: Database, username: str, *, display_name: str, password: str = PASSWORD
) -> None:
    """A platform operator with a password that needs no change (no second factor set up yet)."""
    with database.platform_session() as session:
        session.add(
            Operator(
                username=username,
                display_name=display_name,
                password_hash=hash_password(password),
                must_change_password=False,
                password_changed_at=utcnow(),
            )
        )
        session.commit()
