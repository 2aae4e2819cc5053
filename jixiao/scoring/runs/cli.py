"""`jixiao results`: compute a stored scheme's results and print them like `jixiao simulate`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

import jixiao.models  # noqa: F401 - every table, before the database opens
from jixiao.engine.cli import OutputFormat
from jixiao.engine.collector import collector_paused
from jixiao.engine.formats import dump_results
from jixiao.engine.table import render_table
from jixiao.platform.auth import Subject, TenantRef
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.scoring.runs import queries, service, snapshot, sources
from jixiao.scoring.runs.models import Period

BAD_INPUT = 2
results_app = typer.Typer(
    help="Results: compute and store a scheme's results", no_args_is_help=True
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(BAD_INPUT)


@contextmanager
def _tenant(code: str) -> Iterator[tuple[JixiaoSession, Subject]]:
    """A session of the tenant with this code, and the command line as the actor."""
    from jixiao.platform.schema_version import is_current
    from jixiao.tenants.service import find_tenant

    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise _fail(str(error)) from None
    if not is_current(settings):
        raise _fail("the database is not up to date: run `jixiao migrate` first")
    database = Database(settings)
    try:
        with database.platform_session() as platform:
            tenant = find_tenant(platform, code)
        if tenant is None:
            raise _fail(f"--tenant: 没有代码为「{code}」的租户")
        actor = Subject(
            kind="system",
            tenant=TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value),
            display_name="命令行",
        )
        with database.tenant_session(tenant.id) as session:
            yield session, actor
    finally:
        database.dispose()


def _write(text: str) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
    else:
        stream.write(text.encode("utf-8"))
    sys.stdout.flush()


@results_app.command("compute")
def compute_command(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant code, e.g. jinfeng")],
    scheme: Annotated[str, typer.Option("--scheme", help="Scheme code, e.g. jinfeng-2015")],
    period: Annotated[
        str, typer.Option("--period", help="annual or one of the scheme's periods (Q1..Q4)")
    ] = Period.ANNUAL.value,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="json (jixiao.results/1) or table")
    ] = OutputFormat.JSON,
) -> None:
    """Compute and store results (the same inputs give the same run) and print them."""
    # A short-lived process holding a whole scheme's inputs: the collector would only walk them
    # again and again after each few thousand rows read back (see `compute_run`).
    with collector_paused(age=True), _tenant(tenant) as (session, actor):
        try:
            computed = service.compute_run(session, scheme, period, actor=actor)
            run = computed.run
            results = snapshot.stored_results(run, queries.run_units(session, run.id))
            engine_scheme = (
                sources.load_inputs(session, scheme).scheme
                if output_format is OutputFormat.TABLE
                else None
            )
            session.commit()
        except DomainError as error:
            raise _fail(f"{error.field or 'results'}: {error.message}") from None
    if engine_scheme is None:
        _write(dump_results(results))
    else:
        _write(render_table(engine_scheme, results) + "\n")
    state = "新计算" if computed.created else "输入未变，沿用已有结果"
    typer.echo(
        f"结果 {run.id}（{service.PERIOD_LABELS[run.period]}，"
        f"{service.STATUS_LABELS[run.status]}，{state}）",
        err=True,
    )
