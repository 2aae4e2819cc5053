"""Shared fixtures: databases (SQLite and PostgreSQL), brokers, a GraphQL client.

PostgreSQL and Redis come from JIXIAO_TEST_POSTGRES_URL / JIXIAO_TEST_REDIS_URL. Without them
their tests skip, unless JIXIAO_REQUIRE_SERVICES=1 (set by `make test` and CI): then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from psycopg import sql
from sqlalchemy.engine import make_url

import jixiao.models  # noqa: F401 - every table, before any database opens
from jixiao.identity import passwords
from jixiao.platform import heap
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, migrate
from jixiao.platform.migrate import create_roles
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.factories.graphql import GraphQLClient
from tests.scheduling import (  # noqa: F401 - hooks: longest units first, by module
    pytest_collection_modifyitems,
    pytest_xdist_make_scheduler,
)

REQUIRED = os.environ.get("JIXIAO_REQUIRE_SERVICES") == "1"
PG_URL = os.environ.get("JIXIAO_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL")
OWNER_ROLE = "jixiao_test_owner"
APP_ROLE = "jixiao_test_app"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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
        _sweep_orphans(conn)
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    create_roles(PG_URL, owner=OWNER_ROLE, app=APP_ROLE, database=name)
    with psycopg.connect(admin, autocommit=True) as conn:
        # A test database need not survive a crash of the server: a commit that waits for
        # nothing costs a fraction of one that waits for the disk (every audited request
        # commits twice). Durability is not what any test checks.
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name))
        )
    base = make_url(PG_URL).set(database=name, password=None)
    owner = base.set(username=OWNER_ROLE).render_as_string(hide_password=False)
    app = base.set(username=APP_ROLE).render_as_string(hide_password=False)
    yield owner, app
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _sweep_orphans(conn: psycopg.Connection[Any]) -> None:
    """Drop the databases of earlier test processes that are gone (a killed run never reaches
    its own teardown): the process id ends each name; a live process's database is left alone,
    as another run on this machine may be using it."""
    rows = conn.execute(
        "SELECT datname FROM pg_database WHERE datname ~ '^jixiao_test_[A-Za-z0-9]+_[0-9]+$'"
    ).fetchall()
    for (datname,) in rows:
        if not _alive(int(datname.rsplit("_", 1)[1])):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(datname))
            )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


# The attack walk and the fuzzing send thousands of requests a minute as one user from one
# address; tests/security/test_rate_limits.py and tests/graphql/test_query_cost.py set the
# limits they check.
NO_RATE_LIMITS: dict[str, int] = {
    "rate_limit_per_minute": 0,
    "rate_limit_tenant_per_minute": 0,
    "rate_limit_address_per_minute": 0,
    "query_cost_per_minute": 0,  # the per-request maximum stays
    "query_cost_tenant_per_minute": 0,
}


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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of an SQLite database migrated once for this test process."""
    data = tmp_path_factory.mktemp("sqlite-template") / "data"
    migrate(Settings(env="test", data_dir=data))
    return data


def migrated_sqlite(data_dir: Path, template: Path) -> None:
    """A migrated SQLite database in `data_dir`: a copy of the template (about 1 ms, where
    migrating takes 0.4 s, paid by some 600 tests)."""
    shutil.copytree(template, data_dir)


def migrated_sqlite_settings(data_dir: Path, template: Path) -> Settings:
    """Test settings of a migrated SQLite database in `data_dir` (a copy of the template)."""
    settings = Settings(env="test", data_dir=data_dir, sign_in_backoff_ms=0, **NO_RATE_LIMITS)
    migrated_sqlite(settings.data_dir, template)
    return settings


@pytest.fixture
def sqlite_settings(tmp_path: Path, sqlite_template: Path) -> Settings:
    return migrated_sqlite_settings(tmp_path / "data", sqlite_template)


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
def gql(database: Database) -> GraphQLClient:
    """A GraphQL client over the app on `database`, acting as the subject each call names."""
    return GraphQLClient(database)


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


# One thread per process by design: in-process brokers share the thread enforcing jobs' time
# limits (jixiao/workers/broker.py, tests/workers/test_broker_threads.py).
SHARED_THREADS = frozenset({"_CtypesTimeoutManager"})


def _pool_worker(thread: threading.Thread) -> bool:
    """A worker of a thread pool (an event loop's default executor, `asyncio_N`, or anyio's
    worker threads of a server's `to_thread` calls): it belongs to
    its pool, which may rightly outlive the module (the browser tests' session-wide server
    started during a module), and a pool holds at most its `max_workers` of them."""
    import concurrent.futures.thread

    if type(thread).__name__ == "WorkerThread" and type(thread).__module__.startswith("anyio."):
        return True  # anyio's pool (to_thread): at most its limiter's 40, each ends when idle
    return getattr(thread, "_target", None) is concurrent.futures.thread._worker


@pytest.fixture(scope="module", autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    """Counts the threads before a module and after its fixtures are torn down: a broker, pool,
    server or listener a module leaves running fails the module's last test, by name (test
    workers once ended a run with hundreds of threads)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5  # a thread told to stop may need a moment to end
    left = []
    for thread in threading.enumerate():
        if (
            thread in before
            or type(thread).__name__ in SHARED_THREADS
            or _pool_worker(thread)
            or getattr(thread, "session_wide", False)  # a session fixture's (tests/e2e server)
        ):
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            left.append(f"{thread.name} ({type(thread).__name__})")
    if left:
        pytest.fail(f"the module left {len(left)} thread(s) running: {', '.join(left)}")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A failure is named the moment it happens, not only in the summary: with `-n 2` the run
    prints dots, and a run stopped before its summary once left two failures unnamed."""
    if report.failed and _TERMINAL:
        when = "" if report.when == "call" else f" (at {report.when})"
        _TERMINAL[0].write("\n")  # off the line of dots
        _TERMINAL[0].write_line(f"FAILED {report.nodeid}{when}", red=True, bold=True)


_TERMINAL: list[Any] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported so far (the app, its schema and models: some 230,000 objects) lives
    as long as the process: frozen, the garbage collector stops walking it at every full
    collection, which had made allocation-heavy work (a YAML data file, an ORM flush) three
    times slower here than in a fresh process. The schema every app serves is built first.

    What the tests make and keep (each app's caches, engines, fixtures' rows) still grew the
    walked part: in `tests/scoring/entry` 72 full collections took 8.8 s of 74 s (a YAML load
    that takes 11 ms in a fresh process took 35 ms there). With collections of the young
    generation ten times rarer and full ones rarer still, the garbage collector took 2.3 s of
    the module's 65 s and the process 18 % more memory (327 against 278 MB at its peak): the
    servers' `heap.settle`."""
    from jixiao.graphql.schema import build_schema

    build_schema(Settings(env="test"))
    heap.settle()


def pytest_sessionstart(session: pytest.Session) -> None:
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None and not hasattr(session.config, "workerinput"):  # not an xdist worker
        _TERMINAL.append(terminal)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The test threads' event loops and the anyio workers they kept (`tests.asgi`) end with
    the session: the workers are not daemons, and the process would wait for them forever."""
    from tests.asgi import close_loops

    close_loops()
