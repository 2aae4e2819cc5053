"""A variable of the wrong type or an unreadable scalar is the caller's mistake, named as such:
never a masked INTERNAL error."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.platform.db import Database
from tests.factories import GraphQLClient, make_tenant, tenant_user

VERIFY = """
mutation V($id: ID!, $value: Decimal!) {
  verifyProgressReport(id: $id, value: $value, note: "") { errors { code message } }
}"""


@pytest.mark.parametrize(
    "variables",
    [
        {"id": "x", "value": "abc"},
        {"id": 123, "value": "1"},
        {"id": "x", "value": {"a": 1}},
        {"id": "x", "value": "NaN"},
        {"id": "x", "value": "1e999999"},
        {"id": ["x"], "value": "1"},
    ],
)
def test_a_badly_typed_variable_is_a_named_user_error(
    database: Database, gql: GraphQLClient, variables: dict[str, Any]
) -> None:
    subject = tenant_user(make_tenant(database, "金凤区"), "report:verify", "report:read")
    body = gql.execute(VERIFY, variables, subject=subject)
    codes = [error["extensions"].get("code") for error in body.get("errors") or []]
    payload = (body.get("data") or {}).get("verifyProgressReport") or {}
    codes += [error["code"] for error in payload.get("errors") or []]
    assert codes, body
    assert "INTERNAL" not in codes, body


def test_an_unreadable_literal_is_a_validation_error(
    database: Database, gql: GraphQLClient
) -> None:
    subject = tenant_user(make_tenant(database, "金凤区"), "report:verify", "report:read")
    query = 'mutation { verifyProgressReport(id: "x", value: "abc", note: "") { errors { code } } }'
    body = gql.execute(query, subject=subject)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION"], body


GAPS = "query G($t: Decimal!) { reportGaps(threshold: $t) { edges { node { id } } } }"


@pytest.mark.parametrize("text", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "abc"])
def test_a_decimal_is_a_finite_number_as_a_literal_or_a_variable(
    database: Database, gql: GraphQLClient, text: str
) -> None:
    """Found by the fuzzer: `reportGaps(threshold: "NaN")` reached the rule, whose comparison
    with NaN raised, and answered INTERNAL. No figure is NaN or infinite: the scalar refuses it
    where it is read, whatever field takes it."""
    subject = tenant_user(make_tenant(database, "金凤区"), "report:read")
    literal = gql.execute(
        f'{{ reportGaps(threshold: "{text}") {{ edges {{ node {{ id }} }} }} }}', subject=subject
    )
    variable = gql.execute(GAPS, {"t": text}, subject=subject)
    for body in (literal, variable):
        assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION"], body
        assert "Decimal" in body["errors"][0]["message"], body
    assert gql.execute(GAPS, {"t": "1.5"}, subject=subject)["data"]["reportGaps"] == {"edges": []}
