"""Prometheus metrics of an API process: `/metrics`.

What is measured:

- `jixiao_http_requests_total` and `jixiao_http_request_seconds`, by route and, on `/graphql`, by
  operation (`query:rankings`, `mutation:submitReport`: the kind and first root field, read from
  the request body by the endpoint; a name the schema does not have counts as `invalid`, so a
  client cannot grow the label set) and status class (2xx, 4xx, 5xx);
- `jixiao_graphql_errors_total` by operation and error code (answers with `errors`);
- `jixiao_jobs_total` and `jixiao_job_seconds` by actor and outcome (the worker's middleware,
  `workers/observe.py`), and at scrape time each queue's depth and its oldest message's age
  (Redis) and the database pool's connections in use;
- `jixiao_cache_lookups_total` by cache (answers, subjects) and outcome (hit, miss).

`jixiao serve --workers N` runs N processes: `PROMETHEUS_MULTIPROC_DIR` (set by `serve` to a
fresh folder under the data folder) makes each scrape add up every process's figures.

Who may read it: with `JIXIAO_METRICS_TOKEN` set, a scraper sends it as `Authorization: Bearer`;
unset, only clients on the loopback address are answered (a scraper on the same host, or a
sidecar); everyone else gets 404, as if there were no such page.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.platform import tracing
from jixiao.platform.requestid import request_id_var, tenant_var

disable_created_metrics()  # type: ignore[no-untyped-call] # the `_created` series only double what a scrape shows
REQUESTS = Counter(
    "jixiao_http_requests_total", "HTTP requests answered", ["route", "operation", "status"]
)
LATENCY = Histogram(
    "jixiao_http_request_seconds",
    "Time to answer an HTTP request",
    ["route", "operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
GRAPHQL_ERRORS = Counter(
    "jixiao_graphql_errors_total", "GraphQL answers carrying errors", ["operation", "code"]
)
JOBS = Counter("jixiao_jobs_total", "Jobs run by workers", ["actor", "outcome"])
JOB_SECONDS = Histogram(
    "jixiao_job_seconds",
    "Time a job ran",
    ["actor"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900),
)
log = logging.getLogger(__name__)
CACHE = Counter("jixiao_cache_lookups_total", "Cache lookups", ["cache", "outcome"])

# What `route` may be: the first segment of the path among these, else "other" (bounded).
_ROUTES = frozenset({"graphql", "healthz", "readyz", "metrics", "files", "public"})


def route_of(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in _ROUTES else ("portal" if not first else "other")


def cache_lookup(cache: str, hit: bool) -> None:
    CACHE.labels(cache, "hit" if hit else "miss").inc()


class MetricsMiddleware:
    """Times every HTTP request; the GraphQL endpoint names the operation in
    `scope["state"]["operation"]` (and the error codes of its answer in `"error_codes"`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        route = route_of(scope["path"])
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with tracing.server_span(f"{scope['method']} /{route}", headers) as span:
            try:
                await self.app(scope, receive, send_status)
            finally:
                state = scope.get("state") or {}
                operation = str(state.get("operation", "-"))
                LATENCY.labels(route, operation).observe(time.perf_counter() - started)
                REQUESTS.labels(route, operation, f"{status[0] // 100}xx").inc()
                for code in state.get("error_codes") or ():
                    GRAPHQL_ERRORS.labels(operation, code).inc()
                if span is not None:
                    _describe(span, scope, operation, status[0])


def _describe(span: Any, scope: Scope, operation: str, status: int) -> None:
    if operation != "-":
        span.update_name(operation)
    span.set_attribute("http.request.method", scope["method"])
    span.set_attribute("url.path", scope["path"])
    span.set_attribute("http.response.status_code", status)
    span.set_attribute("jixiao.request_id", request_id_var.get())
    if (tenant := tenant_var.get()) != "-":
        span.set_attribute("jixiao.tenant", tenant)


class ScrapeTime(Collector):
    """Figures read when scraped: queue depth and age (Redis), database pool use. One per
    process; the app built last names what to read (`SCRAPE.readers`)."""

    def __init__(self) -> None:
        self.readers: list[Callable[[], Iterable[GaugeMetricFamily]]] = []

    def describe(self) -> list[GaugeMetricFamily]:
        return []  # nothing is read when registered

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for reader in list(self.readers):
            try:
                yield from reader()
            except Exception:
                log.warning("a metric could not be read at scrape time", exc_info=True)


SCRAPE = ScrapeTime()


def pool_gauges(pool_status: Callable[[], tuple[int, int]]) -> Callable[[], list[Any]]:
    """`pool_status()` → (connections checked out, pool size)."""

    def read() -> list[Any]:
        used, size = pool_status()
        in_use = GaugeMetricFamily("jixiao_db_pool_in_use", "Database connections in use")
        in_use.add_metric([], used)
        capacity = GaugeMetricFamily("jixiao_db_pool_size", "Database connections kept")
        capacity.add_metric([], size)
        return [in_use, capacity]

    return read


def queue_gauges(queues: Callable[[], list[tuple[str, int, float | None]]]) -> Callable[[], Any]:
    """`queues()` → [(queue name, messages waiting, age in seconds of the oldest or None)]."""

    def read() -> list[Any]:
        depth = GaugeMetricFamily("jixiao_queue_depth", "Jobs waiting", labels=["queue"])
        age = GaugeMetricFamily(
            "jixiao_queue_oldest_seconds", "Age of the oldest job waiting", labels=["queue"]
        )
        for name, waiting, oldest in queues():
            depth.add_metric([name], waiting)
            age.add_metric([name], oldest or 0.0)
        return [depth, age]

    return read


def registry() -> CollectorRegistry:
    """The registry `/metrics` shows: every process's figures under `serve --workers N`
    (`PROMETHEUS_MULTIPROC_DIR`), else this process's; with the scrape-time figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shown = CollectorRegistry()
        MultiProcessCollector(shown)  # type: ignore[no-untyped-call]
        shown.register(SCRAPE)
        return shown
    return REGISTRY


def metrics_endpoint(token: str | None, registry: CollectorRegistry) -> Callable[[Request], Any]:
    async def metrics(request: Request) -> Response:
        if not allowed(request, token):
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


def allowed(request: Request, token: str | None) -> bool:
    """A scraper with the metrics token, or without one configured a client on loopback."""
    if token:
        sent = request.headers.get("authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    client = request.client
    return client is not None and client.host in {"127.0.0.1", "::1", "localhost"}


REGISTRY.register(SCRAPE)
