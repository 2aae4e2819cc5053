"""On PostgreSQL the application's role may add and read audit events, never change them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.factories import make_tenant

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_database(pg_settings: Settings) -> Iterator[Database]:
    database = Database(pg_settings)
    with inprocess_worker(setup_broker(pg_settings, database)):
        yield database
    database.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 1",
        "DELETE FROM audit_event WHERE seq = 1",
        "TRUNCATE audit_event",
    ],
)
def test_the_app_role_cannot_change_or_delete_audit_events(
    pg_database: Database, statement: str
) -> None:
    jinfeng = make_tenant(pg_database, "金凤区")
    with pg_database.session(jinfeng.id) as session:
        assert session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() > 0
        with pytest.raises(ProgrammingError, match="permission denied"):
            session.execute(text(statement))
        session.rollback()
        assert session.execute(text("SELECT current_user")).scalar_one() == "jixiao_test_app"


def test_the_app_role_appends_through_the_chain_head(pg_database: Database) -> None:
    jinfeng = make_tenant(pg_database, "金凤区")
    with pg_database.session(jinfeng.id) as session:
        rights = session.execute(
            text(
                "SELECT privilege_type FROM information_schema.role_table_grants"
                " WHERE grantee = current_user AND table_name = 'audit_event'"
            )
        ).scalars()
        assert set(rights) == {"SELECT", "INSERT"}
