"""Units and links through the service, and the units sheet round trip."""

from __future__ import annotations

import base64
import io

import pytest
from openpyxl import load_workbook

from jixiao.identity.models import User
from jixiao.org import queries as org_queries
from jixiao.org import service, workbook
from jixiao.org.models import UnitKind, UnitLinkRole
from jixiao.org.sheets import WorkbookInvalid
from jixiao.platform.errors import Conflict, InvalidInput
from tests.org.conftest import Org, make_org


def _unit(org: Org, code: str, kind: UnitKind = UnitKind.DEPARTMENT, **kw: object) -> None:
    with org.database.tenant_session(org.tenant.id) as session:
        fields = service.UnitFields(code, kw.pop("name", code), kind, **kw)  # type: ignore[arg-type]
        service.create_unit(session, fields, actor=org.admin)
        session.commit()


def test_units_are_created_searched_and_deactivated(org: Org) -> None:
    _unit(org, "fagaiju", name="发展和改革局", headcount=55, monitoring=True)
    _unit(org, "liangtian", UnitKind.TOWN, name="良田镇", headcount=76)
    with org.database.tenant_session(org.tenant.id) as session:
        with pytest.raises(Conflict):
            service.create_unit(
                session, service.UnitFields("fagaiju", "重复", UnitKind.DEPARTMENT), actor=org.admin
            )
        with pytest.raises(InvalidInput, match="只有部门"):
            service.create_unit(
                session,
                service.UnitFields("x", "镇", UnitKind.TOWN, monitoring=True),
                actor=org.admin,
            )
        town = org_queries.find_unit(session, "liangtian")
        assert town is not None
        service.set_active(session, town, False, actor=org.admin)
        session.commit()
        towns = org_queries.list_units(session, kind=UnitKind.TOWN)
        assert [u.code for u in towns.items] == ["liangtian"]
        assert not towns.items[0].active
        found = org_queries.list_units(session, search="改革")
        assert [u.code for u in found.items] == ["fagaiju"]
        assert [u.code for u in org_queries.list_units(session, active=True).items] == ["fagaiju"]


def test_links_set_the_users_home_unit(org: Org) -> None:
    _unit(org, "liangtian", UnitKind.TOWN)
    _unit(org, "fengdeng", UnitKind.TOWN)
    reporter, leader = org.users["tianbao"], org.users["fenguan"]
    with org.database.tenant_session(org.tenant.id) as session:
        town = org_queries.find_unit(session, "liangtian")
        other = org_queries.find_unit(session, "fengdeng")
        assert town is not None
        assert other is not None
        service.set_links(session, town, UnitLinkRole.REPORTER, [reporter], actor=org.admin)
        service.set_links(session, town, UnitLinkRole.LEADER, [leader], actor=org.admin)
        service.set_links(session, other, UnitLinkRole.LEADER, [leader], actor=org.admin)
        session.commit()
        assert session.get(User, (org.tenant.id, reporter)).unit_id == town.id  # type: ignore[union-attr]
        assert session.get(User, (org.tenant.id, leader)).unit_id is None  # type: ignore[union-attr]
        links = org_queries.links_of(session, [town.id, other.id])
        assert sorted((link.role.value, u.username) for link, u in links[town.id]) == [
            ("leader", "fenguan"),
            ("reporter", "tianbao"),
        ]
        service.set_links(session, town, UnitLinkRole.REPORTER, [], actor=org.admin)
        session.commit()
        assert session.get(User, (org.tenant.id, reporter)).unit_id is None  # type: ignore[union-attr]


def test_the_units_sheet_round_trips_every_field(org: Org, database: object) -> None:
    _unit(org, "fagaiju", name="发展和改革局", headcount=55, monitoring=True)
    _unit(org, "liangtian", UnitKind.TOWN, name="良田镇", headcount=76)
    _unit(org, "shanghaixilu", UnitKind.SUBDISTRICT, name="上海西路街道", headcount=70)
    with org.database.tenant_session(org.tenant.id) as session:
        town = org_queries.find_unit(session, "liangtian")
        assert town
        service.set_links(
            session, town, UnitLinkRole.REPORTER, [org.users["tianbao"]], actor=org.admin
        )
        service.set_links(session, town, UnitLinkRole.HEAD, [org.users["fuzeren"]], actor=org.admin)
        service.set_links(
            session, town, UnitLinkRole.CONTACT, [org.users["fenguan"]], actor=org.admin
        )
        service.set_active(
            session, org_queries.find_unit(session, "shanghaixilu"), False, actor=org.admin
        )  # type: ignore[arg-type]
        session.commit()
        exported = workbook.export_units(session)
    other = make_org(org.database, "西夏区")
    with other.database.tenant_session(other.tenant.id) as session:
        done = workbook.import_units(session, base64.b64decode(exported), actor=other.admin)
        session.commit()
        again = workbook.export_units(session)
    assert (done.created, done.updated) == (3, 0)
    assert _cells(again) == _cells(exported)
    assert _cells(exported)[2] == (
        "liangtian", "良田镇", "镇", 76, "否", "启用", "tianbao", "fuzeren", None, "fenguan"
    )  # fmt: skip


def _cells(content: str) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(base64.b64decode(content)))
    return [tuple(row) for row in book["考评对象"].iter_rows(values_only=True)]


def test_a_bad_sheet_names_rows_and_changes_nothing(org: Org) -> None:
    book = load_workbook(io.BytesIO(base64.b64decode(workbook.units_template())))
    sheet = book["考评对象"]
    sheet.append(["ok", "好单位", "部门", 3])
    sheet.append(["bad", "坏单位", "县", "many", "也许", None, "nobody"])
    buffer = io.BytesIO()
    book.save(buffer)
    with org.database.tenant_session(org.tenant.id) as session:
        with pytest.raises(WorkbookInvalid) as refused:
            workbook.import_units(session, buffer.getvalue(), actor=org.admin)
        session.rollback()
        assert org_queries.all_units(session) == []
    problems = refused.value.problems
    assert problems == (
        "第3行 类型：「县」无效，应为 部门、镇 或 街道",
        "第3行 人数：「many」不是非负整数",
        "第3行 实施监控职能部门：「也许」无效，应为 是 或 否",
        "第3行 填报员：没有用户名为「nobody」的用户",
    )
