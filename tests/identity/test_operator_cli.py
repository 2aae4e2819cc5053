"""`jixiao operator create`: a platform operator made at the console, the password typed at a
hidden prompt or piped on standard input, never an argument; it then signs in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.identity.models import Operator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from tests.factories import Browser
from tests.factories.browser import SIGN_IN

runner = CliRunner()
PASSWORD = "Console-Operator-2027!"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_ENV": "test"}


def test_an_operator_made_at_the_console_signs_in_and_must_set_up_a_second_factor(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert runner.invoke(app, ["migrate"], env=env).exit_code == 0
    made = runner.invoke(
        app,
        ["operator", "create", "Zhang.Wei", "--name", "平台运营 张伟", "--password-stdin"],
        env=env,
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0, made.output
    assert "created platform operator zhang.wei" in made.stdout
    assert PASSWORD not in made.output
    prompted = runner.invoke(
        app,
        ["operator", "create", "li.na", "--name", "平台运营 李娜"],
        env=env,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(app, ["operator", "list"], env=env).stdout.splitlines()
    assert [line.split()[:3] for line in listed] == [
        ["li.na", "active", "-"],
        ["zhang.wei", "active", "-"],
    ]
    database = Database(Settings(env="test", data_dir=tmp_path / "data", sign_in_backoff_ms=0))
    try:
        browser = Browser(database)
        signed = browser.gql(
            SIGN_IN, {"tenant": None, "username": "zhang.wei", "password": PASSWORD}
        )
        viewer = signed["data"]["signIn"]["viewer"]
        assert viewer["authenticated"] is True
        assert viewer["mustChangePassword"] is False
        assert viewer["mustEnrolSecondFactor"] is True
        assert viewer["permissions"] == []  # nothing before the authenticator is set up
        with database.platform_session() as session:
            stored = session.exec(select(Operator).where(Operator.username == "zhang.wei")).one()
        assert stored.display_name == "平台运营 张伟"
        assert stored.password_hash != PASSWORD
    finally:
        database.dispose()


def test_bad_operators_are_refused_with_what_is_wrong(env: dict[str, str]) -> None:
    runner.invoke(app, ["migrate"], env=env)
    weak = runner.invoke(
        app,
        ["operator", "create", "wang", "--name", "王", "--password-stdin"],
        env=env,
        input="123456\n",
    )
    assert weak.exit_code == 2
    assert "password:" in weak.stderr
    assert weak.stdout == ""
    ok = runner.invoke(
        app,
        ["operator", "create", "wang", "--name", "王", "--password-stdin"],
        env=env,
        input=PASSWORD,
    )
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(
        app,
        ["operator", "create", "wang", "--name", "王", "--password-stdin"],
        env=env,
        input=PASSWORD,
    )
    assert again.exit_code == 2
    assert "已存在" in again.stderr
    bad_name = runner.invoke(
        app,
        ["operator", "create", "王五", "--name", "王五", "--password-stdin"],
        env=env,
        input=PASSWORD,
    )
    assert bad_name.exit_code == 2
    assert "username:" in bad_name.stderr
    # the password is no option of the command
    argv = runner.invoke(
        app, ["operator", "create", "zhao", "--name", "赵", "--password", PASSWORD]
    )
    assert argv.exit_code == 2
    assert "No such option" in argv.output
