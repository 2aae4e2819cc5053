"""Liveness and readiness.

`/healthz` (liveness) answers as long as the process serves requests: a load balancer or
Kubernetes restarts a process that stops answering it, and it reads nothing else, so an outage of
the database does not restart every API process at once. `/readyz` (readiness) says whether this
process should receive traffic: the database answers, Redis answers (when configured), and the
database is at the newest migration this code knows, or at a newer release's (during a rolling
upgrade the previous release keeps serving: `schema_version.can_serve`); 503 with the failing
check named otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from jixiao.platform.db import Database
from jixiao.platform.metrics import allowed
from jixiao.platform.schema_version import can_serve, head_revisions


def _database(db: Database, heads: frozenset[str]) -> dict[str, str]:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        try:
            found = frozenset(
                conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
        except Exception:  # never migrated, or not readable by this role
            found = frozenset()
    if not can_serve(found):
        return {
            "migrations": f"database at {', '.join(sorted(found)) or 'none'}, "
            f"code expects {', '.join(sorted(heads))}: run `jixiao migrate`"
        }
    return {}


def _redis(url: str) -> dict[str, str]:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return {}


def readiness_endpoint(db: Database, token: str | None) -> Callable[[Request], Any]:
    """Who may read /metrics (`metrics._allowed`) reads the failing checks' details too; others
    get the status alone (hosts and versions are no one else's business)."""
    heads = head_revisions()
    redis_url = db.settings.redis_url

    async def readyz(request: Request) -> JSONResponse:
        problems: dict[str, str] = {}
        checks: list[tuple[str, Callable[[], dict[str, str]]]] = [
            ("database", lambda: _database(db, heads))
        ]
        if redis_url:
            checks.append(("redis", lambda: _redis(redis_url)))
        for name, check in checks:
            try:
                problems.update(await asyncio.to_thread(check))
            except Exception as error:  # the check's failure is the answer
                problems[name] = f"{type(error).__name__}: {str(error)[:200]}"
        if problems:
            body: dict[str, Any] = {"status": "unavailable"}
            if allowed(request, token):
                body["problems"] = problems
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready"})

    return readyz
