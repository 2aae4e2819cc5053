"""The schemes API: import/export as strings, the scheme with its tree, tree edits, lifecycle."""

from __future__ import annotations

from pathlib import Path

from jixiao.engine import load_data, load_scheme
from tests.factories import GraphQLClient, tenant_user
from tests.schemes.conftest import World, ok
from tests.schemes.support import parse_export

IMPORT = """
mutation Import($text: String!, $data: String) {
  importScheme(text: $text, dataText: $data) {
    scheme { code status }
    replaced
    counts { name count }
    issues { file path message }
    errors { code message field }
  }
}"""
SCHEME = """
query Scheme($code: String!) {
  scheme(code: $code) {
    code name year periods status revision bonusCap keyProjectBottom valid
    components { code weight }
    groups { code grades { name award } gradingMethod ratio failBelow failGrade
             bonus { basePerHead coefficients { grade coefficient } } }
    units { unit { code name kind } groupCode headcount }
    indicators { id parentId position code name isLeaf points method issues { message } }
    issues { path message indicatorId }
    pointsCheck { unitCode points ok message }
  }
}"""


def test_import_then_export_through_graphql(
    gql: GraphQLClient, world: World, example_dir: Path
) -> None:
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    data = (example_dir / "data.yaml").read_text("utf-8")
    done = ok(gql, IMPORT, world.office, text=text, data=data)["importScheme"]
    assert done["scheme"] == {"code": "jinfeng-2015", "status": "DRAFT"}
    assert {"name": "score", "count": 619} in done["counts"]
    exported = ok(
        gql,
        "query($c: String!) { exportScheme(code: $c, withData: true) }",
        world.office,
        c="jinfeng-2015",
    )["exportScheme"]
    scheme, parsed = parse_export(exported)
    original = load_scheme(example_dir / "scheme.yaml")
    assert scheme == original
    assert parsed == load_data(example_dir / "data.yaml", original)


def test_a_refused_import_lists_each_entry(
    gql: GraphQLClient, world: World, example_dir: Path
) -> None:
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    data = (
        "format: jixiao.data/1\nscheme: jinfeng-2015\nscores:\n"
        "- {unit: liangtian, indicator: A1, period: Q2, actual: 80}\n"
        "- {unit: nowhere, indicator: A1, period: Q2, actual: 80}\n"
    )
    done = gql.execute(IMPORT, {"text": text, "data": data}, subject=world.office)["data"][
        "importScheme"
    ]
    assert done["scheme"] is None
    assert [i["path"] for i in done["issues"]] == ["scores[1].unit"]
    assert done["errors"][0]["code"] == "INVALID"
    assert ok(gql, SCHEME, world.office, code="jinfeng-2015")["scheme"] is None


def test_the_scheme_shows_its_flat_tree_issues_and_points(
    gql: GraphQLClient, imported: World
) -> None:
    scheme = ok(gql, SCHEME, imported.office, code="jinfeng-2015")["scheme"]
    assert scheme["valid"] is True
    assert scheme["issues"] == []
    assert [c["code"] for c in scheme["components"]] == ["indicators", "leaders", "public"]
    assert scheme["groups"][0]["bonus"]["basePerHead"] == "2000"
    nodes = scheme["indicators"]
    tops = [n for n in nodes if n["parentId"] is None]
    assert [n["code"] for n in sorted(tops, key=lambda n: n["position"])] == [
        "A", "B", "C", "S", "D"
    ]  # fmt: skip
    a = next(n for n in nodes if n["code"] == "A")
    kids = sorted((n for n in nodes if n["parentId"] == a["id"]), key=lambda n: n["position"])
    assert [n["code"] for n in kids] == ["A1", "A2"]
    points = {row["unitCode"]: row for row in scheme["pointsCheck"]}
    assert points["liangtian"]["ok"] is True
    assert points["fagaiju"]["ok"] is False
    assert "不等于 100" in points["fagaiju"]["message"]


TREE = """
mutation Create($code: String!, $input: IndicatorInput!, $parent: ID, $position: Int) {
  createIndicator(schemeCode: $code, input: $input, parentId: $parent, position: $position) {
    indicator { id code position parentId issues { message } }
    errors { code message field }
  }
}"""


def test_tree_edits_and_per_node_issues(gql: GraphQLClient, imported: World) -> None:
    office = imported.office
    scheme = ok(gql, SCHEME, office, code="jinfeng-2015")["scheme"]
    a = next(n for n in scheme["indicators"] if n["code"] == "A")
    made = ok(
        gql,
        TREE,
        office,
        code="jinfeng-2015",
        input={"code": "A0", "name": "新指标", "points": "0", "method": "MANUAL"},
        parent=a["id"],
        position=0,
    )["createIndicator"]["indicator"]
    assert made["position"] == 0
    assert any("分值必须大于0" in issue["message"] for issue in made["issues"])
    after = ok(gql, SCHEME, office, code="jinfeng-2015")["scheme"]
    kids = sorted(
        (n for n in after["indicators"] if n["parentId"] == a["id"]), key=lambda n: n["position"]
    )
    assert [n["code"] for n in kids] == ["A0", "A1", "A2"]
    assert after["valid"] is False
    assert [i["indicatorId"] for i in after["issues"]] == [made["id"]]
    b = next(n for n in after["indicators"] if n["code"] == "B")
    moved = ok(
        gql,
        "mutation($id: ID!, $p: ID) { moveIndicator(id: $id, parentId: $p, position: 1) {"
        " indicator { parentId position } errors { message } } }",
        office,
        id=made["id"],
        p=b["id"],
    )["moveIndicator"]["indicator"]
    assert moved == {"parentId": b["id"], "position": 1}
    gone = ok(
        gql,
        "mutation($id: ID!) { deleteIndicator(id: $id) { deletedId errors { message } } }",
        office,
        id=made["id"],
    )["deleteIndicator"]
    assert gone["deletedId"] == made["id"]
    final = ok(gql, SCHEME, office, code="jinfeng-2015")["scheme"]
    assert final["valid"] is True
    a_kids = [n["code"] for n in final["indicators"] if n["parentId"] == a["id"]]
    assert sorted(a_kids) == ["A1", "A2"]


def test_a_scored_indicator_cannot_be_deleted(gql: GraphQLClient, imported: World) -> None:
    scheme = ok(gql, SCHEME, imported.office, code="jinfeng-2015")["scheme"]
    a1 = next(n for n in scheme["indicators"] if n["code"] == "A1")
    result = gql.execute(
        "mutation($id: ID!) { deleteIndicator(id: $id) { deletedId errors { code message } } }",
        {"id": a1["id"]},
        subject=imported.office,
    )["data"]["deleteIndicator"]
    assert result["deletedId"] is None
    assert result["errors"][0]["code"] == "CONFLICT"
    assert "评分数据" in result["errors"][0]["message"]


def test_reading_needs_scheme_read(gql: GraphQLClient, imported: World) -> None:
    someone = tenant_user(imported.tenant, "unit:read")
    body = gql.execute(SCHEME, {"code": "jinfeng-2015"}, subject=someone)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
