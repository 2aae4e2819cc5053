"""Roles and their permissions, users' roles, and the tenant's default roles.

Every change bumps the tenant's policy version (so each process's enforcer reloads) and is
recorded in the tenant's audit chain in the same transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, delete

from jixiao.audit.service import SYSTEM, lock_chain, record
from jixiao.identity.models import User
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.policies import defaults
from jixiao.policies.enforcer import bump_policy_version
from jixiao.policies.models import Role, RoleGrant, UserRole
from jixiao.policies.permissions import BY_CODE
from jixiao.policies.queries import (
    find_role,
    granted_by,
    holder_ids,
    holding_count,
    holdings_by_code,
    holds_role,
    other_role_ids,
    permissions_by_role,
    permissions_of,
    role_code_taken,
    role_codes,
    roles_by_code,
    roles_in_order,
)

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
# Without these the security admin could lock every one out of role management.


@dataclass(frozen=True)
class RoleDetails:
    """A role with its permission codes, sorted."""

    role: Role
    permissions: tuple[str, ...]


def ensure_default_roles(session: JixiaoSession, *, actor: Subject | None = None) -> None:
    """Add the default roles the session's tenant lacks; roles it has are left as they are."""
    _lock(session)
    present = role_codes(session)
    added = []
    grants: list[tuple[Role, Iterable[str]]] = []
    for spec in defaults.DEFAULT_ROLES:
        if spec.code in present:
            continue
        role = Role(
            code=spec.code,
            name=spec.name,
            description=spec.description,
            builtin=True,
            needs_unit=spec.needs_unit,
        )
        session.add(role)
        grants.append((role, spec.permissions))
        added.append(spec.code)
    if added:
        session.flush()  # the roles, then their grants: two batches, not two flushes a role
        for role, permissions in grants:
            _add_grants(session, role, permissions)
        session.flush()
        bump_policy_version(session)
        record(
            session,
            actor=actor or SYSTEM,
            action="role.defaults",
            target_type="role",
            after={"added": added},
        )


def list_roles(session: JixiaoSession) -> list[RoleDetails]:
    """The session tenant's roles, the built-in ones first, each with its permissions."""
    roles = roles_in_order(session)
    held = permissions_by_role(session)
    return [RoleDetails(role, tuple(sorted(held.get(role.id, [])))) for role in roles]


def get_role(session: JixiaoSession, code: str, *, field: str = "code") -> RoleDetails:
    """One role of the session's tenant with its permissions."""
    role = _find(session, code, field=field)
    return RoleDetails(role, permissions_of(session, role.id))


def create_role(
    session: JixiaoSession,
    code: str,
    name: str,
    permissions: Iterable[str],
    *,
    description: str = "",
    needs_unit: bool = False,
    actor: Subject | None = None,
) -> RoleDetails:
    """A new role of the session's tenant with these permissions."""
    code = code.strip()
    name = name.strip()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            f"角色代码「{code}」无效：须为 2–64 位小写字母、数字或下划线，以字母开头",
            field="code",
        )
    if not name or len(name) > 100:
        raise InvalidInput("角色名称不能为空，且不超过 100 个字", field="name")
    if len(description) > 500:
        raise InvalidInput("角色说明不超过 500 个字", field="description")
    chosen = check_permissions(permissions)
    _check_separation(chosen)
    _lock(session)
    if role_code_taken(session, code):
        raise Conflict(f"角色代码「{code}」已被使用", field="code")
    role = Role(code=code, name=name, description=description.strip(), needs_unit=needs_unit)
    session.add(role)
    session.flush()
    _grant(session, role, chosen)
    bump_policy_version(session)
    record(
        session,
        actor=actor or SYSTEM,
        action="role.create",
        target_type="role",
        target_id=code,
        after={"code": code, "name": name, "permissions": sorted(chosen)},
    )
    return RoleDetails(role, tuple(sorted(chosen)))


def update_role_permissions(
    session: JixiaoSession,
    role_code: str,
    permissions: Iterable[str],
    *,
    actor: Subject | None = None,
) -> RoleDetails:
    """Replace a role's permissions (built-in roles too: they are the tenant's own), except
    the three administrators' roles, whose powers are fixed (三员分立), and a role the actor
    holds (nobody widens their own powers: that takes another security administrator)."""
    _lock(session)
    role = _find(session, role_code, field="roleCode")
    if role.code in defaults.THREE_ADMINS:
        raise Forbidden(
            f"三员分立：「{role.name}」的权限由平台规定，不能修改（可新建角色另行授权）",
            field="roleCode",
        )
    if (
        actor is not None
        and actor.user_id is not None
        and holds_role(session, actor.user_id, role.id)
    ):
        raise Forbidden(
            f"不能修改自己持有的角色「{role.name}」的权限，请由其他安全管理员操作",
            field="roleCode",
        )
    chosen = check_permissions(permissions)
    _check_separation(chosen)
    _check_holders(session, role, chosen)
    before = permissions_of(session, role.id)
    if set(before) != chosen:
        session.exec(delete(RoleGrant).where(col(RoleGrant.role_id) == role.id))
        _grant(session, role, chosen)
        bump_policy_version(session)
        record(
            session,
            actor=actor or SYSTEM,
            action="role.update",
            target_type="role",
            target_id=role.code,
            before={"permissions": list(before)},
            after={"permissions": sorted(chosen)},
        )
    return RoleDetails(role, tuple(sorted(chosen)))


def delete_role(session: JixiaoSession, role_code: str, *, actor: Subject | None = None) -> None:
    """Delete a role the tenant created; built-in roles and roles still held are kept."""
    _lock(session)
    role = _find(session, role_code, field="roleCode")
    if role.builtin:
        raise Forbidden(f"内置角色「{role.name}」不能删除", field="roleCode")
    holders = holding_count(session, role.id)
    if holders:
        raise Conflict(
            f"角色「{role.name}」仍分配给 {holders} 名用户，请先移除后再删除", field="roleCode"
        )
    before = {
        "code": role.code,
        "name": role.name,
        "permissions": list(permissions_of(session, role.id)),
    }
    session.exec(delete(RoleGrant).where(col(RoleGrant.role_id) == role.id))
    session.delete(role)
    bump_policy_version(session)
    record(
        session,
        actor=actor or SYSTEM,
        action="role.delete",
        target_type="role",
        target_id=role.code,
        before=before,
    )
    session.flush()


def assign_roles(
    session: JixiaoSession,
    actor_user_id: uuid.UUID | None,
    user_id: uuid.UUID,
    role_codes: Iterable[str],
    *,
    actor: Subject | None = None,
) -> list[str]:
    """Set the user's roles to exactly `role_codes`; returns them, sorted.

    Refused when the actor is the user (no one changes their own roles) and when the roles
    would combine two of the three administrators (三员分立).
    """
    if actor_user_id is not None and actor_user_id == user_id:
        raise Forbidden("不能修改自己的角色，请由其他安全管理员操作", field="userId")
    codes = sorted({code.strip() for code in role_codes})
    _lock(session)  # before reading the user's roles: 三员分立 holds under concurrency
    roles = roles_by_code(session, codes)
    unknown = [code for code in codes if code not in roles]
    if unknown:
        raise InvalidInput(f"未知的角色：{'、'.join(unknown)}", field="roleCodes")
    admins = [roles[code].name for code in defaults.THREE_ADMINS if code in roles]
    if len(admins) > 1:
        raise Forbidden(
            "三员分立：系统管理员、安全管理员、审计管理员不能由同一用户兼任"
            f"（所选：{'、'.join(admins)}）",
            field="roleCodes",
        )
    if session.get(User, (session.require_tenant(), user_id)) is None:
        raise NotFound("没有这个用户", field="userId")
    combined = granted_by(session, [role.id for role in roles.values()])
    _check_separation(combined, whose="该用户的角色合起来", field="roleCodes")
    current = holdings_by_code(session, user_id)
    if set(current) == set(codes):
        return codes
    for code, link in current.items():
        if code not in roles:
            session.delete(link)
    for code in codes:
        if code not in current:
            session.add(
                UserRole(user_id=user_id, role_id=roles[code].id, assigned_by=actor_user_id)
            )
    session.flush()
    bump_policy_version(session)
    record(
        session,
        actor=actor or _acting(actor_user_id),
        action="role.assign",
        target_type="user",
        target_id=user_id,
        before={"roles": sorted(current)},
        after={"roles": codes},
    )
    return codes


def check_permissions(permissions: Iterable[str]) -> frozenset[str]:
    """The permission codes, checked: unknown and platform codes are refused by name."""
    chosen = frozenset(code.strip() for code in permissions)
    unknown = sorted(code for code in chosen if code not in BY_CODE)
    if unknown:
        raise InvalidInput(f"未知的权限代码：{'、'.join(unknown)}", field="permissions")
    platform = sorted(code for code in chosen if BY_CODE[code].platform)
    if platform:
        raise InvalidInput(
            f"平台运营权限不能授予租户角色：{'、'.join(platform)}", field="permissions"
        )
    return chosen


def _check_separation(
    permissions: frozenset[str] | set[str], *, whose: str = "同一角色", field: str = "permissions"
) -> None:
    """三员分立: refuse permissions holding the core powers of two of the three administrators."""
    held = defaults.admin_cores_held(permissions)
    if len(held) > 1:
        names = "、".join(defaults.BY_CODE[code].name for code in held)
        codes = "、".join(
            sorted(c for code in held for c in defaults.THREE_ADMIN_CORES[code] & permissions)
        )
        raise Forbidden(f"三员分立：{whose}不能同时具有{names}的核心权限（{codes}）", field=field)


def _check_holders(session: JixiaoSession, role: Role, chosen: frozenset[str]) -> None:
    """A role's new permissions must not give one of its holders two administrators' cores."""
    for user_id in set(holder_ids(session, role.id)):
        others = other_role_ids(session, user_id, role.id)
        _check_separation(
            granted_by(session, others) | chosen,
            whose="持有该角色的用户的角色合起来",
        )


def _find(session: JixiaoSession, code: str, *, field: str) -> Role:
    role = find_role(session, code)
    if role is None:
        raise NotFound(f"没有代码为「{code}」的角色", field=field)
    return role


def _grant(session: JixiaoSession, role: Role, permissions: Iterable[str]) -> None:
    _add_grants(session, role, permissions)
    session.flush()


def _add_grants(session: JixiaoSession, role: Role, permissions: Iterable[str]) -> None:
    for permission in sorted(permissions):
        session.add(RoleGrant(role_id=role.id, permission=permission))


def _lock(session: JixiaoSession) -> None:
    """Serialise policy changes of the tenant before reading the state they change.

    Every change records an audit event, which locks the tenant's audit chain until commit
    anyway; taking that same lock first (rather than a second one) cannot deadlock.
    """
    lock_chain(session)


def _acting(user_id: uuid.UUID | None) -> Subject:
    return SYSTEM if user_id is None else Subject(kind="user", user_id=user_id)
