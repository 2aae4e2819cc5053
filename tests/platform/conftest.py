"""A PostgreSQL platform of a test's own, for tests that drop or restore its database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from jixiao.platform.config import Settings
from jixiao.platform.db import migrate
from jixiao.platform.migrate import create_roles
from tests.conftest import APP_ROLE, NO_RATE_LIMITS, OWNER_ROLE, PG_URL


@pytest.fixture
def platform(pg_urls: tuple[str, str], tmp_path: Path) -> Iterator[tuple[Settings, str]]:
    """A platform of its own (the drill drops its database): settings and the admin URL."""
    assert PG_URL
    name = f"jixiao_drill_{os.getpid()}"
    admin = make_url(PG_URL).set(drivername="postgresql")
    drop(admin.render_as_string(hide_password=False), name)
    create_roles(PG_URL, owner=OWNER_ROLE, app=APP_ROLE, database=name)
    base = make_url(PG_URL).set(database=name, password=None)
    settings = Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=base.set(username=APP_ROLE).render_as_string(hide_password=False),
        migration_database_url=base.set(username=OWNER_ROLE).render_as_string(hide_password=False),
        db_app_role=APP_ROLE,
        sign_in_backoff_ms=0,
        **NO_RATE_LIMITS,
    )
    migrate(settings)
    yield settings, admin.set(database="postgres").render_as_string(hide_password=False)
    drop(admin.render_as_string(hide_password=False), name)


def drop(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
