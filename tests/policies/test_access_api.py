"""Roles through GraphQL: the security admin's work, 三员分立, and tenant walls."""

from __future__ import annotations

from jixiao.graphql.relay import to_global_id
from jixiao.platform.db import Database
from jixiao.policies.service import create_role
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.policies.helpers import acting_as, make_user, user_id_of

ROLES = "{ roles { id code name builtin needsUnit permissions } }"
CATALOGUE = "{ permissionCatalogue { code label } }"
ASSIGN = """
mutation Assign($userId: ID!, $roleCodes: [String!]!) {
  assignRoles(userId: $userId, roleCodes: $roleCodes) { userId roleCodes errors { code message field } }
}"""
CREATE = """
mutation Create($input: CreateRoleInput!) {
  createRole(input: $input) { role { code name permissions builtin } errors { code message field } }
}"""
UPDATE = """
mutation Update($code: String!, $permissions: [String!]!) {
  updateRolePermissions(roleCode: $code, permissions: $permissions) {
    role { code permissions } errors { code message field }
  }
}"""
DELETE = """
mutation Delete($code: String!) { deleteRole(roleCode: $code) { deletedCode errors { code message } } }
"""
EVENTS = """
query Events($action: String) {
  auditEvents(action: $action, first: 10) { nodes { action outcome reason actorName } }
}"""


def test_the_security_admin_reads_roles_and_the_catalogue(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = acting_as(database, jinfeng, user_id_of(database, jinfeng, "secadmin"))
    roles = gql.execute(ROLES, subject=security)["data"]["roles"]
    by_code = {role["code"]: role for role in roles}
    assert by_code["office"]["name"] == "考评办"
    assert by_code["unit_reporter"]["needsUnit"] is True
    assert "score:write" in by_code["scoring_leader"]["permissions"]
    catalogue = gql.execute(CATALOGUE, subject=security)["data"]["permissionCatalogue"]
    codes = {item["code"] for item in catalogue}
    assert {"score:write", "role:assign"} <= codes
    assert "tenant:create" not in codes
    assert next(i["label"] for i in catalogue if i["code"] == "score:write") == "赋分"


def test_other_administrators_may_not_read_or_assign_roles(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = acting_as(database, jinfeng, user_id_of(database, jinfeng, "admin"))
    auditor = acting_as(database, jinfeng, user_id_of(database, jinfeng, "auditadmin"))
    assert gql.execute(ROLES, subject=admin)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    target = to_global_id("User", make_user(database, jinfeng, "zhangsan"))
    result = gql.execute(ASSIGN, {"userId": target, "roleCodes": ["office"]}, subject=auditor)
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_assigning_security_admin_to_a_tenant_admin_is_refused(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = acting_as(database, jinfeng, user_id_of(database, jinfeng, "secadmin"))
    admin_id = to_global_id("User", user_id_of(database, jinfeng, "admin"))
    payload = gql.execute(
        ASSIGN,
        {"userId": admin_id, "roleCodes": ["tenant_admin", "security_admin"]},
        subject=security,
    )["data"]["assignRoles"]
    assert payload["roleCodes"] is None
    [error] = payload["errors"]
    assert error["code"] == "FORBIDDEN"
    assert error["field"] == "roleCodes"
    assert "三员分立" in error["message"]
    assert "系统管理员、安全管理员" in error["message"]
    # and the attempt is in the audit log, as refused
    auditor = acting_as(database, jinfeng, user_id_of(database, jinfeng, "auditadmin"))
    events = gql.execute(EVENTS, {"action": "role.assign"}, subject=auditor)["data"]
    latest = events["auditEvents"]["nodes"][0]
    assert latest["outcome"] == "REFUSED"
    assert "三员分立" in latest["reason"]
    assert latest["actorName"] == "安全管理员"


def test_the_security_admin_cannot_change_their_own_roles(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security_id = user_id_of(database, jinfeng, "secadmin")
    security = acting_as(database, jinfeng, security_id)
    payload = gql.execute(
        ASSIGN,
        {"userId": to_global_id("User", security_id), "roleCodes": ["security_admin", "office"]},
        subject=security,
    )["data"]["assignRoles"]
    assert payload["errors"][0]["code"] == "FORBIDDEN"
    assert "不能修改自己的角色" in payload["errors"][0]["message"]


def test_roles_are_defined_and_assigned_through_graphql(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    security = acting_as(database, jinfeng, user_id_of(database, jinfeng, "secadmin"))
    made = gql.execute(
        CREATE,
        {"input": {"code": "inspector", "name": "暗访组", "permissions": ["report:read"]}},
        subject=security,
    )["data"]["createRole"]
    assert made == {
        "role": {
            "code": "inspector",
            "name": "暗访组",
            "permissions": ["report:read"],
            "builtin": False,
        },
        "errors": [],
    }
    bad = gql.execute(
        UPDATE, {"code": "inspector", "permissions": ["report:read", "x:y"]}, subject=security
    )["data"]["updateRolePermissions"]
    assert bad["errors"] == [
        {"code": "INVALID", "message": "未知的权限代码：x:y", "field": "permissions"}
    ]
    good = gql.execute(
        UPDATE,
        {"code": "inspector", "permissions": ["report:read", "supervision:read"]},
        subject=security,
    )["data"]["updateRolePermissions"]
    assert good["role"]["permissions"] == ["report:read", "supervision:read"]
    user_id = make_user(database, jinfeng, "anfang")
    assigned = gql.execute(
        ASSIGN,
        {"userId": to_global_id("User", user_id), "roleCodes": ["inspector"]},
        subject=security,
    )["data"]["assignRoles"]
    assert assigned["roleCodes"] == ["inspector"]
    assert acting_as(database, jinfeng, user_id).permissions == {
        "report:read",
        "supervision:read",
    }
    builtin = gql.execute(DELETE, {"code": "office"}, subject=security)["data"]["deleteRole"]
    assert builtin["errors"][0]["code"] == "FORBIDDEN"


def test_another_tenant_sees_none_of_the_roles_and_users_of_the_first(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(jinfeng.id) as session:
        create_role(session, "jinfeng_only", "金凤专用", ["report:read"])
        session.commit()
    intruder = acting_as(database, xixia, user_id_of(database, xixia, "secadmin"))
    codes = {r["code"] for r in gql.execute(ROLES, subject=intruder)["data"]["roles"]}
    assert "jinfeng_only" not in codes
    victim = to_global_id("User", user_id_of(database, jinfeng, "admin"))
    payload = gql.execute(ASSIGN, {"userId": victim, "roleCodes": ["office"]}, subject=intruder)[
        "data"
    ]["assignRoles"]
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    # a tenant user holding role:read by some other grant still reads only their own roles
    other = tenant_user(xixia, "role:read")
    ids_xixia = {r["id"] for r in gql.execute(ROLES, subject=other)["data"]["roles"]}
    ids_jinfeng = {
        r["id"]
        for r in gql.execute(
            ROLES, subject=acting_as(database, jinfeng, user_id_of(database, jinfeng, "secadmin"))
        )["data"]["roles"]
    }
    assert ids_xixia.isdisjoint(ids_jinfeng)
