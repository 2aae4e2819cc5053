"""`jixiao scheme import|export` on the configured database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.engine import compute, load_data, load_scheme, results_to_dict
from jixiao.schemes.inputs import engine_inputs
from tests.schemes.conftest import World
from tests.schemes.support import big_data_file, parse_export, snapshot

runner = CliRunner()


@pytest.fixture
def env(world: World) -> dict[str, str]:
    settings = world.database.settings
    values = {"JIXIAO_DATA_DIR": str(settings.data_dir), "JIXIAO_ENV": "test"}
    if settings.database_url:
        values["JIXIAO_DATABASE_URL"] = settings.database_url
    return values


def test_import_by_command_then_compute(
    world: World, env: dict[str, str], example_dir: Path
) -> None:
    done = runner.invoke(
        app,
        [
            "scheme", "import", str(example_dir / "scheme.yaml"),
            "--tenant", world.tenant.code, "--data", str(example_dir / "data.yaml"),
        ],
        env=env,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"imported scheme jinfeng-2015 into tenant {world.tenant.code}")
    with world.database.tenant_session(world.tenant.id) as session:
        inputs = engine_inputs(session, "jinfeng-2015")
    for period in ("Q1", "Q2", "Q4", "annual"):
        expected = json.loads((example_dir / f"results.{period}.json").read_text("utf-8"))
        produced = results_to_dict(compute(inputs.scheme, inputs.data, period))
        for unit in produced["units"]:
            unit.pop("explain")
        assert produced == expected, period
    exported = runner.invoke(
        app, ["scheme", "export", "jinfeng-2015", "--tenant", world.tenant.code, "--with-data"],
        env=env,
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    scheme, data = parse_export(exported.stdout)
    assert scheme == load_scheme(example_dir / "scheme.yaml")
    assert data == load_data(example_dir / "data.yaml", scheme)


def test_a_bad_file_exits_2_naming_the_entry(
    world: World, env: dict[str, str], example_dir: Path, tmp_path: Path
) -> None:
    data = big_data_file(tmp_path, example_dir, entries=1000, bad_at=17)
    before = snapshot(world.database, world.tenant.id)
    done = runner.invoke(
        app,
        [
            "scheme", "import", str(example_dir / "scheme.yaml"),
            "--tenant", world.tenant.code, "--data", str(data),
        ],
        env=env,
    )  # fmt: skip
    assert done.exit_code == 2
    assert "scores[17].unit" in done.stderr
    assert done.stdout == ""
    assert snapshot(world.database, world.tenant.id) == before


def test_unknown_tenant_and_scheme(world: World, env: dict[str, str]) -> None:
    nobody = runner.invoke(app, ["scheme", "export", "x", "--tenant", "nobody"], env=env)
    assert nobody.exit_code == 2
    assert "nobody" in nobody.stderr
    missing = runner.invoke(app, ["scheme", "export", "x", "--tenant", world.tenant.code], env=env)
    assert missing.exit_code == 2
    assert "没有代码为「x」的考评方案" in missing.stderr
