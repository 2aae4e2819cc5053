"""Load test: a deadline day of a district on real processes (issue 14 item 5).

What it measures: the latency (p50/p95/p99 ms) of every operation the portal sends on the day
progress reports fall due, with counts, refusals, errors and throughput, while sampling what
the server side spends: CPU of `jixiao serve` (every process) and `jixiao worker` and of the
database's PostgreSQL backends (from /proc/<pid>/stat), the database's connections open,
active and waiting on a lock, with the statements that wait (pg_stat_activity), the jobs not
yet done in Redis, and this load generator's own CPU (bench/deadline_sampler.py), so that the
report can say what saturates first. With `--find-knee` it steps the user count up (20,
50, 100, 200, 400, 800, up to `--users`) for `--duration` seconds each and reports the first
count at which the overall p95 passes 300 ms. Nothing is asserted on time.

The world: a fresh PostgreSQL database `jixiao_bench_deadline` (bench/pgworld.py: owner and app
roles, so row-level security is in force; `jixiao migrate`), Redis
(JIXIAO_BENCH_REDIS_URL, by default redis://127.0.0.1:6379/13, flushed first), the demo tenants
seeded as `jixiao demo` seeds them, and `--users` virtual users of 金凤区 — "district size" is
the demo tenant, 24 units (bench/deadline_world.py). Then `jixiao serve` (`--workers N` API
processes) and one `jixiao worker` run as subprocesses, and this process drives the users on
asyncio with its own small HTTP/1.1 keep-alive client (neither aiohttp nor httpx is in the
venv; bench/deadline_client.py). What each role does: bench/deadline_mix.py. The database is
dropped at the end.

Run: `.venv/bin/python bench/deadline_day.py [--users 200] [--duration 120] [--think 1.0]
[--arrive SECONDS] [--workers 1] [--find-knee]`; a quick run: `--users 10 --duration 20
--think 0.1`. The users sign in at random moments of the first `--arrive` seconds (by default
one think time, 10 s: a storm of sign-ins, each an Argon2id check, then every user's first,
uncached home page); a longer arrival is a morning on which people come in over a minute or
more.
Everything shares the machine (the load generator too): read the figures with the CPU lines.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from deadline_client import Stats, percentile
from deadline_mix import THINK_S, VirtualUser
from deadline_sampler import CORES, Sampler, jobs_pending
from deadline_world import World, build
from pgworld import JIXIAO, ROOT, drop_database, free_port, fresh_database, jixiao
from pgworld import environment as pgworld_environment

NAME = "jixiao_bench_deadline"
REDIS = os.environ.get("JIXIAO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
KNEE_STEPS = (20, 50, 100, 200, 400, 800)
KNEE_P95_MS = 300.0
WINDOW_S = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="virtual users (the knee's top)")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds (each step)")
    parser.add_argument("--think", type=float, default=1.0, help="× the 3–10 s think time")
    parser.add_argument(
        "--arrive",
        type=float,
        default=None,
        help="seconds over which the users come in and sign in (default: one think time, 10 s)",
    )
    parser.add_argument("--workers", type=int, default=1, help="jixiao serve --workers")
    parser.add_argument("--find-knee", action="store_true", help="step the users up to --users")
    args = parser.parse_args()
    if args.users < 1 or args.workers < 1 or args.duration <= 0 or args.think < 0:
        parser.error("--users and --workers at least 1, --duration above 0, --think not below 0")
    if args.arrive is not None and not 0 <= args.arrive < args.duration:
        parser.error("--arrive: from 0 to less than --duration seconds")
    if args.arrive is None:
        args.arrive = THINK_S[1] * args.think  # one think time: the users' first actions
    redis.Redis.from_url(REDIS).flushdb()
    failures = 0  # transport errors and server tracebacks: a run with any fails
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        try:
            env = environment(Path(tmp))
            jixiao(env, "migrate")
            started = time.perf_counter()
            world = build(env, args.users)
            print(
                f"set-up: demo seeded, {args.users} users in {time.perf_counter() - started:.1f} s"
            )
            with serving(env, tmp, args.workers) as (port, processes):
                pids = {name: process.pid for name, process in processes.items()}
                if args.find_knee:
                    find_knee(world, port, pids, args)
                else:
                    step = run_step(world, args.users, port, pids, args)
                    report(step, args)
                    failures = step.stats.errors
                failures += logged(Path(tmp))
        finally:
            drop_database(NAME)
    if failures:
        raise SystemExit(f"{failures} errors or server tracebacks: see above")


def environment(folder: Path) -> dict[str, str]:
    owner, app = fresh_database(NAME)
    return pgworld_environment(folder, owner, app, REDIS)


@contextmanager
def serving(
    env: dict[str, str], tmp: str, workers: int
) -> Iterator[tuple[int, dict[str, subprocess.Popen[bytes]]]]:
    """`jixiao serve --workers N` and one `jixiao worker`, answering /healthz: their port and
    processes (logs in `tmp`), stopped at the end."""
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        port = free_port()
        serve = [*JIXIAO, "serve", "--host", "127.0.0.1", "--port", str(port)]
        processes["serve"] = spawn([*serve, "--workers", str(workers)], env, tmp, "serve")
        processes["worker"] = spawn([*JIXIAO, "worker"], env, tmp, "worker")
        wait_healthy(port, processes)
        yield port, processes
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def spawn(command: list[str], env: dict[str, str], tmp: str, name: str) -> subprocess.Popen[bytes]:
    log = open(Path(tmp) / f"{name}.log", "wb")  # noqa: SIM115 - the process keeps it
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(port: int, processes: dict[str, subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(f"jixiao {name} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"jixiao serve did not answer /healthz on port {port}")


def logged(folder: Path) -> int:
    """How many tracebacks the server processes logged (they are errors the client may not see)."""
    total = 0
    for name in ("serve", "worker"):
        text = (folder / f"{name}.log").read_text("utf-8", "replace")
        total += text.count("Traceback")
        print(f"{f'jixiao {name} log':<34}{text.count('Traceback'):>8} tracebacks")
        for error, count in raised(text).most_common(5):
            print(f"  {count:>5} × {error[:150]}")
    return total


def raised(text: str) -> Counter[str]:
    """The exception line that ends each traceback of a log, counted."""
    found: Counter[str] = Counter()
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("Traceback"):
            rest = (other for other in lines[index + 1 :] if not other.startswith((" ", "\t")))
            found[next(rest, "?")] += 1
    return found


# load -----------------------------------------------------------------------------------------


@dataclass
class Step:
    users: int
    seconds: float
    stats: Stats
    usage: dict[str, tuple[float, float]]  # what → (mean, peak) over the samples
    waits: Counter[str]  # statements seen waiting on a lock (their start, who held it)

    @property
    def p95_ms(self) -> float:
        return percentile(self.stats.all_seconds(), 0.95) * 1000


def run_step(
    world: World, users: int, port: int, pids: dict[str, int], args: argparse.Namespace
) -> Step:
    stats = Stats()
    sampler = Sampler(pids, NAME, REDIS)
    sampler.start()
    started = time.perf_counter()
    asyncio.run(drive(world, users, port, stats, args))
    seconds = time.perf_counter() - started
    sampler.halt.set()
    sampler.join()
    return Step(users, seconds, stats, sampler.summary(), sampler.waits)


async def drive(
    world: World, users: int, port: int, stats: Stats, args: argparse.Namespace
) -> None:
    until = time.monotonic() + args.duration
    crowd = [
        VirtualUser(world, account, index, port, stats, args.think, args.arrive)
        for index, account in enumerate(world.accounts[:users])
    ]
    await asyncio.gather(*(user.run(until) for user in crowd))


def find_knee(world: World, port: int, pids: dict[str, int], args: argparse.Namespace) -> None:
    steps = [n for n in KNEE_STEPS if n < args.users] + [args.users]
    print(
        f"\nknee: {args.duration:g} s a step, think ×{args.think:g}, signing in over the first "
        f"{args.arrive:g} s, p95 limit {KNEE_P95_MS:g} ms"
    )
    print(
        f"{'users':>6}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}{'refused':>8}"
        f"{'serve%':>8}{'worker%':>8}{'pg%':>7}{'conns':>7}{'locked':>7}{'jobs':>6}{'client%':>9}"
    )
    # ms of every request; CPU % of one core (mean); connections open (peak); sessions waiting
    # on a lock (mean); jobs not yet done (peak)
    knee, last = None, None
    for users in steps:
        settle()
        last = step = run_step(world, users, port, pids, args)
        ordered = step.stats.all_seconds()
        u = step.usage
        print(
            f"{users:>6}{step.stats.requests / step.seconds:>8.1f}"
            f"{percentile(ordered, 0.5) * 1000:>8.0f}{step.p95_ms:>8.0f}"
            f"{percentile(ordered, 0.99) * 1000:>8.0f}{step.stats.errors:>8}{step.stats.refused:>8}"
            f"{u['serve'][0]:>8.0f}{u['worker'][0]:>8.0f}{u['postgres'][0]:>7.0f}"
            f"{u['connections'][1]:>7.0f}{u['waiting'][0]:>7.1f}{u['jobs'][1]:>6.0f}"
            f"{u['client'][0]:>9.0f}"
        )  # fmt: skip
        if step.p95_ms > KNEE_P95_MS:
            knee = users
            break
    if knee is None:
        print(f"knee: p95 stayed within {KNEE_P95_MS:g} ms up to {steps[-1]} users")
    else:
        print(f"knee: p95 first above {KNEE_P95_MS:g} ms at {knee} users")
    if last is not None:
        report(last, args)


def settle(limit_s: float = 60.0) -> None:
    """Let the worker finish the jobs of the previous step before the next one starts."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and jobs_pending(redis.Redis.from_url(REDIS)) > 0:
        time.sleep(0.5)


# report ---------------------------------------------------------------------------------------


def report(step: Step, args: argparse.Namespace) -> None:
    stats, usage, workers = step.stats, step.usage, args.workers
    print(
        f"\ndeadline day, 金凤区: {step.users} virtual users for {step.seconds:.1f} s, think "
        f"×{args.think:g}, signing in over the first {args.arrive:g} s, jixiao serve "
        f"--workers {workers}, one jixiao worker"
    )
    head = f"{'operation':<26}{'count':>7}{'ok':>7}{'refused':>8}{'errors':>7}"
    print(head + f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for op, tally in sorted(stats.ops.items(), key=lambda item: -len(item[1].seconds)):
        ordered = sorted(tally.seconds)
        count = tally.ok + tally.refused + tally.errors
        print(
            f"{op:<26}{count:>7}{tally.ok:>7}{tally.refused:>8}{tally.errors:>7}"
            + "".join(f"{percentile(ordered, q) * 1000:>9.1f}" for q in (0.5, 0.95, 0.99))
        )
    ordered = stats.all_seconds()
    print(
        f"{'all':<26}{stats.requests:>7}{stats.requests - stats.refused - stats.errors:>7}"
        f"{stats.refused:>8}{stats.errors:>7}"
        + "".join(f"{percentile(ordered, q) * 1000:>9.1f}" for q in (0.5, 0.95, 0.99))
    )
    print(
        f"throughput {stats.requests / step.seconds:.1f} requests/s; "
        f"{stats.errors} errors, {stats.refused} refused"
    )
    for title, counts in (("refused", stats.refusals), ("errors", stats.failures)):
        for what, count in counts.most_common():
            sample = f"  e.g. {stats.samples[what]}" if what in stats.samples else ""
            print(f"  {title}: {what} × {count}{sample}")
    windows = stats.by_window(WINDOW_S)
    print(
        f"  p95 of the requests sent in each {WINDOW_S:g} s (users sign in over the first "
        f"{args.arrive:g} s): "
        + ", ".join(f"{start:.0f} s: {p95 * 1000:.0f} ms ({n})" for start, n, p95 in windows)
    )
    slow = sorted(stats.slowest, reverse=True)
    print(
        "  slowest: "
        + "; ".join(f"{op} {s * 1000:.0f} ms (sent at {t:.1f} s)" for s, t, op in slow)
    )
    for what, count in stats.idle.most_common():
        print(f"  no work: {what} × {count}")
    print(f"resources, mean / peak of 1 s samples (CPU % of one core; {CORES} cores):")
    lines = (
        ("jixiao serve, all processes", "serve", "%"),
        ("jixiao serve, busiest process", "serve_busiest", "%"),
        ("jixiao worker", "worker", "%"),
        ("PostgreSQL backends of the database", "postgres", "%"),
        ("this load generator", "client", "%"),
        ("the whole machine", "machine", "%"),
        ("  of which other processes (shared machine)", "others", "%"),
        ("database connections open", "connections", ""),
        ("database connections active", "active", ""),
        ("database sessions waiting on a lock", "waiting", ""),
        ("jobs not yet done (Redis)", "jobs", ""),
    )
    for label, key, unit in lines:
        mean, peak = usage[key]
        print(f"  {label:<46}{mean:>8.1f}{unit} / {peak:.0f}{unit}")
    from jixiao.platform.config import Settings
    from jixiao.platform.db import POOL_OVERFLOW

    pools = (workers + 1) * (Settings.from_env(os.environ).db_pool_size + POOL_OVERFLOW)
    limits = {
        "one jixiao serve process (one core: the GIL)": usage["serve_busiest"][0] / 100,
        "the jixiao worker (one core: the GIL)": usage["worker"][0] / 100,
        f"the machine's {CORES} cores": usage["machine"][0] / (100 * CORES),
        f"database connections (pools of {pools})": usage["connections"][1] / pools,
    }
    print("how near its limit (CPU: mean; connections: peak):")
    for label, share in sorted(limits.items(), key=lambda item: -item[1]):
        print(f"  {label:<52}{share * 100:>6.0f}% of its limit")
    first = max(limits, key=lambda label: limits[label])
    print(f"nearest its limit first: {first}")
    if step.waits:
        waiting = usage["waiting"]
        print(
            f"  lock waits: {waiting[0]:.1f} sessions on average, {waiting[1]:.0f} at most; seen:"
        )
        for query, seen in step.waits.most_common(3):
            print(f"    {seen:>4} × {query}")
    if usage["jobs"][0] >= 5:
        print("  (jobs waited in Redis through the run: the worker was behind)")
    if usage["others"][0] >= 50:
        print(
            f"  (other processes used {usage['others'][0]:.0f}% of a core on average: the"
            " figures above are of a shared machine)"
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
