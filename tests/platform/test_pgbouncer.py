"""The Helm chart's PgBouncer configuration, run for real (Debian's pgbouncer) between the app
and PostgreSQL: transaction pooling with two server connections shared by eight threads.

With `JIXIAO_DB_PREPARED_STATEMENTS=false` (what the chart sets) the app works through it and
every transaction sees only its own tenant's rows (the tenant is set per transaction, so a
server connection passed on carries none). With psycopg's prepared statements on, the same
pooler breaks a connection as soon as a transaction lands on another server connection than the
one that prepared its statement: the reason the setting exists.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.conftest import REQUIRED, free_port
from tests.factories import make_tenant
from tests.platform.test_helm_chart import one, render

pytestmark = pytest.mark.postgres
PASSWORD = "pooled-app-password"


def _ini(database: str, port: int, folder: Path) -> str:
    """The chart's pgbouncer.ini, pointed at this machine's PostgreSQL and this test's files."""
    chart_ini = one(render(), "ConfigMap", "jx-jixiao-pgbouncer")["data"]["pgbouncer.ini"]
    assert "pool_mode = transaction" in chart_ini
    replaced = {
        "jixiao = ": f"jixiao = host=127.0.0.1 port=5432 dbname={database}",
        "listen_addr = ": "listen_addr = 127.0.0.1",
        "listen_port = ": f"listen_port = {port}",
        "auth_file = ": f"auth_file = {folder / 'userlist.txt'}",
        "default_pool_size = ": "default_pool_size = 2",
        "server_tls_sslmode = ": "server_tls_sslmode = disable",
    }
    lines = []
    for line in chart_ini.splitlines():
        for start, new in replaced.items():
            if line.startswith(start):
                line = new
        lines.append(line)
    return "\n".join([*lines, f"logfile = {folder / 'pgbouncer.log'}", ""])


@pytest.fixture
def pooler(pg_settings: Settings) -> Iterator[str]:
    """PgBouncer in front of the test database; the app role's URL through it."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.access(binary, os.X_OK):
        message = "pgbouncer (Debian's package) is not installed"
        if REQUIRED:
            pytest.fail(f"{message}, and JIXIAO_REQUIRE_SERVICES=1 requires it", pytrace=False)
        pytest.skip(message)
    app = make_url(pg_settings.effective_database_url)
    folder = Path(tempfile.mkdtemp(prefix="jixiao-pgbouncer-"))
    folder.chmod(0o755)  # pgbouncer refuses root: it runs as postgres and reads these
    (folder / "userlist.txt").write_text(f'"{app.username}" "{PASSWORD}"\n')
    port = free_port()
    (folder / "pgbouncer.ini").write_text(_ini(str(app.database), port, folder))
    shutil.chown(folder, "postgres")
    command = [binary, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = folder / "pgbouncer.log"
                    pytest.fail(
                        f"pgbouncer did not start: {log.read_text() if log.exists() else ''}"
                    )
                time.sleep(0.05)
        yield app.set(
            password=PASSWORD, host="127.0.0.1", port=port, database="jixiao"
        ).render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_app_through_pgbouncer_keeps_each_transaction_to_its_tenant(
    pg_settings: Settings, pooler: str
) -> None:
    settings = pg_settings.with_changes(database_url=pooler, db_prepared_statements=False)
    database = Database(settings)
    try:
        with inprocess_worker(setup_broker(settings, database)):
            tenants = [make_tenant(database, f"区{n}") for n in range(2)]

        def seen(round_: int) -> set[uuid.UUID]:
            tenant = tenants[round_ % 2]
            with database.session(tenant.id) as session:
                found = session.execute(text("SELECT DISTINCT tenant_id FROM tenant_setting"))
                rows = {row[0] for row in found}
                session.commit()
            assert rows == {tenant.id}, f"round {round_}: saw {rows}"
            return rows

        with ThreadPoolExecutor(8) as pool:  # 8 clients, 2 server connections
            assert len(list(pool.map(seen, range(400)))) == 400
    finally:
        database.dispose()


def test_prepared_statements_break_under_transaction_pooling(pooler: str) -> None:
    """The same pooler with psycopg's defaults: a statement prepared on one server connection
    is missing on the other (the second is held busy, so the next transaction must use it)."""
    url = make_url(pooler).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as busy, psycopg.connect(url) as client:
        for _ in range(6):  # prepared on the server at the 5th execution
            client.execute("SELECT 1 WHERE 1 = %s", (1,))
            client.commit()
        # PgBouncer hands out the idle server connection used last (LIFO): the one that
        # prepared the statement goes to `busy`, and `client` must open the second.
        busy.execute("BEGIN")
        busy.execute("SELECT 1")
        broken = 0
        for _ in range(2):
            try:
                client.execute("SELECT 1 WHERE 1 = %s", (1,))
                client.commit()
            except psycopg.errors.InvalidSqlStatementName:
                broken += 1
                client.rollback()
        busy.execute("COMMIT")
    assert broken > 0
