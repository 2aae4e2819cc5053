"""Composition root: builds the Starlette app (routes, middleware, lifespan)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import anyio.to_thread
import dramatiq
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

import jixiao.models  # noqa: F401 - every table, before the database opens
from jixiao.graphql.answering import Answering
from jixiao.graphql.assignments.files import evidence_file_routes
from jixiao.graphql.audit.files import archive_file_routes
from jixiao.graphql.notices.files import notice_file_routes
from jixiao.graphql.public_results.public import public_results_routes
from jixiao.graphql.reference_routes import api_docs_routes
from jixiao.graphql.reports.files import report_file_routes
from jixiao.graphql.scoring.records.files import record_file_routes
from jixiao.graphql.surveys.public import survey_public_routes
from jixiao.graphql.view import AuthenticatedEndpoint, GraphQLView
from jixiao.identity.authenticate import make_authenticator
from jixiao.platform import heap, metrics
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.csrf import CSRFMiddleware
from jixiao.platform.db import Database
from jixiao.platform.headers import SecurityHeadersMiddleware
from jixiao.platform.health import readiness_endpoint
from jixiao.platform.ratelimit import make_limiter
from jixiao.platform.requestid import RequestIdMiddleware
from jixiao.platform.spa import SinglePageApp
from jixiao.policies import enforcer
from jixiao.workers.broker import current_broker, setup_broker, start_worker
from jixiao.workers.observe import queue_reader

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    authenticate: Authenticator | None = None,
    run_worker: bool | None = None,
) -> Starlette:
    """The ASGI app: GraphQL at /graphql, health at /healthz, the portal at /.

    Without JIXIAO_REDIS_URL the jobs run in this process (in-process broker and worker);
    `run_worker=False` leaves them queued (tests that drive the worker themselves).
    """
    db = database or Database(settings)
    authenticator = authenticate or make_authenticator(db, settings)
    limiter = make_limiter(settings.redis_url, settings.queue_namespace)
    answering = (
        Answering(db, settings.answer_cache_mb * 1024 * 1024) if settings.answer_cache_mb else None
    )
    endpoint = AuthenticatedEndpoint(GraphQLView(settings, db), authenticator, limiter, answering)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        broker = setup_broker(settings, db)
        # Hear the other processes' changes (heads, ended sessions, policies) through Redis.
        db.changes.listen(enforcer.heard)
        db.changes.start()
        worker: dramatiq.Worker | None = None
        in_process = settings.redis_url is None if run_worker is None else run_worker
        if in_process:
            worker = start_worker(broker)
        heap.settle()  # everything this process needs to answer is built: see the module
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            db.changes.stop()
            if database is None:
                db.dispose()

    async def healthz(_request: Request) -> JSONResponse:
        """Liveness: the process answers; readiness (`/readyz`) checks what it depends on."""
        return JSONResponse({"status": "ok"})

    metrics.SCRAPE.readers = [
        metrics.pool_gauges(lambda: _pool_status(db)),
        metrics.queue_gauges(lambda: queue_reader(current_broker())()),
    ]

    return Starlette(
        routes=[
            Route("/graphql", endpoint, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readiness_endpoint(db, settings.metrics_token)),
            Route("/metrics", metrics.metrics_endpoint(settings.metrics_token, metrics.registry())),
            *api_docs_routes(),
            *notice_file_routes(settings, db, authenticator),
            *archive_file_routes(settings, db, authenticator),
            *evidence_file_routes(settings, db, authenticator),
            *record_file_routes(settings, db, authenticator),
            *report_file_routes(settings, db, authenticator),
            *survey_public_routes(db, limiter, settings.effective_secret_key()),
            *public_results_routes(db, limiter, min(settings.answer_cache_mb, 8) * 1024 * 1024),
            Mount("/", app=SinglePageApp(settings.portal_dir)),
        ],
        middleware=[
            Middleware(metrics.MetricsMiddleware),
            Middleware(
                SecurityHeadersMiddleware,
                hsts_max_age=settings.hsts_max_age,
                graphiql_path=None if settings.is_production else "/graphql",
            ),
            Middleware(RequestIdMiddleware),
            Middleware(
                CSRFMiddleware,
                secure=settings.secure_cookies,
                secret=settings.effective_secret_key(),
            ),
        ],
        lifespan=lifespan,
    )


def _pool_status(db: Database) -> tuple[int, int]:
    pool = db.engine.pool
    checked_out = getattr(pool, "checkedout", None)
    size = getattr(pool, "size", None)
    return (
        int(checked_out()) if callable(checked_out) else 0,
        int(size()) if callable(size) else 0,
    )


def app_from_env() -> Starlette:
    """The app of one of `jixiao serve --workers N`'s processes: uvicorn starts each worker
    from this import path, and each reads the settings from the environment it inherits."""
    from jixiao.platform import tracing
    from jixiao.platform.requestid import configure_logging

    settings = Settings.from_env()
    configure_logging(json_lines=settings.json_logs)
    tracing.configure("jixiao-api")
    return create_app(settings)
