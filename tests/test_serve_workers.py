"""`jixiao serve --workers N`: several API processes on one port, on PostgreSQL and Redis only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.platform.config import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def environment(settings: Settings, redis_url: str | None) -> dict[str, str]:
    """The process environment naming these settings' databases (and Redis)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JIXIAO_")}
    env.update(
        JIXIAO_ENV="test",
        JIXIAO_DATA_DIR=str(settings.data_dir),
        PYTHONPATH=str(ROOT),
    )
    if settings.database_url:
        env["JIXIAO_DATABASE_URL"] = settings.database_url
    if settings.migration_database_url:
        env["JIXIAO_MIGRATION_DATABASE_URL"] = settings.migration_database_url
    if redis_url:
        env["JIXIAO_REDIS_URL"] = redis_url
    return env


def test_several_processes_are_refused_on_the_embedded_database(sqlite_settings: Settings) -> None:
    done = CliRunner().invoke(
        app, ["serve", "--workers", "2"], env=environment(sqlite_settings, None)
    )
    assert done.exit_code == 2
    assert "several API processes need PostgreSQL" in done.output


def test_several_processes_are_refused_without_redis(pg_settings: Settings) -> None:
    done = CliRunner().invoke(app, ["serve", "--workers", "2"], env=environment(pg_settings, None))
    assert done.exit_code == 2
    assert "several API processes need Redis (JIXIAO_REDIS_URL)" in done.output


def test_a_pool_larger_than_postgresql_allows_is_warned_of(
    pg_settings: Settings, redis_url: str
) -> None:
    from jixiao.cli import check_several_processes

    with_redis = pg_settings.with_changes(redis_url=redis_url)
    assert check_several_processes(with_redis, 2) == []
    [warning] = check_several_processes(with_redis.with_changes(db_pool_size=500), 2)
    assert "PgBouncer" in warning
    assert "1020 connections" in warning


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def test_two_processes_answer_on_one_port(pg_settings: Settings, redis_url: str) -> None:
    port = free_port()
    command = [sys.executable, "-c", "from jixiao.cli import run; run()"]
    server = subprocess.Popen(
        [*command, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(pg_settings, redis_url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:  # refused while the processes start
                pass
            assert time.monotonic() < deadline, "the server did not answer within 90 s"
            time.sleep(0.5)
        # uvicorn's parent watches two processes that serve the app (and a spawn helper).
        processes = [
            child
            for child in children(server.pid)
            if "spawn_main" in Path(f"/proc/{child}/cmdline").read_text(errors="replace")
        ]
        assert len(processes) == 2
        for _ in range(6):
            request = urllib.request.Request(
                url + "/graphql",
                data=json.dumps({"query": "{ viewer { authenticated } }"}).encode(),
                headers={"Content-Type": "application/json", "Origin": url},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 200
                assert json.load(answer) == {"data": {"viewer": {"authenticated": False}}}
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail("the server did not stop on SIGINT within 30 s")
