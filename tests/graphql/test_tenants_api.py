"""Tenants through GraphQL: operators onboard and list; tenants read only their own settings."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import col, delete

from jixiao.platform.db import Database
from jixiao.tenants.models import TenantLevel, TenantSetting
from tests.factories import GraphQLClient, make_tenant, operator, tenant_user, unique_code

ONBOARD = """
mutation Onboard($input: OnboardTenantInput!) {
  onboardTenant(input: $input) {
    tenant { id code name level status parent { code name } }
    errors { code message field }
  }
}"""

TENANTS = """
query Tenants($first: Int, $after: String, $parentCode: String) {
  tenants(first: $first, after: $after, parentCode: $parentCode) {
    edges { cursor node { code name parent { code } } }
    pageInfo { hasNextPage endCursor }
  }
}"""

SETTINGS = "query { tenantSettings { key label value default } }"


def test_an_operator_onboards_a_district_under_a_city(
    gql: GraphQLClient, drain: Callable[[], None]
) -> None:
    city, district = unique_code("city"), unique_code("dist")
    made = gql.execute(
        ONBOARD, {"input": {"code": city, "name": "银川市", "level": "CITY"}}, subject=operator()
    )
    assert made["data"]["onboardTenant"]["errors"] == []
    result = gql.execute(
        ONBOARD,
        {"input": {"code": district, "name": "金凤区", "level": "DISTRICT", "parentCode": city}},
        subject=operator(),
    )
    tenant = result["data"]["onboardTenant"]["tenant"]
    assert tenant["code"] == district
    assert tenant["status"] == "ACTIVE"
    assert tenant["parent"] == {"code": city, "name": "银川市"}
    drain()
    listed = gql.execute(TENANTS, {"parentCode": city}, subject=operator())
    assert [e["node"]["code"] for e in listed["data"]["tenants"]["edges"]] == [district]


def test_onboarding_errors_are_typed_and_name_the_field(
    gql: GraphQLClient, database: Database
) -> None:
    taken = make_tenant(database, "金凤区")
    cases = [
        ({"code": "X!", "name": "坏代码", "level": "DISTRICT"}, "INVALID", "code"),
        ({"code": taken.code, "name": "重复", "level": "DISTRICT"}, "CONFLICT", "code"),
        (
            {"code": unique_code(), "name": "孤儿", "level": "DISTRICT", "parentCode": "nowhere"},
            "NOT_FOUND",
            "parentCode",
        ),
        (
            {
                "code": unique_code(),
                "name": "区下之区",
                "level": "DISTRICT",
                "parentCode": taken.code,
            },
            "INVALID",
            "parentCode",
        ),
        ({"code": unique_code(), "name": " ", "level": "CITY"}, "INVALID", "name"),
    ]
    for given, code, field in cases:
        payload = gql.execute(ONBOARD, {"input": given}, subject=operator())["data"][
            "onboardTenant"
        ]
        assert payload["tenant"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], given
        assert payload["errors"][0]["message"]


def test_tenant_users_cannot_onboard_or_list_tenants(
    gql: GraphQLClient, database: Database
) -> None:
    user = tenant_user(make_tenant(database, "西夏区"), "tenant:create", "tenant:read")
    result = gql.execute(
        ONBOARD, {"input": {"code": unique_code(), "name": "x", "level": "CITY"}}, subject=user
    )
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql.execute(TENANTS, subject=user)["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_anonymous_visitors_are_refused(gql: GraphQLClient) -> None:
    result = gql.execute(TENANTS)
    assert result["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert result["errors"][0]["extensions"]["requestId"]


def test_operators_do_not_read_tenant_settings(gql: GraphQLClient) -> None:
    everything = operator().__class__(kind="operator", permissions=frozenset({"*"}))
    result = gql.execute(SETTINGS, subject=everything)
    assert result["data"] is None
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_each_tenant_reads_and_changes_only_its_own_settings(
    gql: GraphQLClient, database: Database
) -> None:
    jinfeng, xixia = make_tenant(database, "金凤区"), make_tenant(database, "西夏区")
    admin_j = tenant_user(jinfeng, "setting:read", "setting:write")
    admin_x = tenant_user(xixia, "setting:read", "setting:write")
    changed = gql.execute(
        'mutation { updateTenantSetting(key: "reminder_days_before", value: "9") { setting { value } errors { code } } }',
        subject=admin_j,
    )
    assert changed["data"]["updateTenantSetting"] == {"setting": {"value": "9"}, "errors": []}
    mine = {
        s["key"]: s["value"]
        for s in gql.execute(SETTINGS, subject=admin_j)["data"]["tenantSettings"]
    }
    theirs = {
        s["key"]: s["value"]
        for s in gql.execute(SETTINGS, subject=admin_x)["data"]["tenantSettings"]
    }
    assert mine["reminder_days_before"] == "9"
    assert theirs["reminder_days_before"] == "3"


def test_a_setting_newer_than_the_tenant_shows_its_default_and_can_be_changed(
    gql: GraphQLClient, database: Database
) -> None:
    # given a district provisioned before 填报审核方式 existed (its row is missing)
    jinfeng = make_tenant(database, "金凤区")
    with database.tenant_session(jinfeng.id) as session:
        session.exec(delete(TenantSetting).where(col(TenantSetting.key) == "report_approval"))
        session.commit()
    admin = tenant_user(jinfeng, "setting:read", "setting:write")
    listed = {s["key"]: s for s in gql.execute(SETTINGS, subject=admin)["data"]["tenantSettings"]}
    assert listed["report_approval"]["value"] == listed["report_approval"]["default"] == "one_step"
    changed = gql.execute(
        'mutation { updateTenantSetting(key: "report_approval", value: "two_step") '
        "{ setting { value } errors { code } } }",
        subject=admin,
    )
    assert changed["data"]["updateTenantSetting"] == {
        "setting": {"value": "two_step"},
        "errors": [],
    }
    again = {
        s["key"]: s["value"] for s in gql.execute(SETTINGS, subject=admin)["data"]["tenantSettings"]
    }
    assert again["report_approval"] == "two_step"


def test_a_setting_below_the_legal_minimum_is_refused(
    gql: GraphQLClient, database: Database
) -> None:
    admin = tenant_user(make_tenant(database, "金凤区"), "setting:read", "setting:write")
    result = gql.execute(
        'mutation { updateTenantSetting(key: "audit_retention_days", value: "30") { setting { value } errors { code field message } } }',
        subject=admin,
    )
    payload = result["data"]["updateTenantSetting"]
    assert payload["setting"] is None
    assert payload["errors"][0]["code"] == "INVALID"
    assert "180" in payload["errors"][0]["message"]


def test_tenants_page_by_keyset(gql: GraphQLClient, database: Database) -> None:
    city = make_tenant(database, "测试市", level=TenantLevel.CITY)
    children = sorted(make_tenant(database, f"区{i}", parent=city.code).code for i in range(5))
    seen: list[str] = []
    after = None
    while True:
        page = gql.execute(
            TENANTS, {"first": 2, "after": after, "parentCode": city.code}, subject=operator()
        )
        conn = page["data"]["tenants"]
        seen += [e["node"]["code"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == children
    bad = gql.execute(TENANTS, {"first": 2, "after": "garbage"}, subject=operator())
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"
    assert "游标" in bad["errors"][0]["message"]
    too_many = gql.execute(TENANTS, {"first": 1000}, subject=operator())
    assert too_many["errors"][0]["extensions"]["code"] == "INVALID"


def test_settings_describe_themselves_and_the_lights_stay_ordered(
    gql: GraphQLClient, database: Database
) -> None:
    admin = tenant_user(make_tenant(database, "金凤区"), "setting:read", "setting:write")
    described = gql.execute(
        "{ tenantSettings { key kind minimum maximum unit choices group groupLabel help } }",
        subject=admin,
    )["data"]["tenantSettings"]
    by_key = {s["key"]: s for s in described}
    assert by_key["audit_retention_days"] | {"help": ""} == {
        "key": "audit_retention_days",
        "kind": "NUMBER",
        "minimum": 180,
        "maximum": 3650,
        "unit": "天",
        "choices": [],
        "group": "security",
        "groupLabel": "安全与日志",
        "help": "",
    }
    assert "180" in by_key["audit_retention_days"]["help"]
    assert by_key["locale"]["kind"] == "CHOICE"
    assert by_key["locale"]["choices"] == ["zh-CN", "en"]
    change = (
        "mutation($k: String!, $v: String!) { updateTenantSetting(key: $k, value: $v) {"
        " setting { value } errors { code field message } } }"
    )
    # yellow (60) may not reach green, nor green fall to yellow
    for key, value in (("supervision_yellow_percent", "90"), ("supervision_green_percent", "55")):
        refused = gql.execute(change, {"k": key, "v": value}, subject=admin)
        payload = refused["data"]["updateTenantSetting"]
        assert payload["setting"] is None
        assert payload["errors"][0]["field"] == "value"
        assert "督查黄灯线」须低于「督查绿灯线" in payload["errors"][0]["message"]
    fine = gql.execute(change, {"k": "supervision_yellow_percent", "v": "89"}, subject=admin)
    assert fine["data"]["updateTenantSetting"] == {"setting": {"value": "89"}, "errors": []}
    values = {
        s["key"]: s["value"]
        for s in gql.execute("{ tenantSettings { key value } }", subject=admin)["data"][
            "tenantSettings"
        ]
    }
    assert (values["supervision_yellow_percent"], values["supervision_green_percent"]) == (
        "89",
        "90",
    )
