"""The first wall: application scoping of every query to the session's tenant (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import col, select, update

from jixiao.platform.db import Database
from jixiao.platform.errors import TenantContextError
from jixiao.tenants import service
from jixiao.tenants.models import TenantSetting
from tests.factories import make_tenant


def test_service_reads_return_only_the_sessions_tenant(database: Database) -> None:
    # given two districts, each with its own settings
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(jinfeng.id) as session:
        service.update_setting(session, "reminder_days_before", "7")
        session.commit()
    # when Xixia reads its settings, by service and by a plain ORM query
    with database.tenant_session(xixia.id) as session:
        listed = service.list_settings(session)
        everything = session.exec(select(TenantSetting)).all()
    # then it sees only its own rows, with its own values
    assert {row.tenant_id for row in listed} == {xixia.id}
    assert {row.tenant_id for row in everything} == {xixia.id}
    assert {r.key: r.value for r in listed}["reminder_days_before"] == "3"


def test_joins_aliases_and_subqueries_see_only_the_sessions_tenant(database: Database) -> None:
    # One criteria option covers every tenant model wherever a statement names it: joined, under
    # an alias, inside a subquery (on SQLite it is the only wall; PostgreSQL adds RLS).
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(xixia.id) as session:
        own = len(session.exec(select(TenantSetting)).all())
        other = aliased(TenantSetting)
        joined = session.exec(
            select(TenantSetting.tenant_id, other.tenant_id).join(
                other, col(other.key) == col(TenantSetting.key)
            )
        ).all()
        inside = session.exec(
            select(TenantSetting.tenant_id).where(
                col(TenantSetting.key).in_(select(other.key).where(col(other.key) != ""))
            )
        ).all()
        counted = session.exec(
            select(select(func.count()).select_from(TenantSetting).scalar_subquery())
        ).one()
    assert own > 0
    assert set(joined) == {(xixia.id, xixia.id)}
    assert len(joined) == own
    assert set(inside) == {xixia.id}
    assert len(inside) == own
    assert counted == own
    with database.tenant_session(jinfeng.id) as session:  # what the walls above hid
        assert {row.tenant_id for row in session.exec(select(TenantSetting)).all()} == {jinfeng.id}


def test_bulk_update_touches_only_the_sessions_tenant(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(xixia.id) as session:
        session.exec(update(TenantSetting).values(value="en").where(TenantSetting.key == "locale"))  # type: ignore[call-overload]
        session.commit()
    with database.tenant_session(jinfeng.id) as session:
        assert (
            session.exec(select(TenantSetting.value).where(TenantSetting.key == "locale")).one()
            == "zh-CN"
        )


def test_a_row_of_another_tenant_cannot_be_written(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(xixia.id) as session:
        session.add(TenantSetting(tenant_id=jinfeng.id, key="x", value="y"))
        with pytest.raises(TenantContextError):
            session.flush()


def test_platform_sessions_cannot_read_tenant_data(database: Database) -> None:
    make_tenant(database, "金凤区")
    with database.platform_session() as session, pytest.raises(TenantContextError):
        session.exec(select(TenantSetting)).all()


def test_session_get_of_another_tenants_row_finds_nothing(database: Database) -> None:
    jinfeng = make_tenant(database, "金凤区")
    xixia = make_tenant(database, "西夏区")
    with database.tenant_session(jinfeng.id) as session:
        row = session.exec(select(TenantSetting)).first()
        assert row is not None
        key = (row.tenant_id, row.id)
    with database.tenant_session(xixia.id) as session:
        assert session.get(TenantSetting, key) is None
