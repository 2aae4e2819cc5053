"""The scheduler: explicit daily jobs, each fired once per active tenant; `jixiao scheduler
--once`; and jobs asked for before a savepoint still wait for the outer commit."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.platform.db import Database, JixiaoSession
from jixiao.tenants.models import TenantStatus
from jixiao.tenants.service import set_status
from jixiao.workers import registry
from jixiao.workers.broker import enqueue
from jixiao.workers.scheduler import PERIODIC_JOBS, TIMEZONE, build_scheduler, fan_out
from tests.factories import make_tenant

FIRED: list[str] = []
FIRED_EVENT = threading.Event()


@registry.tenant_actor("tests.scheduled", max_retries=0, time_limit_ms=5_000)
def scheduled(session: JixiaoSession) -> None:
    FIRED.append(str(session.tenant_id))
    FIRED_EVENT.set()


@registry.actor("tests.after_commit", max_retries=0, time_limit_ms=5_000)
def after_commit(token: str) -> None:
    FIRED.append(token)


def test_the_jobs_are_explicit_daily_and_cannot_pile_up(database: Database) -> None:
    scheduler = build_scheduler(database, blocking=False)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "audit.anchor",
        "audit.verify",
        "audit.retention",
        "notices.cleanup_uploads",
        "notices.remind_deadlines",
        "results.end_publicity",
    }
    for spec in PERIODIC_JOBS:
        trigger = jobs[spec.actor].trigger
        fields = {f.name: str(f) for f in trigger.fields}
        assert (fields["hour"], fields["minute"]) == (str(spec.hour), str(spec.minute))
        assert str(trigger.timezone) == TIMEZONE
        assert spec.actor in registry.SPECS
    assert scheduler._job_defaults["coalesce"] is True
    assert scheduler._job_defaults["max_instances"] == 1


def test_a_firing_sends_the_job_once_per_active_tenant(
    database: Database, drain: Callable[[], None]
) -> None:
    active = make_tenant(database, "金凤区")
    suspended = make_tenant(database, "西夏区")
    with database.platform_session() as session:
        set_status(session, suspended.code, TenantStatus.SUSPENDED)
        session.commit()
    drain()
    FIRED.clear()
    sent = fan_out(database, "tests.scheduled")
    drain()
    assert sent == len(FIRED) == len(set(FIRED))
    assert str(active.id) in FIRED
    assert str(suspended.id) not in FIRED


def test_the_background_scheduler_fires_in_its_thread(
    database: Database, drain: Callable[[], None]
) -> None:
    tenant = make_tenant(database, "金凤区")
    drain()
    FIRED.clear()
    FIRED_EVENT.clear()
    scheduler = build_scheduler(database, blocking=False)
    scheduler.modify_job("notices.remind_deadlines", args=(database, "tests.scheduled"))
    scheduler.start()
    try:
        scheduler.modify_job("notices.remind_deadlines", next_run_time=datetime.now().astimezone())
        assert FIRED_EVENT.wait(10)
        deadline = time.monotonic() + 10
        while str(tenant.id) not in FIRED and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.shutdown(wait=True)
    drain()
    assert str(tenant.id) in FIRED


def test_a_job_asked_for_before_a_savepoint_waits_for_the_commit(
    database: Database, drain: Callable[[], None]
) -> None:
    token = uuid.uuid4().hex
    with database.platform_session() as session:
        enqueue(session, "tests.after_commit", token=token)
        with session.begin_nested():  # released: not the commit the job waits for
            pass
        drain()
        assert token not in FIRED
        session.commit()
    drain()
    assert FIRED.count(token) == 1


def test_jixiao_scheduler_once_fires_every_job(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_ENV": "test"}
    assert runner.invoke(app, ["migrate"], env=env).exit_code == 0
    made = runner.invoke(app, ["tenant", "create", "jinfeng", "--name", "金凤区"], env=env)
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["scheduler", "--once"], env=env)
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.splitlines()) == sorted(
        f"{job.actor}: sent for 1 tenants" for job in PERIODIC_JOBS
    )
