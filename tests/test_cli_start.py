"""The `jixiao` command starts without the ORM or GraphQL, and its lazy groups are the real ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.lazy_groups import LazyTyperGroup

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "jixiao" / "engine" / "examples" / "jinfeng-2015"
HEAVY = ("sqlalchemy", "sqlmodel", "strawberry")

# Imports the CLI, reports what is loaded, runs the given arguments, reports again.
PROBE = """
import json, sys
import jixiao.cli
heavy = {heavy!r}
print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)
sys.argv = ["jixiao", *{args!r}]
try:
    jixiao.cli.main()
except SystemExit as done:
    code = done.code
else:
    code = 0
print(json.dumps([code, [m for m in heavy if m in sys.modules]]), file=sys.stderr)
"""


def probe(*args: str) -> tuple[list[str], int, list[str], str]:
    """Modules loaded after importing the CLI, and exit code and modules after running it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY, args=list(args))],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    lines = done.stderr.strip().splitlines()
    after_import = json.loads(lines[0])
    code, after_run = json.loads(lines[-1])
    return after_import, code, after_run, done.stdout


def test_importing_the_cli_and_simulating_load_no_orm_or_graphql() -> None:
    loaded, code, after, stdout = probe(
        "simulate", str(EXAMPLE / "scheme.yaml"), str(EXAMPLE / "data.yaml"), "--period", "Q2"
    )
    assert loaded == []
    assert (code, after) == (0, [])
    produced = json.loads(stdout)
    for unit in produced["units"]:
        del unit["explain"]  # the expected file leaves the explanations out
    assert produced == json.loads((EXAMPLE / "results.Q2.json").read_text(encoding="utf-8"))


def test_help_lists_every_group_without_loading_them() -> None:
    loaded, code, after, stdout = probe("--help")
    assert (loaded, code, after) == ([], 0, [])
    for name in ("simulate", "tenant", "db", "scheme", "results"):
        assert name in stdout


def test_a_lazy_group_loads_when_called() -> None:
    _, code, after, stdout = probe("tenant", "--help")
    assert code == 0
    assert "sqlmodel" in after
    assert "onboard" in stdout.lower() or "create" in stdout


@pytest.mark.parametrize("group", LazyTyperGroup.lazy, ids=lambda group: group.name)
def test_the_listed_help_is_the_groups_own(group: object) -> None:
    from jixiao.lazy_groups import LazyGroup

    assert isinstance(group, LazyGroup)
    assert group.load().info.help == group.help
    result = CliRunner().invoke(app, [group.name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
