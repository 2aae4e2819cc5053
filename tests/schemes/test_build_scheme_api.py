"""Building a scheme from nothing through GraphQL, and starting one from a template or a copy."""

from __future__ import annotations

from decimal import Decimal

from jixiao.engine import compute
from jixiao.org import service as org
from jixiao.org.models import UnitKind
from jixiao.schemes.inputs import engine_inputs
from tests.factories import GraphQLClient
from tests.schemes.conftest import World, ok

SETTINGS = {"code": "xq-2016", "name": "2016年方案", "year": 2016, "periods": ["Q2", "Q4"]}
GROUP = """
mutation($input: GroupInput!) { saveSchemeGroup(code: "xq-2016", input: $input) {
  scheme { groups { id code gradingMethod bands { grade min } } } errors { code message } } }"""
LEAF = """
mutation($input: IndicatorInput!, $parent: ID) {
  createIndicator(schemeCode: "xq-2016", input: $input, parentId: $parent) {
    indicator { id } errors { code message } } }"""
STATE = """
{ scheme(code: "xq-2016") { status valid issues { path message }
  pointsCheck { unitCode points ok } units { unit { code } groupCode headcount } } }"""


def test_a_scheme_built_step_by_step_is_computed(gql: GraphQLClient, world: World) -> None:
    office = world.office
    with world.database.tenant_session(world.tenant.id) as session:
        for code, kind in (("a", UnitKind.TOWN), ("b", UnitKind.SUBDISTRICT)):
            org.create_unit(session, org.UnitFields(code, f"单位{code}", kind, 10), actor=office)
        session.commit()
    ok(gql, "mutation($i: SchemeSettingsInput!) { createScheme(input: $i) { errors { message } } }",
       office, i=SETTINGS)  # fmt: skip
    group = {
        "code": "towns", "name": "镇街组", "gradingMethod": "THRESHOLD",
        "grades": [{"name": "优秀", "award": True}, {"name": "良好"}, {"name": "不达标"}],
        "bands": [{"grade": "优秀", "min": "90"}, {"grade": "良好", "min": "60"}],
        "failBelow": "60", "failGrade": "不达标",
    }  # fmt: skip
    groups = ok(gql, GROUP, office, input=group)["saveSchemeGroup"]["scheme"]["groups"]
    assert groups[0]["bands"] == [{"grade": "优秀", "min": "90"}, {"grade": "良好", "min": "60"}]
    ok(gql, 'mutation { setSchemeUnits(code: "xq-2016", units: [{unitCode: "a", groupCode: '
       '"towns"}, {unitCode: "b", groupCode: "towns", headcount: 12}]) { errors { message } } }',
       office)  # fmt: skip
    branch = ok(gql, LEAF, office, input={"code": "E", "name": "经济", "isLeaf": False})
    parent = branch["createIndicator"]["indicator"]["id"]
    leaf = {
        "code": "E1", "name": "增速", "points": "100", "method": "RATIO", "target": "8",
        "periods": [{"period": "Q2", "share": "0.5"}, {"period": "Q4", "share": "0.5"}],
    }  # fmt: skip
    ok(gql, LEAF, office, input=leaf, parent=parent)
    state = ok(gql, STATE, office)["scheme"]
    assert state["valid"] is True, state["issues"]
    assert [p["ok"] for p in state["pointsCheck"]] == [True, True]
    assert [u["headcount"] for u in state["units"]] == [10, 12]
    data = (
        "format: jixiao.data/1\nscheme: xq-2016\nscores:\n"
        "- {unit: a, indicator: E1, period: Q2, actual: 8}\n"
        "- {unit: a, indicator: E1, period: Q4, actual: 4}\n"
    )
    imported = ok(
        gql,
        'mutation($d: String!) { importSchemeData(code: "xq-2016", dataText: $d) {'
        " counts { name count } errors { message } } }",
        office,
        d=data,
    )["importSchemeData"]
    assert {"name": "score", "count": 2} in imported["counts"]
    with world.database.tenant_session(world.tenant.id) as session:
        inputs = engine_inputs(session, "xq-2016")
    annual = compute(inputs.scheme, inputs.data, "annual")
    assert annual.unit("a").components["indicators"] == Decimal(75)
    assert annual.provisional  # unit b has no scores yet


def test_templates_and_copies(gql: GraphQLClient, imported: World) -> None:
    office = imported.office
    templates = ok(gql, "{ schemeTemplates { code name } }", office)["schemeTemplates"]
    assert {"code": "jinfeng-2015", "name": "金凤区2015年绩效考评方案"} in templates
    made = ok(
        gql,
        "mutation($i: SchemeSettingsInput!) { createSchemeFromTemplate(templateCode: "
        '"jinfeng-2015", input: $i) { scheme { code year source valid } errors { message } } }',
        office,
        i={"code": "t-2017", "name": "模板方案", "year": 2017},
    )["createSchemeFromTemplate"]["scheme"]
    assert made == {"code": "t-2017", "year": 2017, "source": "模板 jinfeng-2015", "valid": True}
    copied = ok(
        gql,
        'mutation($i: SchemeSettingsInput!) { copyScheme(sourceCode: "jinfeng-2015", '
        "input: $i) { scheme { code source status } errors { message } } }",
        office,
        i={"code": "jinfeng-2016", "name": "2016年方案", "year": 2016},
    )["copyScheme"]["scheme"]
    assert copied == {"code": "jinfeng-2016", "source": "复制自 jinfeng-2015", "status": "DRAFT"}
    years = ok(gql, "{ schemes(year: 2016) { edges { node { code } } } }", office)
    assert years["schemes"]["edges"] == [{"node": {"code": "jinfeng-2016"}}]
