"""`jixiao tenant create|list|suspend|resume`: onboarding and status of governments."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

import jixiao.models  # noqa: F401 - every table, before the database opens
from jixiao.platform.commands import fail, settings_from_env
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.tenants.models import TenantLevel, TenantStatus

tenant_app = typer.Typer(
    help="Tenants: onboard, list, suspend, resume, export, delete", no_args_is_help=True
)


@tenant_app.command("create")
def tenant_create(
    code: Annotated[str, typer.Argument(help="Tenant code, e.g. jinfeng")],
    name: Annotated[str, typer.Option("--name", help="Full name, e.g. 金凤区")],
    level: Annotated[
        TenantLevel, typer.Option(help="city, district or county")
    ] = TenantLevel.DISTRICT,
    parent: Annotated[str | None, typer.Option(help="Code of the parent tenant")] = None,
    template: Annotated[
        str | None, typer.Option(help="Platform template of its first draft scheme")
    ] = None,
    year: Annotated[int | None, typer.Option(help="That scheme's year (default: now)")] = None,
) -> None:
    """Onboard a government: the tenant and what it starts with."""
    from jixiao.tenants import onboarding

    with _tenant_service() as session:
        try:
            onboarded = onboarding.onboard_tenant(
                session,
                onboarding.OnboardTenant(
                    code=code,
                    name=name,
                    level=level,
                    parent_code=parent,
                    template_code=template,
                    scheme_year=year,
                ),
            )
            session.commit()
        except DomainError as error:
            raise fail(f"{error.field or 'tenant'}: {error.message}") from None
    tenant = onboarded.tenant
    typer.echo(f"created tenant {tenant.code} ({tenant.name}, {tenant.level.value})")
    for account in onboarded.accounts:
        typer.echo(
            f"  {account.role:<15} {account.username:<11} 一次性密码 {account.one_time_password}"
        )
    if onboarded.scheme is not None:
        typer.echo(f"  draft scheme {onboarded.scheme.code} ({onboarded.scheme.name})")


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
            raise fail(error.message) from None
    typer.echo(f"tenant {tenant.code} is {tenant.status.value}")


@contextmanager
def _tenant_service() -> Iterator[JixiaoSession]:
    """A platform session; its jobs go to Redis, or run in this process before it exits."""
    from jixiao.platform.schema_version import is_current
    from jixiao.workers.broker import inprocess_worker, setup_broker

    settings = settings_from_env()
    if not is_current(settings):
        raise fail("the database is not up to date: run `jixiao migrate` first")
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


@tenant_app.command("export")
def tenant_export(
    code: str,
    dest: Annotated[Path, typer.Argument(help="A new .zip file")],
) -> None:
    """All of a tenant's data and files in one zip, for a government leaving the platform."""
    from jixiao.tenants.leaving import LeavingError, export_tenant

    database = Database(settings_from_env())
    try:
        manifest = export_tenant(database, code, dest)
    except LeavingError as error:
        raise fail(error.message) from None
    finally:
        database.dispose()
    rows = sum(manifest["tables"].values())
    typer.echo(
        f"{manifest['tenant']['name']}: {rows} rows, {len(manifest['files'])} files in {dest}"
    )


@tenant_app.command("delete")
def tenant_delete(
    code: str,
    export: Annotated[Path, typer.Option(help="The tenant's export, made beforehand")],
    certificate: Annotated[Path, typer.Option(help="Where to write the deletion certificate")],
    confirm: Annotated[str, typer.Option(help="The tenant's code again")],
) -> None:
    """Delete a suspended tenant, its rows and files, and write a signed certificate."""
    import json

    from jixiao.tenants.leaving import LeavingError, delete_tenant

    if confirm.strip().lower() != code.strip().lower():
        raise fail("--confirm must repeat the tenant's code")
    try:
        done = delete_tenant(settings_from_env(), code, export)
    except LeavingError as error:
        raise fail(error.message) from None
    certificate.write_text(json.dumps(done, ensure_ascii=False, indent=1), "utf-8")
    typer.echo(
        f"{done['tenant']['name']} deleted: {sum(done['rows_before'].values())} rows and "
        f"{done['files_removed']} files; certificate {certificate}"
    )
