"""Another tenant, even holding every permission, can neither see nor change any of it."""

from __future__ import annotations

from pathlib import Path

from jixiao.graphql.relay import to_global_id
from jixiao.org.queries import find_unit
from jixiao.policies.permissions import TENANT_CODES
from jixiao.schemes.document import load_parts
from jixiao.schemes.service import get_scheme
from jixiao.schemes.templates import ensure_example_template
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.schemes.conftest import World, ok
from tests.schemes.support import snapshot


def test_another_tenant_sees_and_changes_nothing(
    gql: GraphQLClient, imported: World, example_dir: Path
) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        unit = find_unit(session, "liangtian")
        parts = load_parts(session, get_scheme(session, "jinfeng-2015"))
        assert unit is not None
        unit_id = to_global_id("Unit", unit.id)
        node_id = to_global_id("Indicator", parts.indicators[0].id)
        group_id = to_global_id("SchemeGroup", parts.groups[0].id)
    with imported.database.platform_session() as platform:
        ensure_example_template(platform)
        platform.commit()
    victim = snapshot(imported.database, imported.tenant.id)
    attacker = tenant_user(make_tenant(imported.database, "西夏区"), *sorted(TENANT_CODES))
    code = {"code": "jinfeng-2015"}
    reads = {
        "{ units { edges { node { code } } } }": {"units": {"edges": []}},
        "query($id: ID!) { unit(id: $id) { code } }": {"unit": None},
        "{ schemes { edges { node { code } } } }": {"schemes": {"edges": []}},
        "query($code: String!) { scheme(code: $code) { code } }": {"scheme": None},
    }
    for query, expected in reads.items():
        assert ok(gql, query, attacker, id=unit_id, **code) == expected
    for query in (
        "query($code: String!) { exportScheme(code: $code, withData: true) }",
        "query($code: String!) { indicatorWorkbook(schemeCode: $code) }",
    ):
        assert gql.execute(query, code, subject=attacker)["errors"][0]["extensions"]["code"] == (
            "NOT_FOUND"
        )
    unit_input = {"code": "liangtian", "name": "被篡改", "kind": "TOWN"}
    indicator_input = {"code": "A", "name": "被篡改", "isLeaf": False}
    writes = [
        ("mutation($id: ID!, $u: UnitInput!) { updateUnit(id: $id, input: $u) { errors { code } } }", {"id": unit_id, "u": unit_input}),
        ("mutation($id: ID!) { deactivateUnit(id: $id) { errors { code } } }", {"id": unit_id}),
        ("mutation($id: ID!) { setUnitLinks(unitId: $id, role: HEAD, userIds: []) { errors { code } } }", {"id": unit_id}),
        ("mutation($code: String!) { approveScheme(code: $code) { errors { code } } }", code),
        ("mutation($code: String!) { reviseScheme(code: $code, reason: \"x\") { errors { code } } }", code),
        ("mutation($code: String!, $id: ID!) { deleteSchemeGroup(code: $code, id: $id) { errors { code } } }", {**code, "id": group_id}),
        ("mutation($id: ID!, $i: IndicatorInput!) { updateIndicator(id: $id, input: $i) { errors { code } } }", {"id": node_id, "i": indicator_input}),
        ("mutation($id: ID!) { moveIndicator(id: $id, position: 3) { errors { code } } }", {"id": node_id}),
        ("mutation($id: ID!) { deleteIndicator(id: $id) { errors { code } } }", {"id": node_id}),
        ("mutation($code: String!) { importSchemeData(code: $code, dataText: \"format: jixiao.data/1\\nscheme: jinfeng-2015\\n\") { errors { code } } }", code),
    ]  # fmt: skip
    for mutation, variables in writes:
        body = gql.execute(mutation, variables, subject=attacker)
        assert "errors" not in body, body
        (payload,) = body["data"].values()
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"], mutation
    # The attacker's own import of the same code makes the attacker's own scheme and units.
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    mine = ok(
        gql,
        "mutation($t: String!) { importScheme(text: $t) { scheme { code } errors { code } } }",
        attacker,
        t=text,
    )
    assert mine["importScheme"]["scheme"] == {"code": "jinfeng-2015"}
    assert snapshot(imported.database, imported.tenant.id) == victim
