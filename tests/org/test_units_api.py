"""The units API: list, search, create, update, deactivate, links, and the units workbook."""

from __future__ import annotations

import base64
import io

from openpyxl import load_workbook

from jixiao.graphql.relay import to_global_id
from tests.factories import GraphQLClient, tenant_user
from tests.org.conftest import Org
from tests.schemes.conftest import ok

CREATE = """
mutation($input: UnitInput!) { createUnit(input: $input) {
  unit { id code name kind kindLabel headcount monitoring active }
  errors { code message field } } }"""
LINKS = """
mutation($unit: ID!, $role: UnitLinkRole!, $users: [ID!]!) {
  setUnitLinks(unitId: $unit, role: $role, userIds: $users) {
    unit { code links { role roleLabel user { username displayName } } members { username } }
    errors { code message } } }"""
UNITS = """
query($kind: UnitKind, $search: String, $first: Int, $after: String) {
  units(kind: $kind, search: $search, first: $first, after: $after) {
    edges { node { code name active } }
    pageInfo { hasNextPage endCursor } } }"""


def test_units_through_graphql(gql: GraphQLClient, org: Org) -> None:
    admin = org.admin
    made = ok(
        gql,
        CREATE,
        admin,
        input={"code": "liangtian", "name": "良田镇", "kind": "TOWN", "headcount": 76},
    )["createUnit"]["unit"]
    assert made["kindLabel"] == "镇"
    for code, name in (("fagaiju", "发展和改革局"), ("caizhengju", "财政局")):
        ok(gql, CREATE, admin, input={"code": code, "name": name, "kind": "DEPARTMENT"})
    dup = gql.execute(
        CREATE, {"input": {"code": "fagaiju", "name": "x", "kind": "DEPARTMENT"}}, subject=admin
    )["data"]["createUnit"]
    assert dup["errors"] == [
        {"code": "CONFLICT", "message": "考评对象代码「fagaiju」已被使用", "field": "code"}
    ]
    page = ok(gql, UNITS, admin, kind="DEPARTMENT", first=1)["units"]
    assert [e["node"]["code"] for e in page["edges"]] == ["caizhengju"]
    rest = ok(gql, UNITS, admin, kind="DEPARTMENT", after=page["pageInfo"]["endCursor"])["units"]
    assert [e["node"]["code"] for e in rest["edges"]] == ["fagaiju"]
    assert [e["node"]["code"] for e in ok(gql, UNITS, admin, search="良田")["units"]["edges"]] == [
        "liangtian"
    ]
    users = [to_global_id("User", org.users[name]) for name in ("tianbao", "fuzeren")]
    linked = ok(gql, LINKS, admin, unit=made["id"], role="REPORTER", users=users)["setUnitLinks"]
    assert [(x["roleLabel"], x["user"]["username"]) for x in linked["unit"]["links"]] == [
        ("填报员", "fuzeren"),
        ("填报员", "tianbao"),
    ]
    # reporters work in the unit: they are its members too (monitoring staff may be members only)
    assert [m["username"] for m in linked["unit"]["members"]] == ["fuzeren", "tianbao"]
    changed = ok(
        gql,
        "mutation($id: ID!, $input: UnitInput!) { updateUnit(id: $id, input: $input) {"
        " unit { name headcount } errors { message } } }",
        admin,
        id=made["id"],
        input={"code": "liangtian", "name": "良田镇人民政府", "kind": "TOWN", "headcount": 80},
    )["updateUnit"]["unit"]
    assert changed == {"name": "良田镇人民政府", "headcount": 80}
    gone = ok(
        gql,
        "mutation($id: ID!) { deactivateUnit(id: $id) { unit { active } errors { message } } }",
        admin,
        id=made["id"],
    )["deactivateUnit"]["unit"]
    assert gone == {"active": False}
    sheet = ok(gql, "{ unitsWorkbook }", admin)["unitsWorkbook"]
    rows = list(load_workbook(io.BytesIO(base64.b64decode(sheet)))["考评对象"].values)
    assert [row[0] for row in rows] == ["代码", "caizhengju", "fagaiju", "liangtian"]


def test_units_need_unit_permissions(gql: GraphQLClient, org: Org) -> None:
    reader = tenant_user(org.tenant, "unit:read")
    refused = gql.execute(
        CREATE, {"input": {"code": "x", "name": "x", "kind": "TOWN"}}, subject=reader
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    stranger = tenant_user(org.tenant, "scheme:read")
    assert (
        gql.execute(UNITS, {}, subject=stranger)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    )
