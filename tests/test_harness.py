"""The test harness itself: databases of killed runs are swept at the next start."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
from psycopg import sql

from tests.conftest import _sweep_orphans


def _databases(conn: psycopg.Connection[tuple[str]]) -> set[str]:
    return {row[0] for row in conn.execute("SELECT datname FROM pg_database").fetchall()}


def test_a_killed_runs_database_is_dropped_at_the_next_start(
    pg_urls: tuple[str, str],
) -> None:
    """A run killed before its teardown leaves `jixiao_test_<worker>_<pid>`: the next run drops
    it, since its process is gone, and leaves a live process's database alone."""
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    orphan = f"jixiao_test_gw9_{int(gone.stdout)}"
    ours = f"jixiao_test_gw8_{os.getpid()}"
    admin = os.environ["JIXIAO_TEST_POSTGRES_URL"]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in (orphan, ours):
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            _sweep_orphans(conn)
            left = _databases(conn)
            assert orphan not in left
            assert ours in left
        finally:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(ours)))
