"""The `jixiao` command: demo, serve, worker, migrate, tenant, operator, db, simulate, scheme,
results.

Starting it imports neither the ORM nor GraphQL: each command imports what it needs, and the
command groups that need the database are loaded only when one of them runs (`lazy_groups`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from typing import Annotated, NoReturn

import typer

from jixiao.engine.cli import simulate
from jixiao.lazy_groups import LazyGroup, LazyTyperGroup
from jixiao.platform.commands import fail, settings_from_env
from jixiao.platform.config import Settings

app = typer.Typer(
    cls=LazyTyperGroup,
    help="绩效考评平台 Jixiao",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database administration (PostgreSQL roles)", no_args_is_help=True)

# Listed in this order after the commands; each help text is checked against the group's own
# in tests/test_cli_start.py.
LazyTyperGroup.lazy = (
    LazyGroup(
        "tenant",
        "jixiao.tenants.cli",
        "tenant_app",
        "Tenants: onboard, list, suspend, resume, export, delete",
    ),
    LazyGroup(
        "operator",
        "jixiao.identity.operator_cli",
        "operator_app",
        "Platform operators: create, list",
    ),
    LazyGroup("db", "jixiao.cli", "db_app", "Database administration (PostgreSQL roles)"),
    LazyGroup(
        "backup",
        "jixiao.platform.backup_cli",
        "backup_app",
        "Backups: create, restore, verify (database and files)",
    ),
    LazyGroup(
        "scheme",
        "jixiao.schemes.cli",
        "scheme_app",
        "Schemes: import and export jixiao.scheme/1 and jixiao.data/1 files",
    ),
    LazyGroup(
        "results",
        "jixiao.scoring.runs.cli",
        "results_app",
        "Results: compute and store a scheme's results",
    ),
)


@app.command("migrate")
def migrate_command() -> None:
    """Bring the database schema up to date (PostgreSQL: as the owner role, then grants), and
    seal the audit chains still ending in an event hashed before the key."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.audit.search import seal_chains
    from jixiao.platform.db import Database, migrate

    settings = settings_from_env()
    migrate(settings)
    typer.echo(f"database is up to date ({'PostgreSQL' if settings.is_postgres else 'SQLite'})")
    if settings.database_url is None and settings.migration_database_url is not None:
        typer.echo("audit chains not sealed: set JIXIAO_DATABASE_URL (the app role) to seal them")
        return
    database = Database(settings)
    try:
        sealed = seal_chains(database)
    finally:
        database.dispose()
    if sealed:
        typer.echo(f"sealed the audit chains of {sealed} tenants with the key")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="API processes sharing the port (more than 1: PostgreSQL and Redis only)",
        ),
    ] = 1,
) -> None:
    """Serve the API and the portal (jobs run in-process unless JIXIAO_REDIS_URL is set)."""
    import uvicorn

    from jixiao.platform.requestid import configure_logging

    settings = settings_from_env()
    configure_logging(json_lines=settings.json_logs)
    from jixiao.platform import tracing

    tracing.configure("jixiao-api")
    listen = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_config": None,
        "proxy_headers": True,
    }
    if workers == 1:
        from jixiao.app import create_app

        uvicorn.run(create_app(settings), **listen)  # type: ignore[arg-type]
        return
    for problem in check_several_processes(settings, workers):
        typer.echo(problem, err=True)
    # /metrics adds up every process's figures from files in this folder (prometheus_client's
    # multiprocess mode), emptied at each start; the processes inherit the variable.
    import os
    import shutil

    shared = (settings.data_dir / "metrics").resolve()
    shutil.rmtree(shared, ignore_errors=True)
    shared.mkdir(parents=True)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(shared))
    # Each process builds its own app from the environment (`app_from_env`); uvicorn's parent
    # restarts a process that dies.
    uvicorn.run("jixiao.app:app_from_env", factory=True, workers=workers, **listen)  # type: ignore[arg-type]


# Connections kept free of the API processes: administration, workers, the scheduler.
CONNECTION_RESERVE = 10


def check_several_processes(settings: Settings, workers: int) -> list[str]:
    """Refuse (exit 2) a configuration that `workers` API processes cannot share; the warnings
    to print when their connection pools together may outgrow PostgreSQL's limit."""
    if not settings.is_postgres:
        raise fail(
            "--workers: several API processes need PostgreSQL (JIXIAO_DATABASE_URL); the "
            "embedded SQLite database takes one writer at a time"
        )
    if not settings.redis_url:
        raise fail(
            "--workers: several API processes need Redis (JIXIAO_REDIS_URL): without it each "
            "process keeps its own jobs and rate-limit counts"
        )
    import psycopg
    from sqlalchemy.engine import make_url

    from jixiao.platform.db import POOL_OVERFLOW

    url = make_url(settings.effective_database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as conn:
        row = conn.execute("SHOW max_connections").fetchone()
    limit = int(row[0]) if row else 100
    needed = workers * (settings.db_pool_size + POOL_OVERFLOW)
    if needed <= limit - CONNECTION_RESERVE:
        return []
    return [
        f"warning: {workers} processes × (JIXIAO_DB_POOL_SIZE {settings.db_pool_size} + "
        f"{POOL_OVERFLOW} overflow) = {needed} connections at most, PostgreSQL allows "
        f"{limit} (keep {CONNECTION_RESERVE} for administration, workers and the scheduler): "
        "lower JIXIAO_DB_POOL_SIZE or put PgBouncer in front (infra/SCALING.md)"
    ]


@app.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after seeding")
    ] = True,
) -> None:
    """Migrate the embedded database, seed the demo tenants (kept across runs) and serve."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.audit.search import seal_chains
    from jixiao.demo import seed_demo
    from jixiao.platform.db import Database, migrate
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = settings_from_env()
    migrate(settings)
    database = Database(settings)
    seal_chains(database)
    with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
        created = seed_demo(database)
        drain()
    from jixiao.demo import DEMO_PASSWORD, demo_accounts

    accounts = demo_accounts(database)
    database.dispose()
    typer.echo(f"demo tenants: {'created ' + ', '.join(created) if created else 'already present'}")
    typer.echo(
        f"demo accounts (those marked * still have the first password {DEMO_PASSWORD}, "
        "to be changed at first sign-in; the others' passwords were changed):"
    )
    for account in accounts:
        mark = "*" if account.first_password else " "
        typer.echo(
            f" {mark} tenant {account.tenant:<9} user {account.username:<11} role {account.role}"
        )
    url = f"http://{host or settings.host}:{port or settings.port}/"
    typer.echo(f"portal:  {url}\ngraphql: {url}graphql")
    if serve_after:
        from jixiao.workers.scheduler import build_scheduler

        # Periodic jobs (reminders, audit checks, retention) from this process, as `scheduler`.
        scheduler_db = Database(settings)
        scheduler = build_scheduler(scheduler_db, blocking=False)
        scheduler.start()
        try:
            serve(host=host, port=port)
        finally:
            scheduler.shutdown(wait=False)
            scheduler_db.dispose()


@app.command("scheduler")
def scheduler_command(
    once: Annotated[bool, typer.Option("--once", help="Fire every periodic job now, exit")] = False,
) -> None:
    """Enqueue the periodic jobs (reminders, audit verification, retention) on schedule."""
    from jixiao.platform.requestid import configure_logging
    from jixiao.workers.scheduler import PERIODIC_JOBS, run_scheduler_process

    settings = settings_from_env()
    configure_logging(json_lines=settings.json_logs)
    if not once:
        for job in PERIODIC_JOBS:
            typer.echo(f"  {job.hour:02d}:{job.minute:02d}  {job.actor:<26} {job.description}")
    counts = run_scheduler_process(settings, once=once)
    for actor, tenants in (counts or {}).items():
        typer.echo(f"{actor}: sent for {tenants} tenants")


@app.command()
def worker(
    threads: Annotated[int, typer.Option(min=1, max=64, help="Worker threads")] = 4,
) -> None:
    """Run jobs from Redis (JIXIAO_REDIS_URL) until interrupted."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.platform.db import Database
    from jixiao.platform.requestid import configure_logging
    from jixiao.workers.broker import setup_broker, start_worker

    settings = settings_from_env()
    if not settings.redis_url:
        raise fail("JIXIAO_REDIS_URL is not set: without Redis, jobs run inside `jixiao serve`")
    configure_logging(json_lines=settings.json_logs)
    from jixiao.platform import tracing

    tracing.configure("jixiao-worker")
    if settings.worker_metrics_port:
        # Its jobs' durations and outcomes (platform/metrics.py), for Prometheus to scrape.
        from prometheus_client import start_http_server

        start_http_server(settings.worker_metrics_port, addr=settings.host)
    database = Database(settings)
    broker = setup_broker(settings, database, mode="redis")
    running = start_worker(broker, threads=threads)
    from jixiao.platform import heap

    heap.settle()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    typer.echo(f"worker running with {threads} threads; Ctrl-C to stop")
    stop.wait()
    running.stop()
    database.dispose()


@db_app.command("create-roles")
def db_create_roles(
    admin_url: Annotated[
        str, typer.Option(help="Superuser URL, e.g. postgresql://postgres@127.0.0.1/postgres")
    ],
    owner: Annotated[
        str, typer.Option(help="Role that owns the tables and runs migrations")
    ] = "jixiao_owner",
    app_role: Annotated[
        str, typer.Option("--app", help="Role the application connects as")
    ] = "jixiao_app",
    database: Annotated[
        str | None, typer.Option(help="Create this database owned by the owner")
    ] = None,
) -> None:
    """Create the two PostgreSQL roles of the two-wall tenancy (idempotent)."""
    from jixiao.platform.migrate import create_roles

    for line in create_roles(admin_url, owner=owner, app=app_role, database=database):
        typer.echo(line)


@app.command("graphql-schema")
def graphql_schema(
    check: Annotated[bool, typer.Option(help="Fail if the committed SDL is out of date")] = False,
) -> None:
    """Write (or check) the committed SDL, jixiao/graphql/schema.graphql, and the portal's
    scoring-method rules generated beside it (portal/src/api/methods.generated.ts)."""
    from jixiao.graphql.portal_rules import PORTAL_RULES_PATH, portal_rules
    from jixiao.graphql.schema import SDL_PATH, sdl

    for path, current in ((SDL_PATH, sdl()), (PORTAL_RULES_PATH, portal_rules())):
        if not check:
            path.write_text(current, encoding="utf-8")
            typer.echo(f"wrote {path}")
        elif not path.exists() or path.read_text(encoding="utf-8") != current:
            raise fail(f"{path} is out of date: run `jixiao graphql-schema`")


@app.command("api-docs")
def api_docs(
    check: Annotated[bool, typer.Option(help="Fail if docs/api/ is out of date")] = False,
) -> None:
    """Write (or check) the API reference and guide in docs/api/, from the committed SDL."""
    from pathlib import Path

    from jixiao.graphql.reference import GUIDE_PATH, reference_markdown

    folder = Path(__file__).resolve().parents[1] / "docs" / "api"
    wanted = {
        folder / "reference.md": reference_markdown(),
        folder / "guide.md": GUIDE_PATH.read_text("utf-8"),
    }
    if check:
        stale = [
            p.name for p, text in wanted.items() if not p.exists() or p.read_text("utf-8") != text
        ]
        if stale:
            raise fail(f"docs/api/{', '.join(stale)} out of date: run `jixiao api-docs`")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {path}")


app.command("simulate")(simulate)


def main() -> None:
    """Run the `jixiao` command."""
    app()


def run() -> NoReturn:
    """The installed `jixiao` command: `main`, then leave the way a short-lived command should.

    The exit handlers run (logging is flushed, pools are closed) and the output is flushed, but
    the interpreter does not free its objects one by one on the way out: after a city-scale
    `simulate` or `results compute` that took 1.4 s of a 10 s run, for memory the operating
    system takes back at once. An error escapes as usual (a traceback, exit code 1).
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        code = _exit_code(done.code)
    for stream in (sys.stdout, sys.stderr):
        # a reader that went away, or a stream already closed
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


def _exit_code(code: object) -> int:
    """What `sys.exit(code)` would leave the process with (a message is written to stderr)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1
