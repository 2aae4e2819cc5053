"""The `jixiao` command: demo, serve, worker, migrate, tenant, db, simulate."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database, JixiaoSession, migrate
from jixiao.platform.errors import DomainError
from jixiao.tenants.models import TenantLevel, TenantStatus

app = typer.Typer(
    help="绩效考评平台 Jixiao",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
tenant_app = typer.Typer(help="Tenants: onboard, list, suspend, resume", no_args_is_help=True)
db_app = typer.Typer(help="Database administration (PostgreSQL roles)", no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(db_app, name="db")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("migrate")
def migrate_command() -> None:
    """Bring the database schema up to date (PostgreSQL: as the owner role, then grants)."""
    settings = _settings()
    migrate(settings)
    typer.echo(f"database is up to date ({'PostgreSQL' if settings.is_postgres else 'SQLite'})")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
) -> None:
    """Serve the API and the portal (jobs run in-process unless JIXIAO_REDIS_URL is set)."""
    import uvicorn

    from jixiao.app import create_app
    from jixiao.platform.requestid import configure_logging

    settings = _settings()
    configure_logging()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        proxy_headers=True,
    )


@app.command()
def demo(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after seeding")
    ] = True,
) -> None:
    """Migrate the embedded database, seed the demo tenants (kept across runs) and serve."""
    from jixiao.demo import seed_demo
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = _settings()
    migrate(settings)
    database = Database(settings)
    with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
        created = seed_demo(database)
        drain()
    database.dispose()
    from jixiao.demo import DEMO_PASSWORD, demo_accounts

    typer.echo(f"demo tenants: {'created ' + ', '.join(created) if created else 'already present'}")
    typer.echo(f"demo accounts (password {DEMO_PASSWORD}, to be changed at first sign-in):")
    for account in demo_accounts():
        typer.echo(f"  tenant {account.tenant:<9} user {account.username:<11} role {account.role}")
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

    settings = _settings()
    configure_logging()
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
    from jixiao.platform.requestid import configure_logging
    from jixiao.workers.broker import setup_broker, start_worker

    settings = _settings()
    if not settings.redis_url:
        raise _fail("JIXIAO_REDIS_URL is not set: without Redis, jobs run inside `jixiao serve`")
    configure_logging()
    database = Database(settings)
    broker = setup_broker(settings, database, mode="redis")
    running = start_worker(broker, threads=threads)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    typer.echo(f"worker running with {threads} threads; Ctrl-C to stop")
    stop.wait()
    running.stop()
    database.dispose()


@tenant_app.command("create")
def tenant_create(
    code: Annotated[str, typer.Argument(help="Tenant code, e.g. jinfeng")],
    name: Annotated[str, typer.Option("--name", help="Full name, e.g. 金凤区")],
    level: Annotated[
        TenantLevel, typer.Option(help="city, district or county")
    ] = TenantLevel.DISTRICT,
    parent: Annotated[str | None, typer.Option(help="Code of the parent tenant")] = None,
) -> None:
    """Onboard a government: the tenant and what it starts with."""
    from jixiao.tenants import service

    with _tenant_service() as session:
        try:
            onboarded = service.onboard_tenant(
                session,
                service.OnboardTenant(code=code, name=name, level=level, parent_code=parent),
            )
            session.commit()
        except DomainError as error:
            raise _fail(f"{error.field or 'tenant'}: {error.message}") from None
    tenant = onboarded.tenant
    typer.echo(f"created tenant {tenant.code} ({tenant.name}, {tenant.level.value})")
    for account in onboarded.accounts:
        typer.echo(
            f"  {account.role:<15} {account.username:<11} 一次性密码 {account.one_time_password}"
        )


@tenant_app.command("list")
def tenant_list() -> None:
    """List every tenant."""
    from jixiao.tenants import service

    with _tenant_service() as session:
        after: str | None = None
        while True:
            page = service.list_tenants(session, first=100, after=after)
            for tenant in page.items:
                typer.echo(
                    f"{tenant.code:<16} {tenant.level.value:<9} "
                    f"{tenant.status.value:<10} {tenant.name}"
                )
            if not page.has_next:
                break
            after = page.cursors[-1]


@tenant_app.command("suspend")
def tenant_suspend(code: str) -> None:
    """Suspend a tenant: its sessions and tokens are refused."""
    _set_status(code, TenantStatus.SUSPENDED)


@tenant_app.command("resume")
def tenant_resume(code: str) -> None:
    """Resume a suspended tenant."""
    _set_status(code, TenantStatus.ACTIVE)


def _set_status(code: str, status: TenantStatus) -> None:
    from jixiao.tenants import service

    with _tenant_service() as session:
        try:
            tenant = service.set_status(session, code, status)
            session.commit()
        except DomainError as error:
            raise _fail(error.message) from None
    typer.echo(f"tenant {tenant.code} is {tenant.status.value}")


@contextmanager
def _tenant_service() -> Iterator[JixiaoSession]:
    """A platform session; its jobs go to Redis, or run in this process before it exits."""
    from jixiao.platform.migrate import is_current
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = _settings()
    if not is_current(settings):
        raise _fail("the database is not up to date: run `jixiao migrate` first")
    database = Database(settings)
    broker = setup_broker(settings, database)
    try:
        if settings.redis_url:
            with database.platform_session() as session:
                yield session
        else:
            with inprocess_worker(broker) as drain:
                with database.platform_session() as session:
                    yield session
                drain()
    finally:
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
    """Write (or check) the committed SDL, jixiao/graphql/schema.graphql."""
    from jixiao.graphql.schema import SDL_PATH, sdl

    current = sdl()
    if check:
        if not SDL_PATH.exists() or SDL_PATH.read_text(encoding="utf-8") != current:
            raise _fail(f"{SDL_PATH} is out of date: run `jixiao graphql-schema`")
        return
    SDL_PATH.write_text(current, encoding="utf-8")
    typer.echo(f"wrote {SDL_PATH}")


def _register_simulate() -> None:
    try:
        from jixiao.engine.cli import simulate
    except ImportError:  # the engine lands with its own issue
        return
    app.command("simulate")(simulate)


_register_simulate()


def _register_scheme() -> None:
    from jixiao.schemes.cli import scheme_app

    app.add_typer(scheme_app, name="scheme")


_register_scheme()


def _register_results() -> None:
    from jixiao.scoring.runs.cli import results_app

    app.add_typer(results_app, name="results")


_register_results()


def main() -> None:
    app()
