"""三员分立 beyond the three built-in roles: no role, and no user through all their roles, may
hold the core permissions of two of the system, security and audit administrators."""

from __future__ import annotations

from typing import Any

from jixiao.graphql.relay import to_global_id
from jixiao.platform.db import Database
from tests.factories import make_tenant, tenant_user
from tests.graphql.conftest import GraphQLClient
from tests.policies.helpers import make_user

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
            {"code": "tenant_admin", "permissions": ["user:read", "user:write", "audit:read"]},
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
