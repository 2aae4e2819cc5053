"""The roles' reads: who holds a role or a permission, the roles' names and grants, and the
policy version. Low in the layers, just above the tables: the notices, the schemes' scorers, the
audit alerts and the appeals read them without standing above the policies' services."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.identity.models import AccountStatus, User
from jixiao.platform.db import JixiaoSession
from jixiao.policies.models import PolicyRevision, Role, RoleGrant, UserRole


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


def role_codes(session: JixiaoSession) -> set[str]:
    """The code of every role of the session's tenant."""
    return set(session.exec(select(Role.code)).all())


def roles_in_order(session: JixiaoSession) -> list[Role]:
    """The session tenant's roles, the built-in ones first, then by code."""
    return list(session.exec(select(Role).order_by(col(Role.builtin).desc(), col(Role.code))).all())


def permissions_by_role(session: JixiaoSession) -> dict[uuid.UUID, list[str]]:
    """The permission codes every role of the session's tenant grants, by role id."""
    held: dict[uuid.UUID, list[str]] = {}
    for role_id, permission in session.exec(select(RoleGrant.role_id, RoleGrant.permission)):
        held.setdefault(role_id, []).append(permission)
    return held


def role_code_taken(session: JixiaoSession, code: str) -> bool:
    """Whether a role of the session's tenant has this code."""
    return session.exec(select(Role.id).where(Role.code == code)).first() is not None


def find_role(session: JixiaoSession, code: str) -> Role | None:
    """The session tenant's role with this code, if any."""
    return session.exec(select(Role).where(Role.code == code.strip())).first()


def roles_by_code(session: JixiaoSession, codes: list[str]) -> dict[str, Role]:
    """The session tenant's roles of these codes by code (unknown codes are left out)."""
    return {r.code: r for r in session.exec(select(Role).where(col(Role.code).in_(codes)))}


def holder_ids(session: JixiaoSession, role_id: uuid.UUID) -> list[uuid.UUID]:
    """The id of the user of each holding of a role (whatever their account's state)."""
    return list(session.exec(select(UserRole.user_id).where(UserRole.role_id == role_id)).all())


def holding_count(session: JixiaoSession, role_id: uuid.UUID) -> int:
    """How many users hold a role."""
    return len(session.exec(select(UserRole.id).where(UserRole.role_id == role_id)).all())


def holds_role(session: JixiaoSession, user_id: uuid.UUID, role_id: uuid.UUID) -> bool:
    """Whether the user holds the role."""
    held = select(UserRole.id).where(UserRole.user_id == user_id, UserRole.role_id == role_id)
    return session.exec(held).first() is not None


def other_role_ids(
    session: JixiaoSession, user_id: uuid.UUID, role_id: uuid.UUID
) -> list[uuid.UUID]:
    """The ids of the user's roles other than this one."""
    rows = session.exec(
        select(UserRole.role_id).where(UserRole.user_id == user_id, UserRole.role_id != role_id)
    )
    return list(rows.all())


def holdings_by_code(session: JixiaoSession, user_id: uuid.UUID) -> dict[str, UserRole]:
    """The user's holdings of roles, by their role's code."""
    return {
        code: link
        for link, code in session.exec(
            select(UserRole, Role.code)
            .join(Role, col(Role.id) == UserRole.role_id)
            .where(UserRole.user_id == user_id)
        )
    }


def roles_of(session: JixiaoSession, user_id: uuid.UUID) -> list[str]:
    """The codes of the user's roles in the session's tenant, sorted (read from the database)."""
    rows = session.exec(
        select(Role.code)
        .join(UserRole, col(UserRole.role_id) == Role.id)
        .where(UserRole.user_id == user_id)
        .order_by(col(Role.code))
    ).all()
    return list(rows)


def roles_of_users(
    session: JixiaoSession, user_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """The role codes of many users at once (one query), sorted per user."""
    ids = list(user_ids)
    rows = session.exec(
        select(UserRole.user_id, Role.code)
        .join(Role, col(Role.id) == col(UserRole.role_id))
        .where(col(UserRole.user_id).in_(ids))
    ).all()
    found: dict[uuid.UUID, list[str]] = {user_id: [] for user_id in ids}
    for user_id, code in rows:
        found[user_id].append(code)
    return {user_id: sorted(codes) for user_id, codes in found.items()}


def granted_by(session: JixiaoSession, role_ids: list[uuid.UUID]) -> set[str]:
    """Every permission the roles grant together."""
    if not role_ids:
        return set()
    rows = session.exec(select(RoleGrant.permission).where(col(RoleGrant.role_id).in_(role_ids)))
    return set(rows)


def permissions_of(session: JixiaoSession, role_id: uuid.UUID) -> tuple[str, ...]:
    """A role's permission codes, sorted."""
    rows = session.exec(select(RoleGrant.permission).where(RoleGrant.role_id == role_id)).all()
    return tuple(sorted(rows))


def grant_rules(session: JixiaoSession) -> list[tuple[str, str]]:
    """(role code, permission code) of every grant of the session's tenant."""
    rows = session.exec(
        select(Role.code, RoleGrant.permission).join(
            RoleGrant,
            (col(RoleGrant.role_id) == Role.id) & (col(RoleGrant.tenant_id) == Role.tenant_id),
        )
    ).all()
    return [(code, permission) for code, permission in rows]


def membership_rules(session: JixiaoSession) -> list[tuple[uuid.UUID, str]]:
    """(user id, role code) of every holding of a role in the session's tenant."""
    rows = session.exec(
        select(UserRole.user_id, Role.code).join(
            Role, (col(Role.id) == UserRole.role_id) & (col(Role.tenant_id) == UserRole.tenant_id)
        )
    ).all()
    return [(user_id, code) for user_id, code in rows]


def policy_version(session: JixiaoSession) -> int:
    """The session tenant's policy version (0 before its first change)."""
    version = session.exec(select(PolicyRevision.version)).first()
    return version or 0
