"""`jixiao results compute` on a stored scheme prints what `jixiao simulate` prints."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.platform.config import Settings
from tests.factories import EXAMPLE, SCHEME, Jinfeng
from tests.scoring.runs.support import run_count

runner = CliRunner()


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points the command at the test's database."""
    env = {
        "JIXIAO_ENV": "test",
        "JIXIAO_DATA_DIR": str(settings.data_dir),
        "JIXIAO_DB_APP_ROLE": settings.db_app_role,
    }
    if settings.database_url:
        env["JIXIAO_DATABASE_URL"] = settings.database_url
    if settings.migration_database_url:
        env["JIXIAO_MIGRATION_DATABASE_URL"] = settings.migration_database_url
    return env


def compute(jinfeng: Jinfeng, *options: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["results", "compute", "--tenant", jinfeng.tenant.code, "--scheme", SCHEME, *options],
        env=cli_env(jinfeng.database.settings),
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("period", ["Q1", "Q2", "Q4", "annual"])
def test_compute_prints_the_expected_results(jinfeng: Jinfeng, period: str) -> None:
    code, out, err = compute(jinfeng, "--period", period, "--format", "json")
    assert code == 0, err
    produced = json.loads(out)
    for unit in produced["units"]:
        assert unit.pop("explain") is not None
    expected = json.loads((EXAMPLE / f"results.{period}.json").read_text(encoding="utf-8"))
    assert produced == expected


def test_output_is_byte_for_byte_that_of_simulate(jinfeng: Jinfeng) -> None:
    simulated = runner.invoke(
        app, ["simulate", str(EXAMPLE / "scheme.yaml"), str(EXAMPLE / "data.yaml")]
    )
    assert simulated.exit_code == 0
    code, out, _ = compute(jinfeng)
    assert code == 0
    assert out == simulated.stdout  # explanations included


def test_computing_again_reuses_the_run(jinfeng: Jinfeng) -> None:
    first = compute(jinfeng, "--period", "Q2")
    again = compute(jinfeng, "--period", "Q2")
    assert first[0] == again[0] == 0
    assert first[1] == again[1]
    assert "新计算" in first[2]
    assert "沿用已有结果" in again[2]
    assert run_count(jinfeng.database, jinfeng.tenant) == 1


def test_a_table_for_people(jinfeng: Jinfeng) -> None:
    code, out, _ = compute(jinfeng, "--format", "table")
    assert code == 0
    assert "金凤区2015年绩效考评方案（jinfeng-2015）· 全年结果" in out
    assert "良田镇" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--period", "Q5"], "考评周期「Q5」无效"),
        (["--scheme", "nope"], "没有代码为「nope」的考评方案"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    jinfeng: Jinfeng, options: list[str], message: str
) -> None:
    code, out, err = compute(jinfeng, *options)
    assert (code, out) == (2, "")
    assert message in err
    assert run_count(jinfeng.database, jinfeng.tenant) == 0


def test_an_unknown_tenant_exits_2(jinfeng: Jinfeng) -> None:
    result = runner.invoke(
        app,
        ["results", "compute", "--tenant", "nowhere", "--scheme", SCHEME],
        env=cli_env(jinfeng.database.settings),
    )
    assert result.exit_code == 2
    assert "没有代码为「nowhere」的租户" in result.stderr
