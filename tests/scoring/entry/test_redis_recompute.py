"""On Redis: a worker killed in the middle of a recompute, then a new worker, gives the same
results as a clean computation (at-least-once delivery, idempotent runs)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, func, select

from jixiao.org.queries import all_units
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.schemes.interchange import import_files
from jixiao.scoring.entry import service
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.runs import service as runs
from jixiao.scoring.runs.models import Period, ResultRun
from jixiao.workers.broker import send, setup_broker, start_worker
from tests.factories import EXAMPLE, SCHEME, everything, make_tenant
from tests.scoring.entry.support import Scorers, newest_score


@pytest.fixture
def redis_settings(settings: Settings, redis_url: str) -> Settings:
    return settings.with_changes(
        redis_url=redis_url, queue_namespace=f"jixiao-test-{uuid.uuid4().hex[:8]}"
    )


def _wait_for(check: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _runs(database: Database, tenant_id: uuid.UUID, period: str) -> list[ResultRun]:
    with database.tenant_session(tenant_id) as session:
        return list(
            session.exec(select(ResultRun).where(col(ResultRun.period) == Period(period))).all()
        )


@pytest.mark.redis
def test_a_recompute_killed_midway_is_redelivered_and_equals_a_clean_run(
    redis_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(redis_settings)
    broker = setup_broker(redis_settings, database)
    crashed = threading.Event()
    point_to = runs._point_to

    def crash_once(session: Any, run: ResultRun, inputs_seq: int = -1) -> bool:
        # The run's rows are written in the job's transaction; the pointer not yet switched.
        if not crashed.is_set():
            crashed.set()
            raise RuntimeError("worker killed mid-way")
        return point_to(session, run, inputs_seq)

    monkeypatch.setattr(runs, "_point_to", crash_once)
    first = start_worker(broker)
    second = None
    try:
        tenant = make_tenant(database, "金凤区")
        with database.tenant_session(tenant.id) as session:
            import_files(
                session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", everything(tenant)
            )
            session.commit()
            units = {unit.code: unit.id for unit in all_units(session)}
        jinfeng = Scorers(database, tenant, units)
        with database.tenant_session(tenant.id) as session:
            service.reopen_scores(
                session, jinfeng.office, SCHEME, "Q1", units=[], indicators=["B1"], reason="更正"
            )
            service.enter_scores(
                session,
                jinfeng.leader("liangtian"),
                SCHEME,
                "Q1",
                [ScoreInput("liangtian", "B1", value=Decimal("1"), reason="滞后")],
            )
            session.commit()
        assert crashed.wait(20), "the recompute never started"
        first.stop()  # the worker dies; its failed message waits in Redis for a retry
        # a new worker process: its own broker connection and actors
        second = start_worker(setup_broker(redis_settings, database))

        def done() -> bool:
            return all(
                newest_score(database, tenant, p, "liangtian", "B1", "Q1") for p in ("Q1", "annual")
            )

        assert _wait_for(done), (
            _runs(database, tenant.id, "Q1"),
            _runs(database, tenant.id, "annual"),
            newest_score(database, tenant, "Q1", "liangtian", "B1", "Q1"),
            newest_score(database, tenant, "annual", "liangtian", "B1", "Q1"),
        )
        q1 = _runs(database, tenant.id, "Q1")
        assert len(q1) == 1  # the killed attempt left nothing behind
        # a clean computation of the same inputs finds the very same run
        with database.tenant_session(tenant.id) as session:
            clean = runs.compute_run(session, SCHEME, "Q1", actor=jinfeng.office)
            session.commit()
        assert not clean.created
        assert clean.run.id == q1[0].id
        assert newest_score(database, tenant, "Q1", "liangtian", "B1", "Q1") == Decimal("1.98")
        # delivered once more (at-least-once): still one run per period
        send("results.recompute", tenant_id=str(tenant.id), scheme_code=SCHEME, period="annual")
        with database.tenant_session(tenant.id) as session:
            count = session.exec(select(func.count()).select_from(ResultRun)).one()
        time.sleep(0.5)
        with database.tenant_session(tenant.id) as session:
            assert session.exec(select(func.count()).select_from(ResultRun)).one() == count
    finally:
        if second is not None:
            second.stop()
        else:
            first.stop()
        database.dispose()
