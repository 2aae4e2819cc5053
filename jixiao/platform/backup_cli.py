"""`jixiao backup create | restore | verify` (platform/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.platform.config import Settings

backup_app = typer.Typer(
    help="Backups: create, restore, verify (database and files)", no_args_is_help=True
)

AdminUrl = Annotated[
    str,
    typer.Option(
        "--admin-url",
        help="A role that bypasses row-level security, e.g. postgresql://postgres@127.0.0.1/postgres",
    ),
]


def _settings() -> Settings:
    from jixiao.platform.commands import settings_from_env

    return settings_from_env()


@backup_app.command("create")
def create(dest: Annotated[Path, typer.Argument(help="A new folder")], admin_url: AdminUrl) -> None:
    """Back up the database (pg_dump) and the file store, with a manifest to verify against."""
    from jixiao.platform import backup
    from jixiao.platform.commands import fail

    try:
        manifest = backup.create(_settings(), admin_url, dest)
    except backup.BackupError as error:
        raise fail(str(error)) from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    typer.echo(
        f"backup in {dest}: {len(manifest['tables'])} tables, {rows} rows, "
        f"{len(manifest['files'])} files, revision {', '.join(manifest['revision'])}"
    )


@backup_app.command("restore")
def restore(
    source: Annotated[Path, typer.Argument(help="A folder made by `backup create`")],
    admin_url: AdminUrl,
) -> None:
    """Recreate the database (it must not exist) and the files, then verify them."""
    from jixiao.platform import backup
    from jixiao.platform.commands import fail

    settings = _settings()
    try:
        backup.restore(settings, admin_url, source)
        problems = backup.verify(settings, admin_url, source)
    except backup.BackupError as error:
        raise fail(str(error)) from None
    if problems:
        raise fail("restored, but it differs from the backup:\n" + "\n".join(problems))
    typer.echo(f"restored from {source}; every table and file matches the backup")


@backup_app.command("verify")
def verify(
    source: Annotated[Path, typer.Argument(help="A folder made by `backup create`")],
    admin_url: AdminUrl,
) -> None:
    """Compare the live database and files with a backup's manifest (exit 1 on a difference)."""
    from jixiao.platform import backup
    from jixiao.platform.commands import fail

    try:
        problems = backup.verify(_settings(), admin_url, source)
    except backup.BackupError as error:
        raise fail(str(error)) from None
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(1)
    typer.echo("every table and file matches the backup")
