"""Operators signed in through a real browser, and grants made by a tenant's security admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from jixiao.platform.db import Database
from jixiao.support.access import SUPPORT_HEADER
from jixiao.tenants.models import Tenant
from tests.factories import PASSWORD, Browser, GraphQLClient, make_operator_account, tenant_user

GRANT = """
mutation Grant($input: GrantSupportInput!) {
  grantSupportAccess(input: $input) {
    grant { id operatorUsername operatorName reason expiresAt live grantedBy }
    errors { code message field }
  }
}"""
REVOKE = """
mutation Revoke($id: ID!) {
  revokeSupportAccess(id: $id) { grant { id live revokedAt revokedBy } errors { code message field } }
}"""


@dataclass
class SupportOperator:
    """A signed-in operator's browser, which may name a tenant to read under its grant."""

    username: str
    browser: Browser

    def post(self, query: str, tenant: str | None, variables: dict[str, Any] | None = None) -> Any:
        headers = {SUPPORT_HEADER: tenant} if tenant is not None else {}
        return self.browser.post(query, variables, headers=headers)

    def gql(self, query: str, tenant: str | None, variables: dict[str, Any] | None = None) -> Any:
        response = self.post(query, tenant, variables)
        assert response.status_code == 200, response.text
        return response.json()


def make_operator(database: Database, display_name: str = "王运维") -> SupportOperator:
    """A platform operator, signed in (password and second factor) in a browser of its own."""
    username = f"op-{uuid.uuid4().hex[:8]}"
    make_operator_account(database, username, display_name=display_name)
    browser = Browser(database)
    signed = browser.sign_in(None, username, PASSWORD)
    assert "support:access" in signed["viewer"]["permissions"], signed
    return SupportOperator(username, browser)


def grant(
    gql: GraphQLClient,
    tenant: Tenant,
    username: str,
    *,
    hours: int = 4,
    reason: str = "工单 2026-118：排名显示异常",
) -> dict[str, Any]:
    """The security admin's grant to the operator (its payload)."""
    payload: dict[str, Any] = gql.execute(
        GRANT,
        {"input": {"operatorUsername": username, "hours": hours, "reason": reason}},
        subject=security_admin(tenant),
    )["data"]["grantSupportAccess"]
    return payload


def security_admin(tenant: Tenant) -> Any:
    return tenant_user(tenant, "support:grant")


@pytest.fixture
def support_operator(database: Database) -> SupportOperator:
    return make_operator(database)
