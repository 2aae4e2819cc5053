"""Benchmark: what the app's session layer adds to a statement, against the driver alone.

Every request runs its statements through a tenant session (`jixiao.platform.db`): the tenant
criteria added to each ORM statement, on PostgreSQL the RLS tenant set at each transaction's
start, and for every change the audit chain (`jixiao.audit.service`). Measured in the same run,
on SQLite (a migrated file, as `jixiao demo` makes it) and on PostgreSQL (a fresh database as the
app role, row-level security in force; skipped with `--sqlite-only`), the median of `--repeat`:

- floor: the driver alone (sqlite3 / psycopg, one kept connection), in one transaction, the same
  two SELECTs the session runs below (a setting by key, a join of the setting table to itself);
- `read`: a tenant session running those two SELECTs through the ORM, then closed;
- `audited`: a tenant session recording one audit event and committing (an audited change,
  such as a refused mutation's attempt, with nothing else in it).

Prints each figure and its ratio to the floor. Run:
`.venv/bin/python bench/statements.py [--repeat 2000] [--sqlite-only]`.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from pgworld import drop_database, fresh_database  # noqa: E402

import jixiao.models  # noqa: E402, F401 - every table, before the database opens
from jixiao.audit.service import record  # noqa: E402
from jixiao.platform.auth import Subject, TenantRef  # noqa: E402
from jixiao.platform.config import Settings  # noqa: E402
from jixiao.platform.db import Database, migrate  # noqa: E402
from jixiao.tenants import onboarding  # noqa: E402
from jixiao.tenants.models import TenantLevel, TenantSetting  # noqa: E402
from jixiao.workers.broker import inprocess_worker, setup_broker  # noqa: E402

KEY = "reminder_days_before"
SQL_BY_KEY = "SELECT key, value FROM tenant_setting WHERE tenant_id = {p} AND key = {p}"
SQL_JOIN = (
    "SELECT a.key FROM tenant_setting a JOIN tenant_setting b"
    " ON b.key = a.key AND b.tenant_id = {p} WHERE a.tenant_id = {p} LIMIT 1"
)


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    for _ in range(min(100, repeat)):
        run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def session_figures(database: Database, repeat: int) -> tuple[float, float, uuid.UUID]:
    from sqlalchemy.orm import aliased
    from sqlmodel import col, select

    with (
        inprocess_worker(setup_broker(database.settings, database, mode="inprocess")) as drain,
        database.platform_session() as session,
    ):
        made = onboarding.onboard_tenant(
            session,
            onboarding.OnboardTenant("bench-stmt", "基准区", TenantLevel.DISTRICT, None),
        )
        session.commit()
        drain()
        tenant = TenantRef(
            id=made.tenant.id,
            code=made.tenant.code,
            name=made.tenant.name,
            level=str(made.tenant.level.value),
        )
    actor = Subject(kind="user", tenant=tenant, username="bench", display_name="基准")
    other = aliased(TenantSetting)

    def read() -> None:
        with database.session(tenant.id) as session:
            session.exec(select(TenantSetting).where(col(TenantSetting.key) == KEY)).first()
            session.exec(
                select(TenantSetting.key)
                .join(other, col(other.key) == col(TenantSetting.key))
                .limit(1)
            ).first()

    def audited() -> None:
        with database.session(tenant.id) as session:
            record(session, actor=actor, action="bench.attempt", after={"n": 1}, reason="基准")
            session.commit()

    return median_ms(read, repeat), median_ms(audited, repeat), tenant.id


def report(backend: str, floor: float, read: float, audited: float) -> None:
    print(f"{backend}: floor (driver, 2 SELECTs)  {floor:8.3f} ms")
    print(f"{backend}: read (session, 2 SELECTs)  {read:8.3f} ms  {read / floor:5.1f}x floor")
    print(f"{backend}: audited change (1 event)   {audited:8.3f} ms  {audited / floor:5.1f}x floor")


def migrated_figures(settings: Settings, repeat: int) -> tuple[float, float, uuid.UUID]:
    """`session_figures` on a database migrated for them, closed afterwards."""
    migrate(settings)
    database = Database(settings)
    try:
        return session_figures(database, repeat)
    finally:
        database.dispose()


def sqlite(repeat: int) -> None:
    data = Path(tempfile.mkdtemp()) / "data"
    read, audited, tenant_id = migrated_figures(Settings(env="test", data_dir=data), repeat)
    conn = sqlite3.connect(data / "jixiao.sqlite3", isolation_level=None)
    tenant = tenant_id.hex  # SQLAlchemy's Uuid on SQLite: 32 hex digits

    def floor() -> tuple[Any, Any]:
        conn.execute("BEGIN")
        found = conn.execute(SQL_BY_KEY.format(p="?"), (tenant, KEY)).fetchone()
        joined = conn.execute(SQL_JOIN.format(p="?"), (tenant, tenant)).fetchone()
        conn.execute("COMMIT")
        return found, joined

    assert all(floor()), "the floor's SELECTs find the tenant's rows"

    report("sqlite", median_ms(floor, repeat), read, audited)
    conn.close()


def postgres(repeat: int) -> None:
    import psycopg

    name = "jixiao_bench_statements"
    owner, app = fresh_database(name)
    settings = Settings(
        env="test",
        data_dir=Path(tempfile.mkdtemp()) / "data",
        database_url=app,
        migration_database_url=owner,
        db_app_role="jixiao_app",
    )
    try:
        read, audited, tenant_id = migrated_figures(settings, repeat)
        raw = app.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw) as conn:

            def floor() -> tuple[Any, Any]:
                with conn.transaction():
                    found = conn.execute(SQL_BY_KEY.format(p="%s"), (tenant_id, KEY)).fetchone()
                    joined = conn.execute(
                        SQL_JOIN.format(p="%s"), (tenant_id, tenant_id)
                    ).fetchone()
                return found, joined

            conn.execute("SELECT set_config('jixiao.tenant_id', %s, false)", (str(tenant_id),))
            assert all(floor()), "the floor's SELECTs find the tenant's rows"
            report("postgres", median_ms(floor, repeat), read, audited)
    finally:
        drop_database(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    sqlite(args.repeat)
    if not args.sqlite_only:
        postgres(args.repeat)


if __name__ == "__main__":
    main()
