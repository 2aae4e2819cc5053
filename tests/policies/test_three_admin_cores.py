"""三员分立 beyond the three built-in roles: no role, and no user through all their roles, may
hold the core permissions of two of the system, security and audit administrators."""

from __future__ import annotations

from typing import Any

from jixiao.graphql.relay import to_global_id
from jixiao.platform.db import Database
from jixiao.policies import service
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.policies.helpers import acting_as, make_user

CREATE = """
mutation($code: String!, $permissions: [String!]!) {
  createRole(input: {code: $code, name: "自定义", permissions: $permissions}) {
    role { code permissions } errors { code message field } } }"""
UPDATE = """
mutation($code: String!, $permissions: [String!]!) {
  updateRolePermissions(roleCode: $code, permissions: $permissions) {
    role { permissions } errors { code message field } } }"""
ASSIGN = """
mutation($user: ID!, $roles: [String!]!) {
  assignRoles(userId: $user, roleCodes: $roles) { roleCodes errors { code message field } } }"""


def _errors(body: dict[str, Any], field: str) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    errors: list[dict[str, Any]] = body["data"][field]["errors"]
    return errors


def test_a_custom_role_cannot_smuggle_two_administrators(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    secadmin = tenant_user(jinfeng, "role:read", "role:write", "role:assign")
    for permissions in (
        ["role:assign", "audit:read"],
        ["user:write", "role:write"],
        ["setting:write", "audit:export", "report:read"],
    ):
        [error] = _errors(
            gql.execute(CREATE, {"code": "smuggler", "permissions": permissions}, subject=secadmin),
            "createRole",
        )
        assert error["code"] == "FORBIDDEN"
        assert error["field"] == "permissions"
        assert error["message"].startswith("三员分立：同一角色不能同时具有")
    made = gql.execute(
        CREATE, {"code": "hr", "permissions": ["user:write", "unit:write"]}, subject=secadmin
    )
    assert _errors(made, "createRole") == []
    [error] = _errors(
        gql.execute(
            UPDATE,
            {"code": "hr", "permissions": ["user:read", "user:write", "audit:read"]},
            subject=secadmin,
        ),
        "updateRolePermissions",
    )
    assert "系统管理员、审计管理员" in error["message"]


def test_no_user_gets_two_administrators_through_several_roles(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    secadmin = tenant_user(jinfeng, "role:read", "role:write", "role:assign")
    for code, permissions in (("hr", ["user:write"]), ("inspector", ["report:read"])):
        assert (
            _errors(
                gql.execute(CREATE, {"code": code, "permissions": permissions}, subject=secadmin),
                "createRole",
            )
            == []
        )
    user = str(to_global_id("User", make_user(database, jinfeng, "wang")))
    for roles in (
        ["hr", "audit_admin"],
        ["security_admin", "audit_admin"],
        ["hr", "security_admin"],
    ):
        [error] = _errors(
            gql.execute(ASSIGN, {"user": user, "roles": roles}, subject=secadmin), "assignRoles"
        )
        assert error["code"] == "FORBIDDEN"
        assert "三员分立" in error["message"]
    assert (
        _errors(
            gql.execute(ASSIGN, {"user": user, "roles": ["hr", "inspector"]}, subject=secadmin),
            "assignRoles",
        )
        == []
    )
    # a role held with another one cannot grow into the second administrator
    [error] = _errors(
        gql.execute(
            UPDATE,
            {"code": "inspector", "permissions": ["report:read", "audit:read"]},
            subject=secadmin,
        ),
        "updateRolePermissions",
    )
    assert error["message"].startswith("三员分立：持有该角色的用户的角色合起来")
    changed = gql.execute(
        UPDATE,
        {"code": "inspector", "permissions": ["report:read", "score:read"]},
        subject=secadmin,
    )
    assert _errors(changed, "updateRolePermissions") == []


def test_the_security_administrator_cannot_undo_the_separation(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    secadmin = acting_as(
        database, jinfeng, make_user(database, jinfeng, "anquan", "security_admin")
    )
    # neither widen their own role, nor strip the auditor, nor reshape the system administrator
    for code, permissions in (
        ("security_admin", ["role:read", "role:write", "role:assign", "result:publish"]),
        ("audit_admin", ["notice:read"]),
        ("tenant_admin", ["user:read"]),
    ):
        [error] = _errors(
            gql.execute(UPDATE, {"code": code, "permissions": permissions}, subject=secadmin),
            "updateRolePermissions",
        )
        assert error["code"] == "FORBIDDEN"
        assert error["field"] == "roleCode"
    # a custom role they also hold is theirs to use, not to widen
    made = gql.execute(CREATE, {"code": "reader", "permissions": ["report:read"]}, subject=secadmin)
    assert _errors(made, "createRole") == []
    other = acting_as(database, jinfeng, make_user(database, jinfeng, "anquan2", "security_admin"))
    user = str(to_global_id("User", secadmin.user_id))
    assigned = gql.execute(
        ASSIGN, {"user": user, "roles": ["security_admin", "reader"]}, subject=other
    )
    assert _errors(assigned, "assignRoles") == []
    [error] = _errors(
        gql.execute(
            UPDATE,
            {"code": "reader", "permissions": ["report:read", "score:write"]},
            subject=secadmin,
        ),
        "updateRolePermissions",
    )
    assert error["code"] == "FORBIDDEN"
    assert "自己持有" in error["message"]
    # another security administrator may
    changed = gql.execute(
        UPDATE, {"code": "reader", "permissions": ["report:read", "score:read"]}, subject=other
    )
    assert _errors(changed, "updateRolePermissions") == []
    with database.tenant_session(jinfeng.id) as session:
        assert service.get_role(session, "audit_admin").permissions == (
            "audit:export",
            "audit:read",
        )
