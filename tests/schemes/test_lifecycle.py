"""The lifecycle: only scheme:approve approves; approved rules change only by a new revision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlmodel import select

from jixiao.audit.search import AuditFilter, search
from jixiao.platform.errors import Conflict, Forbidden
from jixiao.schemes import copying, lifecycle, service, structure, tree
from jixiao.schemes.errors import SchemeInvalid, SchemeLocked
from jixiao.schemes.inputs import engine_inputs
from jixiao.schemes.models import Indicator, SchemeStatus
from jixiao.schemes.templates import ensure_example_template
from tests.factories import GraphQLClient, tenant_user
from tests.schemes.conftest import World, ok

APPROVE = """
mutation($code: String!) { approveScheme(code: $code) {
  scheme { status revision approvedBy revisions { number digest approvedBy } }
  errors { code message } } }"""


def test_only_the_leadership_group_approves(gql: GraphQLClient, imported: World) -> None:
    office = tenant_user(imported.tenant, "scheme:read", "scheme:write")
    refused = gql.execute(APPROVE, {"code": "jinfeng-2015"}, subject=office)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        with pytest.raises(Forbidden):
            lifecycle.approve(session, scheme, actor=office)
        assert scheme.status is SchemeStatus.DRAFT
    leader = tenant_user(imported.tenant, "scheme:read", "scheme:approve")
    approved = ok(gql, APPROVE, leader, code="jinfeng-2015")["approveScheme"]["scheme"]
    assert approved["status"] == "APPROVED"
    assert approved["revision"] == 1
    assert approved["approvedBy"] == "测试用户"
    assert [r["number"] for r in approved["revisions"]] == [1]


def test_an_invalid_draft_cannot_be_approved(imported: World) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        comps = [
            structure.ComponentFields("indicators", "指标考核", Decimal(70)),
            structure.ComponentFields("leaders", "领导评价", Decimal(10)),
            structure.ComponentFields("public", "群众满意度", Decimal(10)),
        ]
        structure.set_components(session, scheme, comps, actor=imported.office)
        with pytest.raises(SchemeInvalid) as refused:
            lifecycle.approve(session, scheme, actor=imported.office)
    assert "应为 100" in refused.value.message


def test_published_rules_change_only_through_an_audited_revision(imported: World) -> None:
    actor = imported.office
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        first = lifecycle.approve(session, scheme, actor=actor)
        lifecycle.publish(session, scheme, actor=actor)
        before = engine_inputs(session, "jinfeng-2015").version
        a1 = session.exec(select(Indicator).where(Indicator.code == "A1")).one()
        settings = service.SchemeSettings("jinfeng-2015", "改名", 2015)
        attempts = [
            lambda: service.update_settings(session, scheme, settings, actor=actor),
            lambda: tree.delete_indicator(session, scheme, a1.id, actor=actor),
            lambda: tree.update_indicator(
                session, scheme, a1.id, tree.IndicatorFields("A1", "改"), actor=actor
            ),
            lambda: structure.set_members(session, scheme, [], actor=actor),
        ]
        for change in attempts:
            with pytest.raises(SchemeLocked, match="发起修订"):
                change()
        with pytest.raises(Conflict):
            lifecycle.approve(session, scheme, actor=actor)
        lifecycle.revise(session, scheme, "调整招商引资分值", actor=actor)
        fields = tree.IndicatorFields(
            "A1", "招商引资到位资金", points=Decimal(12), method=a1.method, target=Decimal(120),
            periods={"Q2": Decimal("0.5"), "Q4": Decimal("0.5")}, scorers=["zhaoshangju"],
        )  # fmt: skip
        tree.update_indicator(session, scheme, a1.id, fields, actor=actor)
        second = lifecycle.approve(session, scheme, actor=actor, reason="领导小组会议")
        session.commit()
        assert engine_inputs(session, "jinfeng-2015").version != before
        assert (first.number, second.number) == (1, 2)
        assert first.digest != second.digest
        assert '"target":100' in first.rules
        assert '"target":120' in second.rules
        actions = [e.action for e in search(session, AuditFilter(action="scheme."), first=50).items]
    assert actions[:4] == ["scheme.approve", "scheme.revise", "scheme.publish", "scheme.approve"]


def test_copy_from_last_year_and_from_a_template(imported: World) -> None:
    actor = imported.office
    with imported.database.tenant_session(imported.tenant.id) as session:
        copy = copying.copy_scheme(
            session, "jinfeng-2015", service.SchemeSettings("jinfeng-2016", "2016年方案", 2016),
            actor=actor,
        )  # fmt: skip
        session.commit()
        copied = engine_inputs(session, "jinfeng-2016")
        original = engine_inputs(session, "jinfeng-2015")
        assert copy.source == "复制自 jinfeng-2015"
        assert copied.scheme.leaves() == original.scheme.leaves()
        assert copied.scheme.groups == original.scheme.groups
        assert copied.data.scores == ()
    with imported.database.platform_session() as platform:
        ensure_example_template(platform)
        platform.commit()
    with imported.database.tenant_session(imported.tenant.id) as session:
        made = lifecycle.from_template(
            session, "jinfeng-2015", service.SchemeSettings("from-template", "模板方案", 2017),
            actor=actor,
        )  # fmt: skip
        session.commit()
        assert made.scheme.year == 2017
        assert engine_inputs(session, "from-template").scheme.units == original.scheme.units


def test_an_approved_revision_cannot_be_rewritten(imported: World) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        lifecycle.approve(session, scheme, actor=imported.office)
        session.commit()
    if not imported.database.settings.is_postgres:
        pytest.skip("the app role's grants exist on PostgreSQL only")
    with (
        imported.database.tenant_session(imported.tenant.id) as session,
        pytest.raises(ProgrammingError, match="permission denied"),
    ):
        session.execute(text("UPDATE scheme_revision SET rules = '{}'"))
