"""What one user's first requests cost the server, alone: the sign-in and the first home page with
nothing kept yet, then the same page again (the subject then kept).

The deadline day (bench/deadline_day.py) starts its users over the first 10 s: a storm of
sign-ins and of first, uncached home pages. This script sends the same requests one after the
other, one user at a time, to one `jixiao serve` process on an otherwise idle machine, so each
figure is the service time of that request (the first five users are left out: the process's
own first requests). Same world as the deadline day: PostgreSQL with the app role, Redis, the
demo tenant and `--users` virtual users of 金凤区; the database is dropped at the end.

Run: `.venv/bin/python bench/first_requests.py [--users 40]` (CI: `--users 8`).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import redis
from deadline_client import Stats, percentile
from deadline_day import NAME, REDIS, environment, serving
from deadline_mix import BELL, SCHEMES, SIGN_IN, VIEWER, VirtualUser
from deadline_world import World, build
from engine import line
from pgworld import drop_database, jixiao

WARM_UP = 5  # users whose requests are the process's first ever: not counted
STEPS = (
    ("signIn", "signIn", SIGN_IN),
    ("Viewer, first", "Viewer", VIEWER),
    ("SchemesHome, first", "SchemesHome", SCHEMES),
    ("MyNotifications, first", "MyNotifications", BELL),
    ("Viewer, again", "Viewer", VIEWER),
    ("SchemesHome, again", "SchemesHome", SCHEMES),
    ("MyNotifications, again", "MyNotifications", BELL),
)


async def one_by_one(world: World, port: int, users: int) -> dict[str, list[float]]:
    stats = Stats()
    times: dict[str, list[float]] = {label: [] for label, _, _ in STEPS}
    for index, account in enumerate(world.accounts[:users]):
        user = VirtualUser(world, account, index, port, stats, think=0.0)
        try:
            await user.browser.request("GET", "/healthz")  # the CSRF cookie, as a page load
            for label, op, query in STEPS:
                variables: dict[str, object] = {}
                if op == "signIn":
                    variables = {
                        "tenant": world.tenant,
                        "username": account.username,
                        "password": world.password,
                    }
                elif op == "MyNotifications":
                    variables = {"first": 8, "unreadOnly": False}
                start = time.perf_counter()
                data = await user.call(op, query, variables)
                if data is None:
                    raise SystemExit(f"{op} of {account.username} failed: {dict(stats.failures)}")
                if index >= WARM_UP:
                    times[label].append(time.perf_counter() - start)
        finally:
            await user.browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40, help="users, one after the other")
    args = parser.parse_args()
    if args.users <= WARM_UP:
        parser.error(f"--users: more than {WARM_UP} (the first {WARM_UP} are not counted)")
    redis.Redis.from_url(REDIS).flushdb()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        try:
            env = environment(Path(tmp))
            jixiao(env, "migrate")
            world = build(env, args.users)
            with serving(env, tmp, workers=1) as (port, _):
                times = asyncio.run(one_by_one(world, port, args.users))
        finally:
            drop_database(NAME)
    counted = args.users - WARM_UP
    print(f"\none user at a time, {counted} users, one jixiao serve process (median, p95)")
    for label, seconds in times.items():
        ordered = sorted(seconds)
        line(
            label,
            f"{percentile(ordered, 0.5) * 1000:.1f} ms",
            f"p95 {percentile(ordered, 0.95) * 1000:.1f} ms",
        )


if __name__ == "__main__":
    main()
