"""Data scopes are computed once per request from the user's roles and unit links."""

from __future__ import annotations

from sqlmodel import select

from jixiao.identity.models import User
from jixiao.org.models import Unit, UnitKind, UnitLink, UnitLinkRole
from jixiao.platform.db import Database
from jixiao.policies.scopes import data_scope
from tests.factories import Browser, make_tenant
from tests.identity.support import account


def _unit(database: Database, tenant_id: object, code: str, *, monitoring: bool = False) -> Unit:
    with database.tenant_session(tenant_id) as session:  # type: ignore[arg-type]
        unit = Unit(code=code, name=code, kind=UnitKind.DEPARTMENT, monitoring=monitoring)
        session.add(unit)
        session.commit()
        return unit


def _link(
    database: Database, tenant_id: object, username: str, unit: Unit, role: UnitLinkRole
) -> User:
    with database.tenant_session(tenant_id) as session:  # type: ignore[arg-type]
        user = session.exec(select(User).where(User.username == username)).one()
        session.add(UnitLink(unit_id=unit.id, user_id=user.id, role=role))
        if role.belongs:
            user.unit_id = unit.id
            session.add(user)
        session.commit()
        return user


def test_a_reporter_sees_its_unit_and_a_leader_the_units_in_charge(database: Database) -> None:
    tenant = make_tenant(database, "金凤区")
    liangtian, fengdeng, other = (
        _unit(database, tenant.id, c) for c in ("liangtian", "fengdeng", "other")
    )
    reporter = account(database, "unit_reporter", tenant=tenant)
    leader = account(database, "scoring_leader", tenant=tenant)
    _link(database, tenant.id, reporter.username, liangtian, UnitLinkRole.REPORTER)
    _link(database, tenant.id, leader.username, liangtian, UnitLinkRole.LEADER)
    _link(database, tenant.id, leader.username, fengdeng, UnitLinkRole.CONTACT)
    with database.tenant_session(tenant.id) as session:
        users = {u.username: u for u in session.exec(select(User)).all()}
        mine = data_scope(session, users[reporter.username], frozenset({"unit_reporter"}))
        led = data_scope(session, users[leader.username], frozenset({"scoring_leader"}))
        office = data_scope(
            session, users[leader.username], frozenset({"scoring_leader", "office"})
        )
    assert mine.unit_ids == {liangtian.id}
    assert not mine.every_unit
    assert mine.sees_unit(liangtian.id)
    assert not mine.sees_unit(fengdeng.id)
    assert led.unit_ids == {liangtian.id, fengdeng.id}
    assert not led.sees_unit(other.id)
    assert office.every_unit
    assert office.sees_unit(other.id)


def test_a_monitoring_department_scores_the_indicators_naming_it(database: Database) -> None:
    tenant = make_tenant(database, "金凤区")
    fagaiju = _unit(database, tenant.id, "fagaiju", monitoring=True)
    monitor = account(database, "monitoring_dept", tenant=tenant)
    _link(database, tenant.id, monitor.username, fagaiju, UnitLinkRole.REPORTER)
    # computed at sign-in for the whole request, from the real session
    signed = Browser(database).sign_in(tenant.code, monitor.username, monitor.password)
    assert signed["errors"] == []
    with database.tenant_session(tenant.id) as session:
        user = session.exec(select(User).where(User.username == monitor.username)).one()
        scope = data_scope(session, user, frozenset({"monitoring_dept"}))
    assert scope.scores(["fagaiju"])
    assert scope.scores([monitor.username])
    assert not scope.scores(["zhaoshangju"])
    assert scope.unit_ids == {fagaiju.id}


def test_a_monitoring_departments_reporter_sees_only_its_own_units_rows(
    database: Database,
) -> None:
    tenant = make_tenant(database, "金凤区")
    fagaiju = _unit(database, tenant.id, "fagaiju", monitoring=True)
    clerk = account(database, "unit_reporter", tenant=tenant)
    _link(database, tenant.id, clerk.username, fagaiju, UnitLinkRole.REPORTER)
    with database.tenant_session(tenant.id) as session:
        user = session.exec(select(User).where(User.username == clerk.username)).one()
        scope = data_scope(session, user, frozenset({"unit_reporter"}))
    # it reports its own unit's progress; the indicators 发改局 monitors are not its to score
    assert scope.unit_ids == {fagaiju.id}
    assert not scope.scores(["fagaiju"])
