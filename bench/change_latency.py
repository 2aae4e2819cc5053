"""Benchmark: from the commit of a changed score to the draft run that shows it (issue 13 item 3).

A fresh PostgreSQL database with a city-scale scheme (bench/pgworld.py), a real `jixiao worker`
process on Redis, and this process changing one score at a time the way score entry does (the
row changed, `follow.schedule` for its quarter and `annual`, one commit). For each change it
measures the time from the commit to the moment the annual draft run that includes the change
is the newest run (the pointer moved to a run with a new inputs version), then waits for the
quarter's run too before the next change. Prints p50, p95 and the worst (target p95 ≤ 2 s), and
checks that the last draft run equals a full recompute from scratch, figure for figure.

Run: `.venv/bin/python bench/change_latency.py [--units 3000] [--changes 50]`
(Redis: JIXIAO_BENCH_REDIS_URL, by default redis://127.0.0.1:6379/13, flushed first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import redis
from engine import line
from pgworld import JIXIAO, ROOT, SCHEME, TENANT, app_database, drop_database, jixiao, world
from sqlmodel import col, select

REDIS = os.environ.get("JIXIAO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TARGET_P95 = 2.0
POLL_S = 0.01
TIMEOUT_S = 60.0


def pointer_run(session: Any, period: str) -> tuple[Any, str]:
    from jixiao.scoring.runs.models import ResultPointer, ResultRun

    row = session.exec(
        select(ResultRun.id, ResultRun.inputs_version)
        .join(ResultPointer, col(ResultPointer.run_id) == col(ResultRun.id))
        .where(ResultPointer.period == period)
    ).one()
    session.rollback()  # end the read: the next poll sees newer commits
    return row[0], row[1]


def wait_for_new_run(session: Any, period: str, old_version: str) -> tuple[float, str]:
    """Poll until the period's newest run has another inputs version; (time, version)."""
    deadline = time.perf_counter() + TIMEOUT_S
    while time.perf_counter() < deadline:
        _, version = pointer_run(session, period)
        if version != old_version:
            return time.perf_counter(), version
        time.sleep(POLL_S)
    raise SystemExit(f"no new {period} run within {TIMEOUT_S:.0f} s: is the worker running?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="worker threads")
    args = parser.parse_args()
    redis.Redis.from_url(REDIS).flushdb()
    name = f"jixiao_bench_latency_{args.units}"
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        built = world(args.units, Path(tmp), name, redis_url=REDIS)
        worker = None
        try:
            for period in ("annual", "Q4"):  # a draft run to start from
                jixiao(
                    built.env,
                    "results",
                    "compute",
                    "--tenant",
                    TENANT,
                    "--scheme",
                    SCHEME,
                    "--period",
                    period,
                )
            worker = subprocess.Popen(
                [*JIXIAO, "worker", "--threads", str(args.threads)],
                cwd=ROOT,
                env=built.env,
                stdout=subprocess.DEVNULL,
                stderr=open(os.environ.get("JIXIAO_BENCH_WORKER_LOG", os.devnull), "w"),  # noqa: SIM115
            )
            latencies = measure(built.app_url, args.changes)
            exact = compare_with_full(built.app_url)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(30)
            drop_database(name)
    warm = latencies[2:]  # the first two warm the worker's inputs (read in full once)
    p95 = statistics.quantiles(warm, n=20)[-1] if len(warm) >= 2 else max(warm)
    print(
        f"\n{args.units:,} units, {len(warm)} changes measured (+2 warm-up), worker "
        f"{args.threads} threads, Redis"
    )
    line("first change (worker reads the inputs in full)", f"{latencies[0]:.3f} s")
    line("commit → annual draft run, p50", f"{statistics.median(warm):.3f} s")
    verdict = "ok" if p95 <= TARGET_P95 else "OVER"
    line("commit → annual draft run, p95", f"{p95:.3f} s", f"(target <= 2 s: {verdict})")
    line("commit → annual draft run, worst", f"{max(warm):.3f} s")
    line("last draft run equals a full recompute", "yes" if exact else "NO")
    if not exact:
        raise SystemExit(1)


def app(app_url: str) -> tuple[Any, Any, Any]:
    """The application as the app role with the Redis broker, and the tenant's id."""
    from jixiao.workers.broker import setup_broker

    database, tenant_id = app_database(app_url, REDIS)
    return database, setup_broker(database.settings, database, mode="redis"), tenant_id


def measure(app_url: str, changes: int) -> list[float]:
    from jixiao.scoring.entry import follow
    from jixiao.scoring.models import Score

    database, _broker, tenant_id = app(app_url)
    rnd = random.Random(int(os.environ.get("JIXIAO_BENCH_SEED", "13")))
    latencies = []
    with database.tenant_session(tenant_id) as watch:
        for _ in range(changes + 2):
            _, annual = pointer_run(watch, "annual")
            _, quarter = pointer_run(watch, "Q4")
            with database.tenant_session(tenant_id) as session:
                score = session.exec(
                    select(Score)
                    .where(col(Score.actual).is_not(None), Score.period == "Q4")
                    .offset(rnd.randrange(1000))
                    .limit(1)
                ).one()
                score.actual = Decimal(rnd.randrange(1, 15000)) / 100
                session.add(score)
                follow.schedule(session, SCHEME, "Q4")
                session.commit()
            committed = time.perf_counter()
            done, _ = wait_for_new_run(watch, "annual", annual)
            latencies.append(done - committed)
            wait_for_new_run(watch, "Q4", quarter)
    database.dispose()
    return latencies


def compare_with_full(app_url: str) -> bool:
    """The newest annual run's figures against the engine on inputs read from scratch."""
    from jixiao.engine import compute, results_to_dict
    from jixiao.schemes.inputs import engine_inputs
    from jixiao.scoring.runs import queries, snapshot
    from jixiao.scoring.runs.models import ResultRun

    database, _broker, tenant_id = app(app_url)
    with database.tenant_session(tenant_id) as session:
        run_id, _ = pointer_run(session, "annual")
        run = session.get(ResultRun, (tenant_id, run_id))
        stored = snapshot.stored_results(run, queries.run_units(session, run_id))
        inputs = engine_inputs(session, SCHEME)
    database.dispose()
    fresh = compute(inputs.scheme, inputs.data, "annual")
    return bool(
        results_to_dict(stored)["units"] == results_to_dict(fresh)["units"]
        and run is not None
        and run.inputs_version == inputs.version
    )


if __name__ == "__main__":
    main()
