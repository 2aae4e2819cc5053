"""Shared fixtures: databases (SQLite and PostgreSQL), brokers, a GraphQL client.

PostgreSQL and Redis come from JIXIAO_TEST_POSTGRES_URL / JIXIAO_TEST_REDIS_URL. Without them
their tests skip, unless JIXIAO_REQUIRE_SERVICES=1 (set by `make test` and CI): then they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from psycopg import sql
from sqlalchemy.engine import make_url

from jixiao.identity import passwords
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, migrate
from jixiao.platform.migrate import create_roles
from jixiao.workers.broker import inprocess_worker, setup_broker

REQUIRED = os.environ.get("JIXIAO_REQUIRE_SERVICES") == "1"
PG_URL = os.environ.get("JIXIAO_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL")
OWNER_ROLE = "jixiao_test_owner"
APP_ROLE = "jixiao_test_app"


def _missing(what: str) -> None:
    message = f"{what} is not configured or not reachable"
    if REQUIRED:
        pytest.fail(f"{message}, and JIXIAO_REQUIRE_SERVICES=1 requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_urls(worker_id: str) -> Iterator[tuple[str, str]]:
    """A fresh database for this test process: (owner URL, app-role URL), migrated."""
    if not PG_URL:
        _missing("PostgreSQL (JIXIAO_TEST_POSTGRES_URL)")
    assert PG_URL
    try:
        create_roles(PG_URL, owner=OWNER_ROLE, app=APP_ROLE)
    except psycopg.OperationalError as error:
        _missing(f"PostgreSQL at {PG_URL} ({error})")
    name = f"jixiao_test_{worker_id}_{os.getpid()}"
    admin = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    create_roles(PG_URL, owner=OWNER_ROLE, app=APP_ROLE, database=name)
    base = make_url(PG_URL).set(database=name, password=None)
    owner = base.set(username=OWNER_ROLE).render_as_string(hide_password=False)
    app = base.set(username=APP_ROLE).render_as_string(hide_password=False)
    yield owner, app
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# The attack walk and the fuzzing send thousands of requests a minute as one user from one
# address; tests/security/test_rate_limits.py sets the limits it checks.
NO_RATE_LIMITS: dict[str, int] = {"rate_limit_per_minute": 0, "rate_limit_address_per_minute": 0}


@pytest.fixture(scope="session")
def pg_settings(pg_urls: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Settings:
    owner, app = pg_urls
    settings = Settings(
        env="test",
        data_dir=tmp_path_factory.mktemp("pgdata"),
        database_url=app,
        migration_database_url=owner,
        db_app_role=APP_ROLE,
        sign_in_backoff_ms=0,
        **NO_RATE_LIMITS,
    )
    migrate(settings)
    return settings


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    settings = Settings(
        env="test", data_dir=tmp_path / "data", sign_in_backoff_ms=0, **NO_RATE_LIMITS
    )
    migrate(settings)
    return settings


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest) -> Settings:
    """Each test using it runs on both databases."""
    name = "sqlite_settings" if request.param == "sqlite" else "pg_settings"
    value: Settings = request.getfixturevalue(name)
    return value


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The app's database on each backend, with an in-process broker and worker."""
    db = Database(settings)
    with inprocess_worker(setup_broker(settings, db, mode="inprocess")) as drain:
        db.info_drain = drain  # type: ignore[attr-defined]
        yield db
    db.dispose()


@pytest.fixture
def drain(database: Database) -> Callable[[], None]:
    """Wait for the jobs queued so far to have run."""
    result: Callable[[], None] = database.info_drain  # type: ignore[attr-defined]
    return result


@pytest.fixture
def redis_url() -> str:
    if not REDIS_URL:
        _missing("Redis (JIXIAO_TEST_REDIS_URL)")
    assert REDIS_URL
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        _missing(f"Redis at {REDIS_URL} ({error})")
    return REDIS_URL


OWASP_HASHER = passwords.HASHER


def pytest_configure(config: pytest.Config) -> None:
    """Hash passwords cheaply in tests; `owasp_hashing` restores the production parameters."""
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._DUMMY_HASH = passwords.HASHER.hash("timing only")


@pytest.fixture
def owasp_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The production (OWASP) Argon2id parameters, for the tests that check them."""
    monkeypatch.setattr(passwords, "HASHER", OWASP_HASHER)
