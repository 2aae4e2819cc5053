"""Rate limits on /graphql: exact under concurrency (Redis, one script per hit), per party and
per address, answered with 429 and Retry-After."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.requests import HTTPConnection
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.platform.ratelimit import MemoryLimiter, RedisLimiter, Verdict, make_limiter
from tests.factories import GraphQLClient, make_tenant, tenant_user

T = TypeVar("T")

VIEWER = "{ viewer { authenticated } }"


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on its own loop in its own thread: a browser test earlier in the same
    worker (Playwright's sync API) leaves an event loop running on the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_concurrent_hits_on_redis_pass_exactly_the_limit(redis_url: str) -> None:
    # Through the app's own bounded pool: 100 connections opened at once timed out on a loaded
    # machine, and the limiter, failing open, let all 100 through.
    async def hits() -> tuple[list[Verdict], Verdict]:
        limiter = make_limiter(redis_url, f"test-{uuid.uuid4().hex}")
        assert isinstance(limiter, RedisLimiter)
        try:
            verdicts = await asyncio.gather(*(limiter.hit("user:one", 60) for _ in range(100)))
            return list(verdicts), await limiter.hit("user:other", 60)
        finally:
            await limiter.client.aclose()

    verdicts, other = run(hits())
    assert sum(v.allowed for v in verdicts) == 60
    refused = [v for v in verdicts if not v.allowed]
    assert all(1 <= v.retry_after_s <= 60 for v in refused)
    assert other.allowed  # each key its own window


def test_hundreds_of_requests_at_once_wait_for_a_connection(redis_url: str) -> None:
    """redis-py refuses a 101st connection of its default pool: a deadline day's requests in
    flight got HTTP 500 from the limiter. The app's limiter waits for one of its own."""

    async def hits() -> tuple[list[Verdict], Verdict]:
        limiter = make_limiter(redis_url, f"test-{uuid.uuid4().hex}")
        assert isinstance(limiter, RedisLimiter)
        try:
            verdicts = await asyncio.gather(*(limiter.hit("user:one", 300) for _ in range(300)))
            return list(verdicts), await limiter.hit("user:one", 300)
        finally:
            await limiter.client.aclose()

    verdicts, last = run(hits())
    assert all(verdict.allowed for verdict in verdicts)
    assert not last.allowed  # every one of the 300 was counted (none let through uncounted)


def test_requests_go_on_when_redis_cannot_count() -> None:
    async def hit() -> Verdict:
        limiter = make_limiter("redis://127.0.0.1:1/0", "test")  # nothing listens there
        assert isinstance(limiter, RedisLimiter)
        try:
            return await limiter.hit("user:one", 1)
        finally:
            await limiter.client.aclose()

    assert run(hit()).allowed


def test_a_window_ends_and_memory_counts_exactly_too() -> None:
    now = [1000.0]
    limiter = MemoryLimiter(clock=lambda: now[0])
    with ThreadPoolExecutor(max_workers=16) as pool:
        verdicts = list(pool.map(lambda _: limiter.count("addr:x", 5), range(40)))
    assert sum(v.allowed for v in verdicts) == 5
    now[0] += 59
    assert run(limiter.hit("addr:x", 5)).retry_after_s == 1
    now[0] += 1
    assert run(limiter.hit("addr:x", 5)).allowed


def test_graphql_answers_429_past_the_party_and_the_address_limits(database: Database) -> None:
    settings = database.settings.with_changes(
        rate_limit_per_minute=3, rate_limit_address_per_minute=5
    )
    client = GraphQLClient(Database(settings, engine=database.engine))
    tenant = make_tenant(database, "金凤区")
    first, second = tenant_user(tenant, "notice:read"), tenant_user(tenant, "notice:read")
    for _ in range(3):
        assert "errors" not in client.execute(VIEWER, subject=first)
    client.subject = first
    limited = client.http.post("/graphql", json={"query": VIEWER})
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # another user from the same address still gets in, until the address's own limit (5)
    client.subject = second
    answers = [client.http.post("/graphql", json={"query": VIEWER}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 429]
    # and another address is counted on its own
    elsewhere = TestClient(
        create_app(settings, database=Database(settings, engine=database.engine)),
        client=("10.7.7.7", 50000),
    )
    assert elsewhere.post("/graphql", json={"query": VIEWER}).status_code == 200


def test_the_app_counts_in_redis_when_it_has_one(database: Database, redis_url: str) -> None:
    settings = database.settings.with_changes(
        redis_url=redis_url,
        queue_namespace=f"test-{uuid.uuid4().hex}",
        rate_limit_per_minute=2,
        rate_limit_address_per_minute=100,
    )
    subject = tenant_user(make_tenant(database, "金凤区"), "notice:read")

    async def authenticate(_connection: HTTPConnection) -> Subject:
        return subject

    app = create_app(
        settings,
        database=Database(settings, engine=database.engine),
        authenticate=authenticate,
        run_worker=False,
    )
    with TestClient(app) as http:  # one event loop for the requests, as under uvicorn
        codes = [http.post("/graphql", json={"query": VIEWER}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_answers_say_where_the_party_stands_and_a_tenant_shares_one_limit(
    database: Database,
) -> None:
    """Every answer to a signed-in party carries X-RateLimit-Limit/-Remaining/-Reset (the
    tighter of its own and its tenant's); past the tenant's limit, shared by all its users and
    tokens, every user of that tenant gets 429, and another tenant's users do not."""
    settings = database.settings.with_changes(
        rate_limit_per_minute=10, rate_limit_tenant_per_minute=4, rate_limit_address_per_minute=100
    )
    client = GraphQLClient(Database(settings, engine=database.engine))
    tenant, other = make_tenant(database, "金凤区"), make_tenant(database, "西夏区")
    first, second = tenant_user(tenant, "notice:read"), tenant_user(tenant, "notice:read")
    client.subject = first
    answer = client.http.post("/graphql", json={"query": VIEWER})
    assert answer.status_code == 200
    assert answer.headers["X-RateLimit-Limit"] == "4"  # the tenant's, tighter than the user's 10
    assert answer.headers["X-RateLimit-Remaining"] == "3"
    assert 1 <= int(answer.headers["X-RateLimit-Reset"]) <= 60
    for _ in range(2):
        assert client.http.post("/graphql", json={"query": VIEWER}).status_code == 200
    client.subject = second
    last = client.http.post("/graphql", json={"query": VIEWER})
    assert (last.status_code, last.headers["X-RateLimit-Remaining"]) == (200, "0")
    refused = client.http.post("/graphql", json={"query": VIEWER})
    assert refused.status_code == 429
    assert "本单位请求过于频繁" in refused.json()["errors"][0]["message"]
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    client.subject = tenant_user(other, "notice:read")
    assert client.http.post("/graphql", json={"query": VIEWER}).status_code == 200
