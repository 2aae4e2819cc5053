"""Resource samples of bench/deadline_day.py: what the server side spends, once a second.

CPU % (100 = one core) of the process trees of `jixiao serve` and `jixiao worker`, of the
database's PostgreSQL backends and of this load generator, from /proc/<pid>/stat, and of the
whole machine from /proc/stat; the database's connections open, active and waiting on a lock
(pg_stat_activity: the statements that wait, and the state of the sessions holding the lock,
e.g. `idle in transaction` while their process is busy elsewhere); and the jobs enqueued in
Redis and not yet done.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from pgworld import ADMIN
from sqlalchemy.engine import make_url

# The database's sessions; of one waiting on a lock, the states of the sessions holding it.
ACTIVITY = """
SELECT a.pid, a.state, a.wait_event_type, a.query,
       ARRAY(SELECT coalesce(b.state, '?') FROM pg_stat_activity b
             WHERE b.pid = ANY(pg_blocking_pids(a.pid)))
FROM pg_stat_activity a WHERE a.datname = %s"""
TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
KEYS = (
    *("serve", "serve_busiest", "worker", "postgres", "client", "machine", "others"),
    *("connections", "active", "waiting", "jobs"),
)


def jobs_pending(client: redis.Redis) -> int:
    """Jobs enqueued and not yet done (dramatiq keeps each in `<namespace>:<queue>.msgs`)."""
    return sum(
        int(client.hlen(key))
        for key in client.scan_iter("jixiao:*.msgs")
        if not key.endswith(b".XQ.msgs")
    )


def proc_table() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks user + system) of every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def tree(table: dict[int, tuple[int, int]], root: int) -> set[int]:
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in table and pid not in found:
            found.add(pid)
            todo += [child for child, (parent, _) in table.items() if parent == pid]
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


@dataclass
class Reading:
    at: float
    ticks: dict[int, int]  # pid → CPU ticks
    groups: dict[str, set[int]]  # serve, worker, postgres, client → their pids
    machine: tuple[int, int]
    counts: dict[str, float]  # connections, active, jobs


class Sampler(threading.Thread):
    """Once a second: CPU % (100 = one core) of each group of processes, the database's
    connections open and active, the jobs not yet done."""

    def __init__(self, pids: dict[str, int], database: str, redis_url: str) -> None:
        super().__init__(daemon=True)
        self.pids, self.database, self.redis_url = pids, database, redis_url
        self.halt = threading.Event()
        self.rows: list[dict[str, float]] = []
        self.waits: Counter[str] = Counter()

    def run(self) -> None:
        admin = make_url(ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
        queue = redis.Redis.from_url(self.redis_url)
        with psycopg.connect(admin, autocommit=True) as conn:
            before = self.read(conn, queue)
            while not self.halt.wait(1.0):
                now = self.read(conn, queue)
                self.rows.append(compare(before, now))
                before = now

    def read(self, conn: psycopg.Connection, queue: redis.Redis) -> Reading:
        rows = conn.execute(ACTIVITY, (self.database,)).fetchall()
        waiting = [(query, holders) for _, _, wait, query, holders in rows if wait == "Lock"]
        self.waits.update(
            f"{' '.join(query.split())[:60]} ← held by {_holders(held)}" for query, held in waiting
        )
        table = proc_table()
        groups = {name: tree(table, pid) for name, pid in self.pids.items()}
        groups["postgres"] = {row[0] for row in rows}
        groups["client"] = {os.getpid()}
        counts = {
            "connections": float(len(rows)),
            "active": float(sum(1 for row in rows if row[1] == "active")),
            "waiting": float(len(waiting)),
            "jobs": float(jobs_pending(queue)),
        }
        ticks = {pid: spent for pid, (_, spent) in table.items()}
        return Reading(time.monotonic(), ticks, groups, machine_ticks(), counts)

    def summary(self) -> dict[str, tuple[float, float]]:
        keys = KEYS
        rows = self.rows or [dict.fromkeys(keys, 0.0)]
        return {k: (statistics.fmean(r[k] for r in rows), max(r[k] for r in rows)) for k in keys}


def compare(before: Reading, now: Reading) -> dict[str, float]:
    seconds = now.at - before.at

    def cpu(pid: int) -> float:
        if pid not in before.ticks or pid not in now.ticks:
            return 0.0
        return (now.ticks[pid] - before.ticks[pid]) / TICKS / seconds * 100

    row = {name: sum(map(cpu, pids)) for name, pids in now.groups.items()}
    row["serve_busiest"] = max(map(cpu, now.groups["serve"]), default=0.0)
    (busy0, total0), (busy1, total1) = before.machine, now.machine
    row["machine"] = (busy1 - busy0) / max(1, total1 - total0) * 100 * CORES
    ours = ("serve", "worker", "postgres", "client")
    row["others"] = max(0.0, row["machine"] - sum(row[name] for name in ours))
    return row | now.counts


def _holders(states: list[str]) -> str:
    if not states:
        return "a session gone by the time it was asked"
    return "a session " + " / ".join(sorted(set(states)))
