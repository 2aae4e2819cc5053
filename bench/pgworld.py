"""A city-scale tenant on a fresh PostgreSQL database, for the stored-path benchmarks.

`world(units)` creates a database of its own (the owner and app roles as in production, so
row-level security is in force), migrates it, onboards a tenant and imports the benchmark's
scheme and data with `jixiao scheme import` (the data generator of bench/engine.py). Every
command runs as a whole process, as a user runs it, through `jixiao(...)`.

PostgreSQL: JIXIAO_BENCH_POSTGRES_URL (a superuser), by default postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from simulate import write_files  # noqa: E402

from jixiao.platform.migrate import create_roles  # noqa: E402

ADMIN = os.environ.get("JIXIAO_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
OWNER, APP = "jixiao_owner", "jixiao_app"
TENANT = "bench"
SCHEME = "city-2015"  # the code bench/engine.py gives its scheme
JIXIAO = [sys.executable, "-c", "import sys; from jixiao.cli import run; run()"]


@dataclass(frozen=True)
class World:
    """A migrated database with the tenant and its imported scheme."""

    units: int
    name: str
    owner_url: str
    app_url: str
    scheme_path: Path
    data_path: Path
    env: dict[str, str]
    import_seconds: float


def fresh_database(name: str) -> tuple[str, str]:
    """Drop and create `name` with the owner and app roles; (owner URL, app URL)."""
    admin = make_url(ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    create_roles(ADMIN, owner=OWNER, app=APP)
    create_roles(ADMIN, owner=OWNER, app=APP, database=name)
    base = make_url(ADMIN).set(database=name, password=None)
    owner = base.set(username=OWNER).render_as_string(hide_password=False)
    app = base.set(username=APP).render_as_string(hide_password=False)
    return owner, app


def drop_database(name: str) -> None:
    admin = make_url(ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def jixiao(env: dict[str, str], *args: str | Path) -> tuple[float, str]:
    """Run `jixiao ARGS` as a whole process; its wall time and standard output."""
    command: Sequence[str] = [*JIXIAO, *map(str, args)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"failed: jixiao {' '.join(map(str, args))}")
    return elapsed, done.stdout.decode("utf-8", "replace")


def environment(folder: Path, owner: str, app: str, redis_url: str | None = None) -> dict[str, str]:
    """The environment of `jixiao` commands against a bench database (production settings)."""
    env = {
        **os.environ,
        "JIXIAO_ENV": "production",
        "JIXIAO_SECRET_KEY": "bench-secret-key-bench-secret-key-0123",
        # production wants the audit chain's and the fields' keys, each its own
        "JIXIAO_AUDIT_CHAIN_KEY": "bench-audit-chain-key-bench-audit-0123",
        "JIXIAO_FIELD_KEY": "bench-field-key-bench-field-key-0123456",
        "JIXIAO_DATA_DIR": str(folder / "var"),
        "JIXIAO_DATABASE_URL": app,
        "JIXIAO_MIGRATION_DATABASE_URL": owner,
    }
    env.pop("JIXIAO_REDIS_URL", None)
    if redis_url:
        env["JIXIAO_REDIS_URL"] = redis_url
    return env


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server a benchmark starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def world(units: int, folder: Path, name: str, redis_url: str | None = None) -> World:
    """A fresh database with tenant `bench` and scheme `city-2015` of `units` units imported."""
    owner, app = fresh_database(name)
    scheme_path, data_path = write_files(units, folder)
    env = environment(folder, owner, app)
    jixiao(env, "migrate")
    jixiao(env, "tenant", "create", TENANT, "--name", "基准测试市")
    seconds, _ = jixiao(
        env, "scheme", "import", scheme_path, "--tenant", TENANT, "--data", data_path
    )
    if redis_url:
        env["JIXIAO_REDIS_URL"] = redis_url
    return World(units, name, owner, app, scheme_path, data_path, env, seconds)


def app_database(app_url: str, redis_url: str | None = None) -> tuple[Any, Any]:
    """The application's database as the app role (in this process), and the tenant's id."""
    from sqlmodel import select

    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.platform.config import Settings
    from jixiao.platform.db import Database
    from jixiao.tenants.models import Tenant

    settings = Settings(
        env="test",
        data_dir=Path(tempfile.gettempdir()),
        database_url=app_url,
        redis_url=redis_url,
    )
    database = Database(settings)
    with database.platform_session() as platform:
        tenant = platform.exec(select(Tenant).where(Tenant.code == TENANT)).one()
    return database, tenant.id
