"""The RLS tenant kept on a pooled connection's session (`jixiao.platform.rls_session`): every
transaction sees its own session's tenant, whatever ran on the connection before it (another
tenant, the platform, a rollback, a switch inside a transaction), and a transaction for the
tenant already held sends nothing to set it. Through a pooler the tenant stays per transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from jixiao.platform.config import Settings
from jixiao.platform.db import Database, acting_for_tenant, create_db_engine
from jixiao.platform.rls_session import held
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.factories import make_tenant

pytestmark = pytest.mark.postgres
SETTING = "SELECT current_setting('jixiao.tenant_id', true)"


def _one_connection(settings: Settings, *, pooled: bool = False) -> Database:
    engine = create_db_engine(
        settings.effective_database_url, pool_size=1, max_overflow=0, prepared_statements=not pooled
    )
    return Database(settings, engine)


@pytest.fixture
def single(pg_settings: Settings) -> Iterator[Database]:
    """A database whose pool holds one connection: every session runs on it in turn."""
    database = _one_connection(pg_settings)
    with inprocess_worker(setup_broker(pg_settings, database)):
        yield database
    database.dispose()


def _seen(database: Database, tenant_id: uuid.UUID | None) -> tuple[str, list[Any]]:
    """The RLS tenant a transaction of the session runs under, and the tenants of the
    settings rows its raw SQL (no application scoping) reads."""
    with database.session(tenant_id) as session:
        setting = session.execute(text(SETTING)).scalar_one()
        owners = session.execute(text("SELECT DISTINCT tenant_id FROM tenant_setting")).all()
        session.commit()
    return setting, [row[0] for row in owners]


def _sets(database: Database) -> list[str]:
    """Spies on the pooled connection: the values its session's tenant is set to."""
    with database.engine.connect() as connection:
        driver = connection.connection.driver_connection
    calls: list[str] = []
    execute = driver.execute  # type: ignore[union-attr]

    def spy(query: Any, params: Any = None, **kwargs: Any) -> Any:
        if "set_config" in str(query) and "false" in str(query):
            calls.append(params[0])
        return execute(query, params, **kwargs)

    driver.execute = spy  # type: ignore[union-attr, method-assign]
    return calls


def test_each_transaction_runs_as_its_own_sessions_tenant(single: Database) -> None:
    jinfeng = make_tenant(single, "金凤区")
    xixia = make_tenant(single, "西夏区")
    sets = _sets(single)

    assert _seen(single, jinfeng.id) == (str(jinfeng.id), [jinfeng.id])
    assert _seen(single, jinfeng.id) == (str(jinfeng.id), [jinfeng.id])
    assert sets == [str(jinfeng.id)]  # the second transaction sent nothing to set it

    assert _seen(single, None) == ("", [])  # the platform: no tenant's rows
    assert _seen(single, xixia.id) == (str(xixia.id), [xixia.id])
    assert sets == [str(jinfeng.id), "", str(xixia.id)]

    # A transaction that switches tenant inside it and rolls back, and one that switches and
    # commits: the next one is its own session's tenant's again.
    for end in ("rollback", "commit"):
        with single.session(xixia.id) as session:
            with acting_for_tenant(session, jinfeng.id):
                assert session.execute(text(SETTING)).scalar_one() == str(jinfeng.id)
            assert session.execute(text(SETTING)).scalar_one() == str(xixia.id)
            getattr(session, end)()
        assert _seen(single, xixia.id) == (str(xixia.id), [xixia.id])
    assert _seen(single, jinfeng.id) == (str(jinfeng.id), [jinfeng.id])


def test_a_failed_transaction_leaves_the_next_one_its_tenant(single: Database) -> None:
    jinfeng = make_tenant(single, "金凤区")
    xixia = make_tenant(single, "西夏区")
    _seen(single, jinfeng.id)
    with single.session(xixia.id) as session, pytest.raises(Exception, match="division by zero"):
        session.execute(text("SELECT 1 / 0"))
    assert _seen(single, xixia.id) == (str(xixia.id), [xixia.id])
    assert _seen(single, jinfeng.id) == (str(jinfeng.id), [jinfeng.id])


def test_through_a_pooler_the_tenant_is_set_per_transaction(pg_settings: Settings) -> None:
    """With prepared statements off (PgBouncer in transaction mode) nothing is set for the
    session: a server connection passed to another client between transactions carries no
    tenant."""
    database = _one_connection(pg_settings, pooled=True)
    try:
        with inprocess_worker(setup_broker(pg_settings, database)):
            jinfeng = make_tenant(database, "金凤区")
            assert _seen(database, jinfeng.id) == (str(jinfeng.id), [jinfeng.id])
            with database.engine.connect() as connection:
                driver = connection.connection.driver_connection
                assert held(driver) is None
                connection.commit()
                driver.autocommit = True  # type: ignore[union-attr]
                outside = driver.execute(SETTING).fetchone()  # type: ignore[union-attr]
                driver.autocommit = False  # type: ignore[union-attr]
            assert outside in {None, ("",), (None,)}
    finally:
        database.dispose()
