"""The test harness itself: databases of killed runs are swept at the next start; `-n`
shares out the long units first."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from psycopg import sql

from tests.asgi import run
from tests.conftest import _sweep_orphans
from tests.scheduling import SECONDS, longest_first, unit_of


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


def test_the_walk_splits_by_backend_and_long_units_go_first() -> None:
    """`pytest -n` shares out whole modules, the attack walk's by backend, the long ones
    first (tests/scheduling.py)."""
    walk = "tests/isolation/test_tenant_isolation.py"
    assert unit_of(f"{walk}::test_x[sqlite]") == f"{walk}[sqlite]"
    assert unit_of(f"{walk}::test_every_root_field_is_walked") == walk
    assert unit_of("tests/org/test_units.py::test_y[postgres]") == "tests/org/test_units.py"
    ids = [
        "tests/org/test_units.py::test_a",
        f"{walk}::test_b[postgres]",
        "tests/org/test_units.py::test_c",
        f"{walk}::test_d[sqlite]",
        f"{walk}::test_e[postgres]",
    ]
    by_backend = {"postgres": [ids[1], ids[4]], "sqlite": [ids[3]]}
    longer, shorter = sorted(by_backend, key=lambda backend: -SECONDS[f"{walk}[{backend}]"])
    expected = [*by_backend[longer], *by_backend[shorter], ids[0], ids[2]]
    assert [ids[i] for i in longest_first(ids)] == expected
    root = Path(__file__).resolve().parents[1]
    stale = [unit for unit in SECONDS if not (root / unit.partition("[")[0]).is_file()]
    assert stale == [], f"tests/scheduling.py names modules that are gone: {stale}"


def test_a_coroutine_is_run_where_a_loop_already_runs() -> None:
    """Once a browser test has started, Playwright leaves its loop running in the main thread
    and `asyncio.run` refuses: the tests' `run` awaits on a loop of its own instead."""

    async def inside_a_running_loop() -> int:
        return run(asyncio.sleep(0, result=7))

    # In a thread of its own: where a browser test ran before in this worker, the main thread
    # already has Playwright's loop marked as running, and this test's own asyncio.run would fail.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, inside_a_running_loop()).result() == 7
    assert run(asyncio.sleep(0, result=8)) == 8
