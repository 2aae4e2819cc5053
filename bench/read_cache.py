"""Benchmark: a published ranking through `jixiao serve`, cached and not, against a raw endpoint.

A fresh PostgreSQL database (bench/pgworld.py, N units, the app role) with the annual result
computed and published, a leader (领导小组) and an API token of theirs with `result:read`. Then,
measured in the same run with one keep-alive connection each, the median of `--repeat` requests:

- floor: a raw orjson endpoint (Starlette on uvicorn, like `jixiao serve`) answering the same
  rows (the run's units × the 15 fields below) from memory;
- floor of item 2: bare graphql-core (parse, validate, execute, orjson) running the same query
  against the committed SDL over the same answer's rows in memory, in this process;
- `jixiao serve` with `JIXIAO_ANSWER_CACHE_MB=0`: the `rankings` query by POST, run each time;
- `jixiao serve` (cache on): the same POST answered from the cache, and the persisted query by
  GET revalidated with `If-None-Match` (304).

Prints each figure and its ratio to its floor (issue 14 item 1: a cached answer <= 2x the raw
endpoint; item 2: an uncached answer <= 1.5x bare graphql-core).
Run: `.venv/bin/python bench/read_cache.py [--units 500] [--repeat 200]`.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from engine import line
from pgworld import JIXIAO, ROOT, SCHEME, app_database, drop_database, free_port, world

FIELDS = (
    "unitCode unitName unitKind groupCode groupName headcount total rank overallRank "
    "baseGrade grade flags bonusAmount bonus deductions"
)
QUERY = (
    "query Rankings($scheme: String!) { rankings(schemeCode: $scheme, period: ANNUAL) "
    f"{{ run {{ id status }} units {{ {FIELDS} }} }} }}"
)
TARGET = 2.0
CORE_TARGET = 1.5
# The raw endpoint: the same rows, read once, answered as orjson (the floor).
RAW_APP = """
import orjson, psycopg, sys
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
url, tenant = sys.argv[1], sys.argv[2]
with psycopg.connect(url) as conn:
    conn.execute("SELECT set_config('jixiao.tenant_id', %s, false)", (tenant,))
    cursor = conn.execute(
        "SELECT unit_code, unit_name, unit_kind, group_code, group_name, headcount, total::text,"
        " rank, overall_rank, base_grade, grade, flags, bonus_amount::text, bonus::text,"
        " deductions::text FROM result_unit WHERE run_id = (SELECT run_id FROM result_pointer"
        " WHERE period = 'annual') ORDER BY position")
    names = [d.name for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
async def raw(request):
    return Response(orjson.dumps({"data": {"units": rows}}), media_type="application/json")
app = Starlette(routes=[Route("/raw", raw)])
"""


def started(command: list[str], env: dict[str, str], port: int, path: str) -> subprocess.Popen:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"not serving on {port}: {' '.join(command)}")


def timed(port: int, repeat: int, send: Callable[[http.client.HTTPConnection], int]) -> float:
    """Median seconds of `repeat` requests on one keep-alive connection (after 10 warm-ups)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for index in range(repeat + 10):
        start = time.perf_counter()
        status = send(conn)
        elapsed = time.perf_counter() - start
        assert status in (200, 304), status
        if index >= 10:
            times.append(elapsed)
    conn.close()
    return statistics.median(times)


def post(token: str, extra: dict[str, Any] | None = None) -> Callable[..., int]:
    body = json.dumps({"query": QUERY, "variables": {"scheme": SCHEME}, **(extra or {})})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

    def send(conn: http.client.HTTPConnection) -> int:
        conn.request("POST", "/graphql", body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        assert b'"errors"' not in data, data[:300]
        return answer.status

    return send


def revalidated(token: str, digest: str, etag: str) -> Callable[..., int]:
    params = urlencode(
        {
            "operationName": "Rankings",
            "variables": json.dumps({"scheme": SCHEME}),
            "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
        }
    )
    headers = {"Authorization": f"Bearer {token}", "If-None-Match": etag}

    def send(conn: http.client.HTTPConnection) -> int:
        conn.request("GET", f"/graphql?{params}", headers=headers)
        answer = conn.getresponse()
        answer.read()
        return answer.status

    return send


def against_graphql_core(token: str, port: int, repeat: int, units: int) -> tuple[float, float]:
    """Median seconds of the uncached POST and of bare graphql-core answering the same query
    over the same rows, taken in turn (one of each, `repeat` times) so that both meet the same
    machine; and a check that the answer holds every unit (an empty one would measure nothing).
    """
    import graphql
    import orjson

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    send = post(token)
    conn.request(
        "POST",
        "/graphql",
        body=json.dumps({"query": QUERY, "variables": {"scheme": SCHEME}}),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    rows = json.loads(conn.getresponse().read())["data"]
    found = len(rows["rankings"]["units"])
    assert found == units, f"the answer holds {found} units, not {units}"
    sdl = (ROOT / "jixiao" / "graphql" / "schema.graphql").read_text(encoding="utf-8")
    schema = graphql.build_schema(sdl)
    served, bare = [], []
    for index in range(repeat + 10):
        start = time.perf_counter()
        assert send(conn) == 200
        middle = time.perf_counter()
        document = graphql.parse(QUERY)
        assert not graphql.validate(schema, document)
        result = graphql.execute(
            schema, document, root_value=rows, variable_values={"scheme": SCHEME}
        )
        assert isinstance(result, graphql.ExecutionResult)
        assert not result.errors, result.errors
        orjson.dumps({"data": result.data})
        if index >= 10:
            served.append(middle - start)
            bare.append(time.perf_counter() - middle)
    conn.close()
    assert result.data == rows  # the same answer, field for field
    return statistics.median(served), statistics.median(bare)


def raw(conn: http.client.HTTPConnection) -> int:
    conn.request("GET", "/raw")
    answer = conn.getresponse()
    answer.read()
    return answer.status


def publish_and_token(app_url: str) -> tuple[str, str]:
    """Compute and publish the annual result; a leader's token with result:read; the tenant."""
    from sqlmodel import select

    from jixiao.audit.service import SYSTEM
    from jixiao.identity import tokens
    from jixiao.identity.models import User
    from jixiao.identity.service import create_user
    from jixiao.policies.service import assign_roles
    from jixiao.scoring.runs import service
    from jixiao.tenants.models import Tenant

    database, tenant_id = app_database(app_url)
    try:
        with database.tenant_session(tenant_id) as session:
            run = service.compute_run(session, SCHEME, "annual", actor=SYSTEM).run
            for step in (service.review_run, service.approve_run, service.publish_run):
                step(session, run.id, actor=SYSTEM)
            user, _ = create_user(session, username="leader", display_name="李组长")
            user.must_change_password = False  # as after the first sign-in
            session.add(user)
            assign_roles(session, None, user.id, ["leadership"])
            session.commit()
        with database.platform_session() as platform:
            tenant = platform.exec(select(Tenant).where(Tenant.id == tenant_id)).one()
        with database.tenant_session(tenant_id) as session:
            leader = session.exec(select(User).where(User.username == "leader")).one()
            issued = tokens.create(
                session,
                tenant_code=tenant.code,
                user_id=leader.id,
                name="bench",
                scopes=["result:read"],
                allowed=frozenset({"result:read"}),
                days=1,
                actor=SYSTEM,
            )
            session.commit()
        return issued.secret, str(tenant_id)
    finally:
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    name = f"jixiao_bench_read_{args.units}"
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        built = world(args.units, Path(tmp), name)
        try:
            token, tenant_id = publish_and_token(built.app_url)
            raw_port, plain_port, cached_port = free_port(), free_port(), free_port()
            source = RAW_APP.replace(
                "sys.argv[1], sys.argv[2]", f"{built.app_url!r}, {tenant_id!r}"
            )
            (Path(tmp) / "raw.py").write_text(source, encoding="utf-8")
            uvicorn = [sys.executable, "-m", "uvicorn", "--port", str(raw_port)]
            raw_env = {**built.env, "PYTHONPATH": tmp}
            command = [*uvicorn, "--log-level", "warning", "raw:app"]
            processes.append(started(command, raw_env, raw_port, "/raw"))
            serve = [*JIXIAO, "serve", "--host", "127.0.0.1", "--port"]
            plain_env = {**built.env, "JIXIAO_ANSWER_CACHE_MB": "0"}
            processes.append(started([*serve, str(plain_port)], plain_env, plain_port, "/healthz"))
            processes.append(
                started([*serve, str(cached_port)], built.env, cached_port, "/healthz")
            )
            floor = timed(raw_port, args.repeat, raw)
            uncached, core = against_graphql_core(token, plain_port, args.repeat, args.units)
            digest = hashlib.sha256(QUERY.encode()).hexdigest()
            persisted = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
            conn = http.client.HTTPConnection("127.0.0.1", cached_port, timeout=30)
            post(token, persisted)(conn)  # registers the persisted query, fills the cache
            conn.request(
                "POST",
                "/graphql",
                body=json.dumps({"query": QUERY, "variables": {"scheme": SCHEME}}),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            answer = conn.getresponse()
            answer.read()
            etag = answer.headers["ETag"]
            assert answer.headers["X-Jixiao-Cache"] == "hit", answer.headers
            cached = timed(cached_port, args.repeat, post(token))
            not_modified = timed(cached_port, args.repeat, revalidated(token, digest, etag))
        finally:
            for process in processes:
                process.terminate()
                process.wait(30)
            drop_database(name)
    print(f"\nrankings of {args.units:,} units × 15 fields, median of {args.repeat} requests")
    line("floor   raw orjson endpoint, same rows", f"{floor * 1000:.2f} ms")
    line("floor   bare graphql-core, same query and rows", f"{core * 1000:.2f} ms")
    verdict = "ok" if uncached / core <= CORE_TARGET else "OVER"
    line(
        "uncached jixiao serve, POST",
        f"{uncached * 1000:.2f} ms",
        f"{uncached / floor:.1f}× raw, {uncached / core:.2f}× graphql-core"
        f" (target <= {CORE_TARGET:g}: {verdict})",
    )
    verdict = "ok" if cached / floor <= TARGET else "OVER"
    line(
        "cached  jixiao serve, POST",
        f"{cached * 1000:.2f} ms",
        f"{cached / floor:.1f}× (target <= {TARGET:g}: {verdict})",
    )
    line("304     persisted GET, If-None-Match", f"{not_modified * 1000:.2f} ms",
         f"{not_modified / floor:.1f}×")  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
