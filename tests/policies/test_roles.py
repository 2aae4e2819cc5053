"""Roles and assignments through the service: checks, 三员分立, versions and audit events."""

from __future__ import annotations

import contextlib
import json
import threading
import uuid

import pytest
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.platform.db import Database
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.policies.enforcer import permissions_for
from jixiao.policies.queries import policy_version, roles_of
from jixiao.policies.service import (
    assign_roles,
    create_role,
    delete_role,
    get_role,
    update_role_permissions,
)
from tests.factories import make_tenant
from tests.policies.helpers import make_user, user_id_of


def test_a_custom_role_is_created_changed_and_deleted(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        start = policy_version(session)
        made = create_role(session, "inspector", "暗访组", ["report:read", "supervision:read"])
        assert made.permissions == ("report:read", "supervision:read")
        changed = update_role_permissions(session, "inspector", ["report:read"])
        assert changed.permissions == ("report:read",)
        delete_role(session, "inspector")
        session.commit()
        assert policy_version(session) == start + 3
        with pytest.raises(NotFound):
            get_role(session, "inspector")
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.target_id == "inspector")
        ).all()
    assert sorted(actions) == ["role.create", "role.delete", "role.update"]


def test_unknown_and_platform_permission_codes_are_refused_by_name(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        with pytest.raises(InvalidInput, match="score:fly") as unknown:
            update_role_permissions(session, "office", ["score:read", "score:fly"])
        assert unknown.value.field == "permissions"
        with pytest.raises(InvalidInput, match="tenant:create"):
            create_role(session, "sneaky", "越权", ["tenant:create"])
        with pytest.raises(Conflict):
            create_role(session, "office", "重复", ["score:read"])
        with pytest.raises(InvalidInput, match="角色代码"):
            create_role(session, "Bad Code", "坏代码", [])


def test_built_in_roles_can_change_but_not_be_deleted(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        assert update_role_permissions(session, "finance", ["bonus:read"]).permissions == (
            "bonus:read",
        )
        with pytest.raises(Forbidden, match="内置角色「财政局」不能删除"):
            delete_role(session, "finance")
        for admin in ("tenant_admin", "security_admin", "audit_admin"):
            with pytest.raises(Forbidden, match=r"三员分立：「.+」的权限由平台规定"):
                update_role_permissions(session, admin, ["role:read", "user:read"])


def test_a_role_still_held_cannot_be_deleted(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        create_role(session, "inspector", "暗访组", ["report:read"])
        session.commit()
    make_user(database, jinfeng, "anfang", "inspector")
    with (
        database.tenant_session(jinfeng.id) as session,
        pytest.raises(Conflict, match="仍分配给 1 名用户"),
    ):
        delete_role(session, "inspector")


def test_the_three_administrators_are_mutually_exclusive(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = user_id_of(database, jinfeng, "admin")
    security = user_id_of(database, jinfeng, "secadmin")
    with database.tenant_session(jinfeng.id) as session:
        assert roles_of(session, admin) == ["tenant_admin"]
        for pair in (
            ["tenant_admin", "security_admin"],
            ["tenant_admin", "audit_admin"],
            ["security_admin", "audit_admin"],
        ):
            with pytest.raises(Forbidden, match="三员分立") as refused:
                assign_roles(session, security, admin, pair)
            assert refused.value.field == "roleCodes"
        assert roles_of(session, admin) == ["tenant_admin"]
        # an administrator may hold other roles beside their one administrator role
        assert assign_roles(session, security, admin, ["tenant_admin", "office"]) == [
            "office",
            "tenant_admin",
        ]


def test_nobody_changes_their_own_roles(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = user_id_of(database, jinfeng, "secadmin")
    with database.tenant_session(jinfeng.id) as session:
        with pytest.raises(Forbidden, match="不能修改自己的角色"):
            assign_roles(session, security, security, ["security_admin", "office"])
        assert roles_of(session, security) == ["security_admin"]


def test_assigning_replaces_the_roles_bumps_the_version_and_is_audited(
    database: Database,
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = user_id_of(database, jinfeng, "secadmin")
    user = make_user(database, jinfeng, "zhangsan", "unit_reporter")
    with database.tenant_session(jinfeng.id) as session:
        version = policy_version(session)
        assign_roles(session, security, user, ["unit_head"])
        session.commit()
        assert roles_of(session, user) == ["unit_head"]
        assert "report:approve" in permissions_for(session, user)
        assert "report:write" not in permissions_for(session, user)
        assert policy_version(session) == version + 1
        # the same roles again change nothing and record nothing
        assign_roles(session, security, user, ["unit_head"])
        assert policy_version(session) == version + 1
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "role.assign", AuditEvent.target_id == str(user))
            .order_by(col(AuditEvent.seq).desc())
        ).first()
    assert event is not None
    assert json.loads(event.before or "") == {"roles": ["unit_reporter"]}
    assert json.loads(event.after or "") == {"roles": ["unit_head"]}


def test_unknown_roles_and_users_are_refused(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    security = user_id_of(database, jinfeng, "secadmin")
    stranger = make_user(database, xixia, "xixia-user")
    with database.tenant_session(jinfeng.id) as session:
        with pytest.raises(InvalidInput, match="未知的角色：astronaut"):
            assign_roles(session, security, user_id_of(database, jinfeng, "admin"), ["astronaut"])
        with pytest.raises(NotFound):
            assign_roles(session, security, uuid.uuid4(), ["office"])
        # a user of another tenant is no user here
        with pytest.raises(NotFound):
            assign_roles(session, security, stranger, ["office"])


def test_concurrent_assignments_never_combine_two_administrators(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = user_id_of(database, jinfeng, "secadmin")
    target = make_user(database, jinfeng, "lisi")
    barrier = threading.Barrier(2)

    def assign(role: str) -> None:
        with database.tenant_session(jinfeng.id) as session:
            barrier.wait()
            with contextlib.suppress(Exception):  # SQLite may refuse the later writer
                assign_roles(session, security, target, [role])
                session.commit()

    threads = [
        threading.Thread(target=assign, args=(role,)) for role in ("tenant_admin", "audit_admin")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with database.tenant_session(jinfeng.id) as session:
        assert len(roles_of(session, target)) == 1
