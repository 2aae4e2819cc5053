"""Operators read a tenant's data only under a live grant of its security admin: read-only,
every read in the tenant's audit log, ended at once by revocation or expiry, and never opening
another tenant."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.audit.service import SYSTEM
from jixiao.engine.model import UnitKind
from jixiao.graphql.relay import from_global_id
from jixiao.org.service import UnitFields, create_unit
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.support.models import SupportGrant
from jixiao.tenants.models import Tenant
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.support.conftest import REVOKE, SupportOperator, grant, make_operator, security_admin

UNITS = "query Units { units { edges { node { code name } } } }"
ACTIVITY = """
query Activity($id: ID!) {
  supportGrantActivity(id: $id) { action outcome actorKind actorName targetId after reason }
}"""
GRANTS = "{ supportGrants { id operatorUsername live revokedAt } }"
MINE = "{ mySupportGrants { tenantCode tenantName reason live } }"
CREATE_UNIT = """
mutation { createUnit(input: {code: "evil", name: "运维新增", kind: TOWN}) { errors { code } } }"""


def _unit(database: Database, tenant: Tenant, code: str, name: str) -> None:
    with database.tenant_session(tenant.id) as session:
        create_unit(session, UnitFields(code, name, UnitKind.TOWN), actor=SYSTEM)
        session.commit()


def _units(operator: SupportOperator, tenant: Tenant) -> list[str]:
    body = operator.gql(UNITS, tenant.code)
    assert "errors" not in body, body
    return [edge["node"]["name"] for edge in body["data"]["units"]["edges"]]


def _refused(operator: SupportOperator, tenant: Tenant) -> str:
    response = operator.post(UNITS, tenant.code)
    assert response.status_code == 403, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "SUPPORT_GRANT_REQUIRED"
    message: str = error["message"]
    return message


def test_without_a_grant_the_operator_reads_nothing_and_stays_signed_in(
    database: Database, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    _unit(database, jinfeng, "liangtian", "良田镇")
    assert "没有金凤区的有效运维授权" in _refused(support_operator, jinfeng)
    # Its own session is untouched: the platform pages still work.
    viewer = support_operator.gql("{ viewer { kind tenant { code } } }", None)["data"]["viewer"]
    assert viewer == {"kind": "operator", "tenant": None}
    # And its plain subject holds no tenant permission at all.
    plain = support_operator.gql(UNITS, None)
    assert plain["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_grant_lets_the_named_operator_read_and_the_security_admin_sees_each_read(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    _unit(database, jinfeng, "liangtian", "良田镇")
    made = grant(gql, jinfeng, support_operator.username, hours=8)
    assert made["errors"] == []
    assert made["grant"]["operatorName"] == "王运维"
    assert made["grant"]["live"] is True
    assert made["grant"]["grantedBy"] == "测试用户"

    assert _units(support_operator, jinfeng) == ["良田镇"]
    viewer = support_operator.gql(
        "{ viewer { kind tenant { code } permissions supportUntil } }", jinfeng.code
    )
    seen = viewer["data"]["viewer"]
    assert seen["tenant"] == {"code": jinfeng.code}
    assert seen["supportUntil"] == made["grant"]["expiresAt"]
    assert not [code for code in seen["permissions"] if not code.endswith(":read")]

    activity = gql.execute(ACTIVITY, {"id": made["grant"]["id"]}, subject=security_admin(jinfeng))
    reads = activity["data"]["supportGrantActivity"]
    assert [r["action"] for r in reads] == ["support.read", "support.read"]
    assert {r["actorKind"] for r in reads} == {"operator"}
    assert reads[0]["actorName"] == "王运维（运维支持）"
    assert json.loads(reads[1]["after"]) == {"operation": "Units", "fields": ["units"]}
    assert reads[0]["targetId"] == str(from_global_id(made["grant"]["id"], "SupportGrant"))

    # The operator lists the grants given to it (no tenant named).
    mine = support_operator.gql(MINE, None)["data"]["mySupportGrants"]
    assert mine == [
        {
            "tenantCode": jinfeng.code,
            "tenantName": "金凤区",
            "reason": "工单 2026-118：排名显示异常",
            "live": True,
        }
    ]


def test_under_a_grant_every_change_is_refused_and_the_attempt_logged(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    made = grant(gql, jinfeng, support_operator.username)
    refused = support_operator.gql(CREATE_UNIT, jinfeng.code)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["errors"][0]["message"] == "运维支持为只读访问，不能进行任何修改"
    # Mutations open to any signed-in person are refused too (their own password…).
    password = support_operator.gql(
        'mutation { changePassword(input: {currentPassword: "x", newPassword: "y"}) '
        "{ errors { code } } }",
        jinfeng.code,
    )
    assert password["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert _units(support_operator, jinfeng) == []
    activity = gql.execute(ACTIVITY, {"id": made["grant"]["id"]}, subject=security_admin(jinfeng))
    tried = [
        (r["action"], r["outcome"])
        for r in activity["data"]["supportGrantActivity"]
        if r["action"] != "support.read"
    ]
    assert sorted(tried) == [("unit.create", "REFUSED"), ("user.password.change", "REFUSED")]


def test_revoking_ends_the_access_at_the_next_request(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    _unit(database, jinfeng, "liangtian", "良田镇")
    made = grant(gql, jinfeng, support_operator.username)
    assert _units(support_operator, jinfeng) == ["良田镇"]
    revoked = gql.execute(REVOKE, {"id": made["grant"]["id"]}, subject=security_admin(jinfeng))
    payload = revoked["data"]["revokeSupportAccess"]
    assert payload["errors"] == []
    assert payload["grant"]["live"] is False
    assert payload["grant"]["revokedBy"] == "测试用户"
    _refused(support_operator, jinfeng)
    again = gql.execute(REVOKE, {"id": made["grant"]["id"]}, subject=security_admin(jinfeng))
    assert again["data"]["revokeSupportAccess"]["errors"][0]["code"] == "CONFLICT"
    listed = gql.execute(GRANTS, subject=security_admin(jinfeng))["data"]["supportGrants"]
    assert [(g["operatorUsername"], g["live"]) for g in listed] == [
        (support_operator.username, False)
    ]


def test_an_expired_grant_opens_nothing(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    made = grant(gql, jinfeng, support_operator.username, hours=1)
    assert _units(support_operator, jinfeng) == []
    grant_id = from_global_id(made["grant"]["id"], "SupportGrant")
    with database.tenant_session(jinfeng.id) as session:  # the hour has passed
        row = session.exec(select(SupportGrant).where(SupportGrant.id == grant_id)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.add(row)
        session.commit()
    _refused(support_operator, jinfeng)
    mine = support_operator.gql(MINE, None)["data"]["mySupportGrants"]
    assert [g["live"] for g in mine] == [False]
    # An expired grant is not revoked again; a new one can be made.
    expired = gql.execute(REVOKE, {"id": made["grant"]["id"]}, subject=security_admin(jinfeng))
    assert expired["data"]["revokeSupportAccess"]["errors"][0]["code"] == "CONFLICT"
    assert grant(gql, jinfeng, support_operator.username)["errors"] == []
    assert _units(support_operator, jinfeng) == []


def test_a_grant_of_one_tenant_opens_no_other(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng, xixia = make_tenant(database, "金凤区"), make_tenant(database, "西夏区")
    _unit(database, jinfeng, "liangtian", "良田镇")
    _unit(database, xixia, "xingjing", "兴泾镇")
    made = grant(gql, jinfeng, support_operator.username)
    assert _units(support_operator, jinfeng) == ["良田镇"]
    assert "没有西夏区的有效运维授权" in _refused(support_operator, xixia)
    # 西夏区's security admin neither sees nor revokes 金凤区's grant.
    assert gql.execute(GRANTS, subject=security_admin(xixia))["data"]["supportGrants"] == []
    foreign = gql.execute(REVOKE, {"id": made["grant"]["id"]}, subject=security_admin(xixia))
    assert foreign["data"]["revokeSupportAccess"]["errors"][0]["code"] == "NOT_FOUND"
    activity = gql.execute(ACTIVITY, {"id": made["grant"]["id"]}, subject=security_admin(xixia))
    assert activity["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # Another operator gets nothing from 金凤区's grant.
    other = make_operator(database, "李运维")
    _refused(other, jinfeng)


def test_grants_are_checked_and_audited(
    database: Database, gql: GraphQLClient, support_operator: SupportOperator
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    cases = [
        ({"hours": 73}, "INVALID", "hours"),
        ({"hours": 0}, "INVALID", "hours"),
        ({"reason": "看看"}, "INVALID", "reason"),
        ({"username": "nobody-here"}, "NOT_FOUND", "operatorUsername"),
    ]
    for change, code, field in cases:
        payload = grant(
            gql,
            jinfeng,
            str(change.get("username", support_operator.username)),
            hours=int(change.get("hours", 4)),
            reason=str(change.get("reason", "工单 2026-118：排名显示异常")),
        )
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert grant(gql, jinfeng, support_operator.username)["errors"] == []
    twice = grant(gql, jinfeng, support_operator.username)
    assert twice["errors"][0]["code"] == "CONFLICT"
    assert "已有授权" in twice["errors"][0]["message"]
    # Only the security admin's permission grants.
    nosy = gql.execute(
        'mutation { grantSupportAccess(input: {operatorUsername: "x", hours: 1, reason: "xxxx"}) '
        "{ errors { code } } }",
        subject=tenant_user(jinfeng, "role:assign", "user:read"),
    )
    assert nosy["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    with database.tenant_session(jinfeng.id) as session:
        actions = session.exec(
            select(AuditEvent.action, AuditEvent.outcome).where(
                AuditEvent.action.startswith("support.")  # type: ignore[attr-defined]
            )
        ).all()
    outcomes = [(a, o.value) for a, o in actions]
    assert outcomes.count(("support.grant", "success")) == 1
    assert outcomes.count(("support.grant", "refused")) == 1
    assert outcomes.count(("support.grant", "failed")) == 5  # four bad inputs, one twice
