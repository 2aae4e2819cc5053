"""The audit log through GraphQL: every mutation leaves an event, refused ones included; the
audit admin searches and verifies; another tenant sees nothing of it."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from jixiao.platform.db import Database
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import get_tenant
from tests.audit.support import as_owner
from tests.factories import GraphQLClient, make_tenant, operator, tenant_user, unique_code

UPDATE_SETTING = """
mutation Update($key: String!, $value: String!) {
  updateTenantSetting(key: $key, value: $value) { setting { value } errors { code message } }
}"""
EVENTS = """
query Events($first: Int, $after: String, $action: String, $outcome: AuditOutcome,
             $targetId: String, $actorName: String) {
  auditEvents(first: $first, after: $after, action: $action, outcome: $outcome,
              targetId: $targetId, actorName: $actorName) {
    edges { cursor node {
      seq action outcome reason actorKind actorName targetType targetId before after
      clientAddress requestId hash prevHash
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
VERIFY = "{ verifyAuditChain { ok checked firstBrokenSeq kind problem } }"


def _events(gql: GraphQLClient, tenant: Tenant, **variables: Any) -> list[dict[str, Any]]:
    result = gql.execute(EVENTS, variables, subject=tenant_user(tenant, "audit:read"))
    return [edge["node"] for edge in result["data"]["auditEvents"]["edges"]]


def test_a_refused_mutation_is_audited_as_refused(gql: GraphQLClient, database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    nosy = tenant_user(jinfeng, "setting:read")
    result = gql.execute(UPDATE_SETTING, {"key": "locale", "value": "en"}, subject=nosy)
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [event] = _events(gql, jinfeng, action="tenant.setting.update")
    assert event["outcome"] == "REFUSED"
    assert event["reason"] == "没有权限：需要「修改系统设置」(setting:write)"
    assert event["actorKind"] == "user"
    assert event["actorName"] == "测试用户"
    assert json.loads(event["after"]) == {"arguments": {"key": "locale", "value": "en"}}
    assert event["clientAddress"] == "testclient"
    assert event["requestId"]


def test_a_failed_mutation_is_audited_with_its_errors(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = tenant_user(jinfeng, "setting:write")
    payload = gql.execute(
        UPDATE_SETTING, {"key": "audit_retention_days", "value": "30"}, subject=admin
    )["data"]["updateTenantSetting"]
    assert payload["errors"][0]["code"] == "INVALID"
    [event] = _events(gql, jinfeng, action="tenant.setting.update")
    assert event["outcome"] == "FAILED"
    assert "须为 180 到 3650 之间的整数" in event["reason"]


def test_a_successful_mutation_is_audited_once_with_before_and_after(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = tenant_user(jinfeng, "setting:write")
    payload = gql.execute(
        UPDATE_SETTING, {"key": "reminder_days_before", "value": "7"}, subject=admin
    )["data"]["updateTenantSetting"]
    assert payload == {"setting": {"value": "7"}, "errors": []}
    [event] = _events(gql, jinfeng, action="tenant.setting.update")
    assert event["outcome"] == "SUCCESS"
    assert (event["targetType"], event["targetId"]) == ("tenant_setting", "reminder_days_before")
    assert json.loads(event["before"]) == {"value": "3"}
    assert json.loads(event["after"]) == {"value": "7"}


def test_onboarding_suspension_and_resumption_are_in_the_tenants_chain(
    gql: GraphQLClient, database: Database
) -> None:
    code = unique_code("dist")
    onboard = """
    mutation($input: OnboardTenantInput!) { onboardTenant(input: $input) { tenant { id } errors { code } } }
    """
    made = gql.execute(
        onboard,
        {"input": {"code": code, "name": "永宁县", "level": "DISTRICT"}},
        subject=operator(),
    )
    assert made["data"]["onboardTenant"]["errors"] == []
    for mutation in ("suspendTenant", "resumeTenant"):
        done = gql.execute(
            f'mutation {{ {mutation}(code: "{code}") {{ errors {{ code }} }} }}',
            subject=operator(),
        )
        assert done["data"][mutation]["errors"] == []
    with database.platform_session() as session:
        tenant = get_tenant(session, code)
    events = _events(gql, tenant, action="tenant")
    assert [e["action"] for e in events] == ["tenant.resume", "tenant.suspend", "tenant.onboard"]
    assert {e["actorKind"] for e in events} == {"operator"}
    assert json.loads(events[1]["after"]) == {"status": "suspended"}
    assert events[-1]["seq"] == 1


def test_the_audit_admin_pages_newest_first_and_filters(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = tenant_user(jinfeng, "setting:write")
    for days in ("4", "5", "6"):
        gql.execute(UPDATE_SETTING, {"key": "reminder_days_before", "value": days}, subject=admin)
    gql.execute(UPDATE_SETTING, {"key": "locale", "value": "en"}, subject=tenant_user(jinfeng))
    auditor = tenant_user(jinfeng, "audit:read")
    first = gql.execute(
        EVENTS, {"first": 2, "action": "tenant.setting", "outcome": "SUCCESS"}, subject=auditor
    )["data"]["auditEvents"]
    assert [json.loads(e["node"]["after"]) for e in first["edges"]] == [
        {"value": "6"},
        {"value": "5"},
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = gql.execute(
        EVENTS,
        {
            "first": 2,
            "after": first["pageInfo"]["endCursor"],
            "outcome": "SUCCESS",
            "action": "tenant.setting",
        },
        subject=auditor,
    )["data"]["auditEvents"]
    assert [json.loads(e["node"]["after"]) for e in rest["edges"]] == [{"value": "4"}]
    assert rest["pageInfo"]["hasNextPage"] is False
    refused = _events(gql, jinfeng, outcome="REFUSED")
    assert [e["targetId"] for e in refused] == [None]
    assert _events(gql, jinfeng, targetId="locale") == []
    assert len(_events(gql, jinfeng, actorName="测试")) == 4
    # each event links to the one before it
    chain = _events(gql, jinfeng, first=5)
    assert all(a["prevHash"] == b["hash"] for a, b in pairwise(chain))


def test_the_audit_log_needs_audit_read(gql: GraphQLClient, database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    admin = tenant_user(jinfeng, "setting:write", "role:read", "user:write")
    for query in (EVENTS, VERIFY):
        assert gql.execute(query, subject=admin)["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_audit_admin_verifies_the_chain(gql: GraphQLClient, database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    auditor = tenant_user(jinfeng, "audit:read")
    intact = gql.execute(VERIFY, subject=auditor)["data"]["verifyAuditChain"]
    assert intact["ok"] is True
    assert intact["checked"] > 0
    as_owner(
        database,
        jinfeng.id,
        "UPDATE audit_event SET actor_name = '别人' WHERE tenant_id = :t AND seq = 1",
        t=jinfeng.id,
    )
    broken = gql.execute(VERIFY, subject=auditor)["data"]["verifyAuditChain"]
    assert broken == {
        "ok": False,
        "checked": 0,
        "firstBrokenSeq": 1,
        "kind": "EDITED",
        "problem": "第 1 条日志的内容被篡改（哈希值不符）",
    }


def test_another_tenant_sees_none_of_the_first_tenants_events(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    gql.execute(
        UPDATE_SETTING,
        {"key": "reminder_days_before", "value": "9"},
        subject=tenant_user(jinfeng, "setting:write"),
    )
    seen = _events(gql, xixia, first=100)
    assert seen
    assert all(e["action"] != "tenant.setting.update" for e in seen)
    verified = gql.execute(VERIFY, subject=tenant_user(xixia, "audit:read"))["data"]
    assert verified["verifyAuditChain"]["checked"] == seen[0]["seq"]


def test_refused_attempts_without_a_tenant_are_logged_not_chained(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng = make_tenant(database, "金凤区")
    before = _events(gql, jinfeng, first=100)
    result = gql.execute(UPDATE_SETTING, {"key": "locale", "value": "en"})
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert _events(gql, jinfeng, first=100) == before


def test_the_log_is_searched_by_time(gql: GraphQLClient, database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    auditor = tenant_user(jinfeng, "audit:read")
    query = """
    query($since: DateTime, $until: DateTime) {
      auditEvents(since: $since, until: $until) { nodes { seq } }
    }"""
    everything = gql.execute(query, {"since": "2000-01-01T00:00:00+08:00"}, subject=auditor)
    assert len(everything["data"]["auditEvents"]["nodes"]) > 0
    nothing = gql.execute(query, {"until": "2000-01-01T00:00:00Z"}, subject=auditor)
    assert nothing["data"]["auditEvents"]["nodes"] == []
    naive = gql.execute(query, {"since": "2000-01-01T00:00:00"}, subject=auditor)
    assert naive["errors"][0]["extensions"]["code"] == "INVALID"
    assert "须带时区" in naive["errors"][0]["message"]
