"""The second wall: PostgreSQL row-level security, checked as the application role with raw SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, pool, text
from sqlalchemy.exc import ProgrammingError

from jixiao.platform.config import Settings
from jixiao.platform.db import Database, create_db_engine
from jixiao.platform.migrate import rls_problems, tenant_tables
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.factories import make_tenant

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_database(pg_settings: Settings) -> Iterator[Database]:
    database = Database(pg_settings)
    with inprocess_worker(setup_broker(pg_settings, database)):
        yield database
    database.dispose()


def _raw(
    database: Database, tenant_id: uuid.UUID | None, sql: str, **params: object
) -> list[tuple[object, ...]]:
    """Raw SQL (no application scoping at all) in a transaction set to one tenant."""
    with database.session(tenant_id) as session:
        result = session.execute(text(sql), params)
        rows = [tuple(r) for r in result.all()] if result.returns_rows else [(result.rowcount,)]  # type: ignore[attr-defined]
        session.commit()
        return rows


def test_app_role_reads_and_writes_none_of_another_tenants_rows(pg_database: Database) -> None:
    jinfeng = make_tenant(pg_database, "金凤区")
    xixia = make_tenant(pg_database, "西夏区")
    # reads: all settings rows visible to Xixia are Xixia's
    seen = _raw(pg_database, xixia.id, "SELECT DISTINCT tenant_id FROM tenant_setting")
    assert seen == [(xixia.id,)]
    # explicit filter on Jinfeng's id finds nothing
    assert _raw(
        pg_database,
        xixia.id,
        "SELECT count(*) FROM tenant_setting WHERE tenant_id = :t",
        t=jinfeng.id,
    ) == [(0,)]
    # updates and deletes of Jinfeng's rows touch nothing
    assert _raw(
        pg_database,
        xixia.id,
        "UPDATE tenant_setting SET value = 'x' WHERE tenant_id = :t",
        t=jinfeng.id,
    ) == [(0,)]
    assert _raw(
        pg_database, xixia.id, "DELETE FROM tenant_setting WHERE tenant_id = :t", t=jinfeng.id
    ) == [(0,)]
    # inserting a row for Jinfeng is refused by the policy's WITH CHECK
    with pytest.raises(ProgrammingError, match="row-level security"):
        _raw(
            pg_database,
            xixia.id,
            "INSERT INTO tenant_setting (tenant_id, id, key, value, updated_at)"
            " VALUES (:t, :i, 'evil', 'x', now())",
            t=jinfeng.id,
            i=uuid.uuid4(),
        )
    # and Jinfeng's rows are intact
    assert _raw(
        pg_database, jinfeng.id, "SELECT count(*) FROM tenant_setting WHERE value = 'x'"
    ) == [(0,)]


def test_no_tenant_context_sees_no_tenant_rows(pg_database: Database) -> None:
    make_tenant(pg_database, "金凤区")
    assert _raw(pg_database, None, "SELECT count(*) FROM tenant_setting") == [(0,)]


def test_a_pooled_connection_never_carries_a_tenant_into_the_next_transaction(
    pg_settings: Settings,
) -> None:
    engine = create_db_engine(pg_settings.effective_database_url, pool_size=1, max_overflow=0)
    database = Database(pg_settings, engine=engine)
    with inprocess_worker(setup_broker(pg_settings, database)) as drain:
        jinfeng = make_tenant(database, "金凤区")
        drain()
    # a transaction for Jinfeng on the only connection
    assert _raw(database, jinfeng.id, "SELECT count(*) > 0 FROM tenant_setting") == [(True,)]
    # the next checkout of that same connection, without a tenant, sees nothing of Jinfeng
    assert _raw(database, None, "SELECT current_setting('jixiao.tenant_id', true)") == [("",)]
    assert _raw(database, None, "SELECT count(*) FROM tenant_setting") == [(0,)]
    # even a plain connection (no session events at all) from the pool carries nothing
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tenant_setting")).scalar() == 0
    engine.dispose()


def test_app_role_owns_nothing_and_cannot_bypass_rls(pg_settings: Settings) -> None:
    engine = create_engine(pg_settings.effective_database_url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        role = conn.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owned = conn.execute(
            text(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
            )
        ).scalar()
    engine.dispose()
    assert tuple(role) == (False, False)
    assert owned == 0


def test_every_tenant_table_has_forced_rls_and_a_policy(pg_settings: Settings) -> None:
    assert "tenant_setting" in tenant_tables()
    engine = create_engine(pg_settings.effective_migration_url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        assert rls_problems(conn) == []
    engine.dispose()


def test_the_check_reports_a_tenant_table_without_rls(pg_settings: Settings) -> None:
    engine = create_engine(pg_settings.effective_migration_url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        trans = conn.begin()
        conn.execute(text("CREATE TABLE leaky (tenant_id uuid, id uuid)"))
        problems = rls_problems(conn)
        trans.rollback()
    engine.dispose()
    assert "leaky: RLS not enabled" in problems
    assert "leaky: no policy" in problems


def test_behind_pgbouncer_nothing_is_prepared_on_the_server(pg_settings: Settings) -> None:
    """`JIXIAO_DB_PREPARED_STATEMENTS=false`: psycopg's connections never prepare (transaction
    pooling may run the next transaction on another server connection)."""
    for prepared, threshold in ((True, 5), (False, None)):
        engine = create_db_engine(
            pg_settings.effective_database_url, pool_size=1, prepared_statements=prepared
        )
        try:
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                assert raw.prepare_threshold == threshold
                for _ in range(8):  # past psycopg's default threshold of 5
                    conn.execute(text("SELECT 1 WHERE 1 = :one"), {"one": 1})
                prepared_here = conn.execute(
                    text("SELECT count(*) FROM pg_prepared_statements")
                ).scalar_one()
                assert (prepared_here > 0) is prepared
        finally:
            engine.dispose()
    behind_pooler = Settings.from_env({"JIXIAO_DB_PREPARED_STATEMENTS": "false"})
    assert behind_pooler.db_prepared_statements is False
