"""The mechanism that audits attempts: on every root mutation, masking secrets, never failing
the response when recording fails."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from jixiao.graphql.audit_extension import AuditAttempt, _plain, audit_mutations
from jixiao.graphql.schema import Mutation, build_schema
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.tenants import service
from tests.factories import GraphQLClient, make_tenant, tenant_user

UPDATE_SETTING = """
mutation { updateTenantSetting(key: "locale", value: "en") { errors { code } } }
"""
EVENTS = "{ auditEvents(first: 1) { nodes { action outcome reason } } }"


def test_every_root_mutation_carries_the_audit_extension_outermost() -> None:
    schema = build_schema(Settings())
    mutation = schema.schema_converter.type_map["Mutation"].definition
    for field in mutation.fields:  # type: ignore[union-attr]
        assert isinstance(field.extensions[-1], AuditAttempt), field.name
    audit_mutations(Mutation)  # applying it again adds nothing
    assert all(
        sum(isinstance(e, AuditAttempt) for e in f.extensions) == 1
        for f in mutation.fields  # type: ignore[union-attr]
    )


def test_an_unexpected_failure_is_audited_as_failed(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service, "update_setting", broken)
    jinfeng = make_tenant(database, "金凤区")
    result = gql.execute(UPDATE_SETTING, subject=tenant_user(jinfeng, "setting:write"))
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL"
    [event] = gql.execute(EVENTS, subject=tenant_user(jinfeng, "audit:read"))["data"][
        "auditEvents"
    ]["nodes"]
    assert event == {
        "action": "tenant.setting.update",
        "outcome": "FAILED",
        "reason": "服务器内部错误（RuntimeError）",
    }


def test_a_failure_to_record_does_not_hide_the_refusal(
    gql: GraphQLClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unrecordable(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit storage down")

    monkeypatch.setattr("jixiao.graphql.audit_extension.record", unrecordable)
    jinfeng = make_tenant(database, "金凤区")
    result = gql.execute(UPDATE_SETTING, subject=tenant_user(jinfeng))
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@dataclass
class _PasswordChange:
    current_password: str
    new_password: str
    note: str


def test_attempted_arguments_keep_no_secrets() -> None:
    arguments = {
        "input": _PasswordChange("old-secret", "new-secret", "x" * 500),
        "token": "jx_abc",
        "roleCodes": ["office"],
    }
    plain = _plain(arguments)
    text = json.dumps(plain, ensure_ascii=False)
    assert "secret" not in text
    assert "jx_abc" not in text
    assert plain["input"]["current_password"] == "***"
    assert plain["roleCodes"] == ["office"]
    assert len(plain["input"]["note"]) == 201
