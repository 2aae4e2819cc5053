"""`jixiao tenant create --template`: a government onboarded at the console starts with a draft
scheme made from a platform template; an unknown template creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_ENV": "test"}


def test_onboarding_with_a_template_prints_the_draft_scheme(env: dict[str, str]) -> None:
    assert runner.invoke(app, ["migrate"], env=env).exit_code == 0
    city = runner.invoke(
        app, ["tenant", "create", "yinchuan", "--name", "银川市", "--level", "city"], env=env
    )
    assert city.exit_code == 0, city.output
    made = runner.invoke(
        app,
        [
            "tenant",
            "create",
            "yongning",
            "--name",
            "永宁县",
            "--level",
            "county",
            "--parent",
            "yinchuan",
            "--template",
            "jinfeng-2015",
            "--year",
            "2027",
        ],
        env=env,
    )
    assert made.exit_code == 0, made.output
    assert "draft scheme yongning-2027 (永宁县2027年绩效考评方案)" in made.stdout
    exported = runner.invoke(
        app, ["scheme", "export", "yongning-2027", "--tenant", "yongning"], env=env
    )
    assert exported.exit_code == 0, exported.output
    assert "name: 永宁县2027年绩效考评方案" in exported.stdout
    assert "year: 2027" in exported.stdout


def test_an_unknown_template_creates_no_tenant(env: dict[str, str]) -> None:
    runner.invoke(app, ["migrate"], env=env)
    refused = runner.invoke(
        app,
        [
            "tenant",
            "create",
            "helan",
            "--name",
            "贺兰县",
            "--level",
            "county",
            "--template",
            "no-such-template",
        ],
        env=env,
    )
    assert refused.exit_code == 2
    assert "templateCode: 没有代码为「no-such-template」的方案模板" in refused.stderr
    listing = runner.invoke(app, ["tenant", "list"], env=env)
    assert "helan" not in listing.stdout
