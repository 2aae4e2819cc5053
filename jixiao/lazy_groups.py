"""Command groups of the `jixiao` command that are imported only when one of them runs.

`jixiao --help` lists them from the help text given here, so starting the command (and running
`jixiao simulate`) loads neither the ORM nor GraphQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, ClassVar

import typer
from typer import _click
from typer.core import TyperGroup


@dataclass(frozen=True, slots=True)
class LazyGroup:
    """A sub-command group: its name, where its Typer app lives, and its one-line help."""

    name: str
    module: str
    attribute: str
    help: str

    def load(self) -> typer.Typer:
        """Import the group's Typer app."""
        loaded: typer.Typer = getattr(import_module(self.module), self.attribute)
        return loaded


class LazyTyperGroup(TyperGroup):
    """A Typer group whose `lazy` sub-groups stand as placeholders until one of them is called."""

    lazy: ClassVar[tuple[LazyGroup, ...]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for group in self.lazy:
            self.commands[group.name] = _Placeholder(name=group.name, help=group.help)

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """Load the real group before click parses its arguments."""
        if args:
            self.load(args[0])
        return super().resolve_command(ctx, args)

    def load(self, name: str) -> _click.Command | None:
        """The sub-command called `name`, importing its group first if it is still a placeholder."""
        command = self.commands.get(name)
        if isinstance(command, _Placeholder):
            group = next(group for group in self.lazy if group.name == name)
            command = typer.main.get_group(group.load())
            command.name = name
            self.commands[name] = command
        return command


class _Placeholder(TyperGroup):
    """Stands for a lazy group in the help listing."""
