"""Scheme templates through GraphQL: operators keep the platform's (every change recorded), an
office saves its scheme to its own 指标库 and starts next year's from it; another tenant can
neither see nor use nor remove that template."""

from __future__ import annotations

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.schemes.models import Scheme
from tests.factories import EXAMPLE, GraphQLClient, make_tenant, operator, tenant_user
from tests.schemes.conftest import World, ok

FIELDS = "code name library level components groups indicators periods sourceScheme updatedBy"
UPLOAD = f"""
mutation($input: UploadSchemeTemplateInput!) {{ uploadSchemeTemplate(input: $input) {{
  template {{ {FIELDS} kinds {{ kind label units indicators }} }}
  errors {{ code message field }} }} }}"""
DELETE = """mutation($code: String!) { deleteSchemeTemplate(code: $code) {
  template { code } errors { code message field } } }"""
PLATFORM = f"{{ platformSchemeTemplates {{ {FIELDS} }} }}"
CHANGES = """query($code: String) { schemeTemplateChanges(code: $code) { templateCode action
  actorName digest } }"""
LISTED = f"{{ schemeTemplates {{ {FIELDS} }} }}"
SAVE = f"""mutation($scheme: String!, $input: SaveSchemeTemplateInput!) {{
  saveSchemeAsTemplate(schemeCode: $scheme, input: $input) {{ template {{ {FIELDS} }}
  errors {{ code message field }} }} }}"""
FROM = """mutation($code: String!, $library: TemplateLibrary!, $input: SchemeSettingsInput!) {
  createSchemeFromTemplate(templateCode: $code, library: $library, input: $input) {
  scheme { code name year status } errors { code message field } } }"""
REMOVE_OWN = """mutation($code: String!) { deleteTenantSchemeTemplate(code: $code) {
  template { code } errors { code message field } } }"""


def _text() -> str:
    return (EXAMPLE / "scheme.yaml").read_text(encoding="utf-8")


def test_an_operator_uploads_replaces_and_removes_a_platform_template(
    gql: GraphQLClient, world: World
) -> None:
    given = {
        "code": "town-basic",
        "name": "镇街基础指标库",
        "document": _text(),
        "level": "district",
    }
    made = ok(gql, UPLOAD, operator(), input=given)["uploadSchemeTemplate"]["template"]
    assert made["library"] == "PLATFORM"
    assert made["level"] == "district"
    assert made["groups"] == ["镇街组", "经济发展组", "社会事业组", "综合管理组"]
    assert made["updatedBy"] == "平台运营"
    kinds = {k["kind"]: k for k in made["kinds"]}
    assert kinds["TOWN"]["label"] == "镇"
    assert kinds["TOWN"]["units"] > 0
    assert 0 < kinds["TOWN"]["indicators"] <= made["indicators"]
    # the district's office sees it (meant for districts); a city-only one stays out of its list
    city_only = given | {"code": "city-only", "name": "市级模板", "level": "city"}
    ok(gql, UPLOAD, operator(), input=city_only)
    seen = {t["code"] for t in ok(gql, LISTED, world.office)["schemeTemplates"]}
    assert "town-basic" in seen
    assert "city-only" not in seen
    replaced = ok(gql, UPLOAD, operator(), input=given | {"name": "镇街基础指标库（2017版）"})
    assert replaced["uploadSchemeTemplate"]["template"]["name"] == "镇街基础指标库（2017版）"
    ok(gql, DELETE, operator(), code="town-basic")
    listed = {t["code"] for t in ok(gql, PLATFORM, operator())["platformSchemeTemplates"]}
    assert "town-basic" not in listed
    assert "city-only" in listed
    doc = "query($code: String!) { schemeTemplateDocument(code: $code) }"
    text = ok(gql, doc, operator(), code="city-only")["schemeTemplateDocument"]
    assert '"jinfeng-2015"' in text  # the scheme document as uploaded, as JSON
    assert ok(gql, doc, operator(), code="town-basic")["schemeTemplateDocument"] is None
    refused = gql.execute(doc, {"code": "city-only"}, subject=world.office)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    changes = ok(gql, CHANGES, operator(), code="town-basic")["schemeTemplateChanges"]
    assert [c["action"] for c in changes] == ["delete", "replace", "create"]
    assert changes[0]["digest"] is None
    assert len(changes[1]["digest"]) == 64
    assert {c["actorName"] for c in changes} == {"平台运营"}


def test_a_bad_template_is_refused_saying_what_and_where(gql: GraphQLClient, world: World) -> None:
    base = {"code": "bad", "name": "坏模板", "document": _text()}
    with_data = _text() + "\n---\nformat: jixiao.data/1\nscheme: jinfeng-2015\nscores: []\n"
    broken = _text().replace("weight: 80", "weight: 70", 1)
    cases = [
        (base | {"document": with_data}, "document", "不含数据"),
        (base | {"document": broken}, "document", "100"),
        (base | {"level": "province"}, "level", "适用层级"),
        (base | {"code": "a b"}, "code", "模板代码"),
        (base | {"name": " "}, "name", "模板名称"),
    ]
    for given, field, words in cases:
        payload = gql.execute(UPLOAD, {"input": given}, subject=operator())["data"]
        errors = payload["uploadSchemeTemplate"]["errors"]
        assert [(e["code"], e["field"]) for e in errors][:1] == [("INVALID", field)], given
        assert words in errors[0]["message"], errors
    # a tenant's users, whatever their permissions, do not manage the platform's templates
    refused = gql.execute(UPLOAD, {"input": base}, subject=world.office)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql.execute(PLATFORM, subject=world.office)["errors"][0]["extensions"]["code"] == (
        "FORBIDDEN"
    )
    listed = ok(gql, PLATFORM, operator())["platformSchemeTemplates"]
    assert "bad" not in {t["code"] for t in listed}


def test_an_office_saves_its_scheme_and_starts_next_year_from_it(
    gql: GraphQLClient, imported: World
) -> None:
    office = imported.office
    lib = {"code": "jf-lib", "name": "金凤区指标库", "description": "2015年方案的指标"}
    saved = ok(gql, SAVE, office, scheme="jinfeng-2015", input=lib)["saveSchemeAsTemplate"]
    assert saved["template"]["library"] == "TENANT"
    assert saved["template"]["sourceScheme"] == "jinfeng-2015"
    listed = ok(gql, LISTED, office)["schemeTemplates"]
    assert ("jf-lib", "TENANT") in {(t["code"], t["library"]) for t in listed}
    settings = {"code": "jinfeng-2016", "name": "金凤区2016年绩效考评方案", "year": 2016}
    made = ok(gql, FROM, office, code="jf-lib", library="TENANT", input=settings)
    assert made["createSchemeFromTemplate"]["scheme"] == settings | {"status": "DRAFT"}
    with imported.database.tenant_session(imported.tenant.id) as session:
        actions = set(session.exec(select(AuditEvent.action)).all())
        new = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2016")).one()
    assert {"scheme_template.save", "scheme.import"} <= actions
    assert new.source == "指标库模板 jf-lib"
    # the platform has no template of that code: the library named is the one used
    wrong = gql.execute(FROM, {"code": "jf-lib", "library": "PLATFORM", "input": settings | {
        "code": "x-2016"}}, subject=office)["data"]["createSchemeFromTemplate"]  # fmt: skip
    assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("NOT_FOUND", "templateCode")]
    ok(gql, REMOVE_OWN, office, code="jf-lib")
    with imported.database.tenant_session(imported.tenant.id) as session:
        actions = set(session.exec(select(AuditEvent.action)).all())
    assert "scheme_template.delete" in actions


def test_another_tenant_neither_sees_nor_uses_nor_removes_a_tenants_template(
    gql: GraphQLClient, imported: World
) -> None:
    office = imported.office
    lib = {"code": "jf-lib", "name": "金凤区指标库"}
    ok(gql, SAVE, office, scheme="jinfeng-2015", input=lib)
    other = make_tenant(imported.database, "西夏区")
    stranger = tenant_user(other, "scheme:read", "scheme:write")
    listed = ok(gql, LISTED, stranger)["schemeTemplates"]
    assert "jf-lib" not in {t["code"] for t in listed}
    settings = {"code": "xx-2016", "name": "西夏区2016年方案", "year": 2016}
    used = gql.execute(FROM, {"code": "jf-lib", "library": "TENANT", "input": settings},
                       subject=stranger)["data"]["createSchemeFromTemplate"]  # fmt: skip
    assert [(e["code"], e["field"]) for e in used["errors"]] == [("NOT_FOUND", "templateCode")]
    removed = gql.execute(REMOVE_OWN, {"code": "jf-lib"}, subject=stranger)["data"]
    assert removed["deleteTenantSchemeTemplate"]["errors"][0]["code"] == "NOT_FOUND"
    # saving one's own template of the same code leaves the first tenant's untouched
    refused = gql.execute(SAVE, {"scheme": "jinfeng-2015", "input": lib}, subject=stranger)
    assert refused["data"]["saveSchemeAsTemplate"]["errors"][0]["field"] == "schemeCode"
    mine = {t["code"]: t for t in ok(gql, LISTED, office)["schemeTemplates"]}
    assert mine["jf-lib"]["sourceScheme"] == "jinfeng-2015"
    # and a reader without scheme:write cannot save one
    reader = tenant_user(imported.tenant, "scheme:read")
    denied = gql.execute(SAVE, {"scheme": "jinfeng-2015", "input": lib}, subject=reader)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
