"""Benchmark of imports against the database's own floor, on a fresh PostgreSQL database.

Builds bench/engine.py's city-scale scheme and data (3,000 units, 60 leaves, 4 periods, about
230 score rows per unit), creates a fresh database with the owner and app roles, and measures
in the same run:

- floor: psycopg `COPY … FROM STDIN` (`write_row`) of the very rows the import writes (scores,
  ratings, adjustments, city items, last year's outcomes; the same time-ordered ids) into the
  same tables, with their keys, indexes and foreign keys, as the superuser (COPY is refused
  under row-level security), rolled back and vacuumed afterwards; the rows are built before
  the clock starts;
- `jixiao scheme import FILE --tenant … --data FILE`: the whole process, as the app role;
- the GraphQL path: `startSchemeImport` through the ASGI app, the job on the in-process
  worker, `schemeImportJob` polled until it is done (in a process of its own);

each with its ratio to the floor (target <= 3), the SQL statements it sent and its peak RSS.

Run: `.venv/bin/python bench/import.py [--units 3000] [--admin-url postgresql://postgres@…]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.engine import build_data_doc, build_scheme_doc  # noqa: E402

DATABASE, OWNER, APP = "jixiao_bench_import", "jixiao_bench_owner", "jixiao_bench_app"
# Run first in a child: counts the SQL statements it sends; prints them and its peak RSS.
COUNTER = """
import atexit, resource, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
count = [0]
event.listen(Engine, "before_cursor_execute", lambda *a: count.__setitem__(0, count[0] + 1))
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
atexit.register(lambda: sys.stderr.write(f"{count[0]} statements, peak RSS {rss()} MiB\\n"))
"""


def line(label: str, value: str, note: str = "") -> None:
    print(f"{label:<46}{value:>12}  {note}".rstrip(), flush=True)


def documents(units: int) -> tuple[dict[str, Any], dict[str, Any]]:
    scheme = build_scheme_doc(units)
    data = build_data_doc(scheme, random.Random(2015))
    for leaf in scheme["scheme"]["indicators"][0]["children"]:
        leaf.pop("_kind", None)
    return scheme, data


def fresh_database(admin_url: str) -> dict[str, str]:
    """Drop and create the benchmark database with its roles; returns the environment."""
    import psycopg
    from sqlalchemy.engine import make_url

    from jixiao.platform.migrate import create_roles

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    create_roles(admin_url, owner=OWNER, app=APP, database=DATABASE)
    base = make_url(admin_url).set(database=DATABASE, password=None)
    url = lambda role: base.set(username=role).render_as_string(hide_password=False)  # noqa: E731
    env = dict(os.environ, JIXIAO_ENV="test", JIXIAO_DB_APP_ROLE=APP)
    env.update(JIXIAO_MIGRATION_DATABASE_URL=url(OWNER), JIXIAO_DATABASE_URL=url(APP))
    env.pop("JIXIAO_REDIS_URL", None)
    env["JIXIAO_DATA_DIR"] = tempfile.mkdtemp(prefix="jixiao-bench-")
    env["JIXIAO_BENCH_ADMIN_URL"] = base.render_as_string(hide_password=False)
    jixiao("migrate", env=env)
    for code in ("floor", "cli", "graphql"):
        jixiao("tenant", "create", code, "--name", f"基准{code}", env=env)
    return env


def jixiao(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from jixiao.cli import run; run()", *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"jixiao {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def copy_floor(env: dict[str, str], data: dict[str, Any], scheme_file: Path) -> float:
    """COPY the import's rows into the same tables (superuser, one transaction, rolled back)."""
    from datetime import UTC, datetime
    from decimal import Decimal

    import psycopg

    from jixiao.platform.orm import uuid7

    jixiao("scheme", "import", str(scheme_file), "--tenant", "floor", env=env)  # the parents
    admin = env["JIXIAO_BENCH_ADMIN_URL"]
    with psycopg.connect(admin) as connection:
        (tenant,) = connection.execute("SELECT id FROM tenant WHERE code = 'floor'").fetchone()
        (scheme,) = connection.execute(
            "SELECT id FROM scheme WHERE tenant_id = %s", (tenant,)
        ).fetchone()
        ids = {
            table: dict(
                connection.execute(
                    f"SELECT {key}, id FROM {table} WHERE tenant_id = %s AND " + where, (tenant,)
                ).fetchall()
            )
            for table, key, where in (
                ("unit", "code", "true"),
                ("indicator", "code", "is_leaf"),
                ("scheme_component", "code", "true"),
            )
        }
        units, leaves, parts = ids["unit"], ids["indicator"], ids["scheme_component"]
        now, d = datetime.now(UTC), lambda v: None if v is None else str(Decimal(str(v)))
        rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {
            "score": (
                ["indicator_id", "period", "scorer", "value", "actual", "met", "incidents",
                 "rank", "source", "status", "entered_at", "entered_by", "reason"],
                [(leaves[s["indicator"]], s["period"], s.get("scorer", ""), d(s.get("value")),
                  d(s.get("actual")), s.get("met"), s.get("incidents"), s.get("rank"), "import",
                  "recorded", now, "系统", "") for s in data["scores"]],
            ),
            "rating": (
                ["component_id", "value", "rater", "source"],
                [(parts[r["component"]], d(r["value"]), "", "import") for r in data["ratings"]],
            ),
            "adjustment": (
                ["kind", "points", "reason", "source"],
                [(a["kind"], d(a["points"]), a["reason"], "import") for a in data["adjustments"]],
            ),
            "city_item": (["item", "last"], [(c["item"], c["last"]) for c in data["city_items"]]),
            "previous_outcome": (
                ["last_in_group"], [(p["last_in_group"],) for p in data["previous"]]
            ),
        }  # fmt: skip
        sections = {"score": "scores", "rating": "ratings", "adjustment": "adjustments"}
        sections |= {"city_item": "city_items", "previous_outcome": "previous"}
        full = {
            table: (
                ["tenant_id", "id", "scheme_id", "unit_id", "seq", *columns],
                [
                    (tenant, uuid7(), scheme, units[entry["unit"]], seq, *values)
                    for seq, (entry, values) in enumerate(
                        zip(data[sections[table]], tuples, strict=True)
                    )
                ],
            )
            for table, (columns, tuples) in rows.items()
        }
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for table, (columns, values) in full.items():
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
        elapsed = time.perf_counter() - start
        connection.rollback()
    with psycopg.connect(admin, autocommit=True) as connection:
        for table in full:
            connection.execute(f"VACUUM ANALYZE {table}")
    return elapsed


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, str, str]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])}… failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout, done.stderr


def graphql_child(scheme_file: str, data_file: str) -> None:
    """In a process of its own: startSchemeImport, the in-process job, poll until done."""
    exec(COUNTER, {})
    from starlette.testclient import TestClient

    from jixiao.app import create_app
    from jixiao.platform.auth import Subject, TenantRef
    from jixiao.platform.config import Settings
    from jixiao.platform.db import Database
    from jixiao.tenants.service import find_tenant
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = Settings.from_env()
    database = Database(settings)
    with database.platform_session() as session:
        tenant = find_tenant(session, "graphql")
    assert tenant is not None
    subject = Subject(
        kind="user",
        tenant=TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value),
        display_name="基准",
        permissions=frozenset({"scheme:write"}),
    )

    async def authenticate(_connection: Any) -> Subject:
        return subject

    start = time.perf_counter()
    text, data_text = Path(scheme_file).read_text("utf-8"), Path(data_file).read_text("utf-8")
    client = TestClient(create_app(settings, database=database, authenticate=authenticate))
    with inprocess_worker(setup_broker(settings, database, mode="inprocess")):
        body = client.post("/graphql", json={
            "query": "mutation($t: String!, $d: String) { startSchemeImport(text: $t, "
                     "dataText: $d) { job { id } errors { message } } }",
            "variables": {"t": text, "d": data_text},
        }).json()  # fmt: skip
        del text, data_text
        job_id = body["data"]["startSchemeImport"]["job"]["id"]
        query = "query($id: ID!) { schemeImportJob(id: $id) { status stage done total errors { message } } }"  # noqa: E501
        while True:
            time.sleep(0.2)
            job = client.post("/graphql", json={"query": query, "variables": {"id": job_id}})
            state = job.json()["data"]["schemeImportJob"]
            sys.stderr.write(f"{state['stage']} {state['done']}/{state['total']}\n")
            if state["status"] in ("SUCCEEDED", "FAILED"):
                break
    print(json.dumps({"seconds": time.perf_counter() - start, "job": state}))
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--graphql-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.graphql_child:
        graphql_child(*args.graphql_child)
        return
    scheme, data = documents(args.units)
    rows = sum(len(data[k]) for k in ("scores", "ratings", "adjustments", "city_items", "previous"))
    env = fresh_database(args.admin_url)
    with tempfile.TemporaryDirectory() as folder:
        scheme_file, data_file = Path(folder) / "scheme.json", Path(folder) / "data.json"
        scheme_file.write_text(json.dumps(scheme, ensure_ascii=False), encoding="utf-8")
        data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        del scheme
        print(f"scheme: {args.units} units, 60 leaves, 4 periods; data: {rows:,} rows, "
              f"{data_file.stat().st_size / 1e6:.1f} MB JSON; database {DATABASE}")  # fmt: skip
        floor = copy_floor(env, data, scheme_file)
        del data
        line("floor  psycopg COPY of the same rows", f"{floor:.2f} s")
        counted = [sys.executable, "-c", COUNTER + "from jixiao.cli import run; run()"]
        command = ["scheme", "import", str(scheme_file), "--tenant", "cli"]
        cli, out, err = timed_child([*counted, *command, "--data", str(data_file)], env)
        line("jixiao scheme import (whole process)", f"{cli:.2f} s", out.strip())
        line("  ratio to the COPY floor", f"{cli / floor:.2f}", "(target <= 3)")
        line("  " + err.strip().splitlines()[-1], "")
        child = [sys.executable, __file__, "--graphql-child", str(scheme_file), str(data_file)]
        _, out, err = timed_child(child, env)
        result = json.loads(out.strip().splitlines()[-1])
        seconds = result["seconds"]
        line("GraphQL startSchemeImport → job done", f"{seconds:.2f} s", result["job"]["status"])
        line("  ratio to the COPY floor", f"{seconds / floor:.2f}", "(target <= 3)")
        line("  " + err.strip().splitlines()[-1], "")


if __name__ == "__main__":
    main()
