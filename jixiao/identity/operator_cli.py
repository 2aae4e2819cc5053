"""`jixiao operator create|list`: platform operators, made at the server's console."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jixiao.platform.commands import fail, settings_from_env

operator_app = typer.Typer(help="Platform operators: create, list", no_args_is_help=True)


@operator_app.command("create")
def operator_create(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. zhang.wei")],
    name: Annotated[str, typer.Option("--name", help="Full name, e.g. 张伟")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input (its first line)"
        ),
    ] = False,
) -> None:
    """Create a platform operator; the password is asked (hidden), never taken from arguments."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.identity.operators import create_operator
    from jixiao.platform.db import Database
    from jixiao.platform.errors import DomainError
    from jixiao.platform.schema_version import is_current

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码 (password)", hide_input=True, confirmation_prompt=True)
    settings = settings_from_env()
    if not is_current(settings):
        raise fail("the database is not up to date: run `jixiao migrate` first")
    database = Database(settings)
    try:
        with database.platform_session() as session:
            operator = create_operator(
                session, username=username, display_name=name, password=password
            )
            session.commit()
    except DomainError as error:
        raise fail(f"{error.field or 'operator'}: {error.message}") from None
    finally:
        database.dispose()
    typer.echo(
        f"created platform operator {operator.username} ({operator.display_name}); "
        "an authenticator app is set up at first sign-in"
    )


@operator_app.command("list")
def operator_list() -> None:
    """List every platform operator."""
    import jixiao.models  # noqa: F401 - every table, before the database opens
    from jixiao.identity.queries import list_operators
    from jixiao.platform.db import Database

    database = Database(settings_from_env())
    try:
        with database.platform_session() as session:
            for operator in list_operators(session):
                second = "totp" if operator.totp_enabled_at else "-"
                typer.echo(
                    f"{operator.username:<20} {operator.status.value:<9} {second:<5} "
                    f"{operator.display_name}"
                )
    finally:
        database.dispose()
