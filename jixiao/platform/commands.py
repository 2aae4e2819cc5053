"""What every `jixiao` command shares: settings from the environment, and how a command fails.

Commands live beside their domain (`tenants/cli.py`, `schemes/cli.py`…) and are loaded lazily by
`jixiao/cli.py`; they take these from here rather than from the root command they are part of.
"""

from __future__ import annotations

import typer

from jixiao.platform.config import Settings, SettingsError


def settings_from_env() -> Settings:
    """The settings, or exit 2 with the reason (a bad `JIXIAO_*` value)."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


def fail(message: str) -> typer.Exit:
    """The exit a command raises for bad input: the message on stderr, exit code 2."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)
