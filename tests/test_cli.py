"""The `jixiao` command on the embedded database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import DEMO_PASSWORD, DEMO_TENANT
from jixiao.identity.models import User
from jixiao.identity.service import change_password
from jixiao.platform.auth import Subject
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, acting_for_tenant
from jixiao.tenants.service import find_tenant

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_ENV": "test"}


def test_tenant_commands_need_a_migrated_database(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["tenant", "list"], env=env)
    assert result.exit_code == 2
    assert "jixiao migrate" in result.stderr


def test_onboard_list_suspend_and_resume(env: dict[str, str], tmp_path: Path) -> None:
    assert runner.invoke(app, ["migrate"], env=env).exit_code == 0
    made = runner.invoke(
        app, ["tenant", "create", "yinchuan", "--name", "银川市", "--level", "city"], env=env
    )
    assert made.exit_code == 0, made.output
    child = runner.invoke(
        app, ["tenant", "create", "jinfeng", "--name", "金凤区", "--parent", "yinchuan"], env=env
    )
    assert child.exit_code == 0, child.output
    assert (
        runner.invoke(app, ["tenant", "suspend", "jinfeng"], env=env).stdout.strip()
        == "tenant jinfeng is suspended"
    )
    listing = runner.invoke(app, ["tenant", "list"], env=env).stdout.splitlines()
    assert [line.split()[:3] for line in listing] == [
        ["jinfeng", "district", "suspended"],
        ["yinchuan", "city", "active"],
    ]
    assert runner.invoke(app, ["tenant", "resume", "jinfeng"], env=env).exit_code == 0
    # provisioning ran before the command returned
    assert len(list((tmp_path / "data" / "storage").iterdir())) == 2


def test_bad_input_exits_2_with_the_field(env: dict[str, str]) -> None:
    runner.invoke(app, ["migrate"], env=env)
    runner.invoke(
        app, ["tenant", "create", "yinchuan", "--name", "银川市", "--level", "city"], env=env
    )
    again = runner.invoke(
        app, ["tenant", "create", "yinchuan", "--name", "银川市", "--level", "city"], env=env
    )
    assert again.exit_code == 2
    assert "已被使用" in again.stderr
    assert again.stdout == ""
    orphan = runner.invoke(
        app, ["tenant", "create", "xixia", "--name", "西夏区", "--parent", "nope"], env=env
    )
    assert orphan.exit_code == 2
    assert "parentCode" in orphan.stderr
    assert runner.invoke(app, ["tenant", "suspend", "nope"], env=env).exit_code == 2


def _change_office_password(data_dir: Path) -> None:
    database = Database(Settings(env="test", data_dir=data_dir))
    with database.platform_session() as session:
        tenant = find_tenant(session, DEMO_TENANT)
        assert tenant is not None
        with acting_for_tenant(session, tenant.id):
            office = session.exec(select(User).where(User.username == "office")).one()
            change_password(
                session,
                office,
                current=DEMO_PASSWORD,
                new="Qingshui-Lake-Walk-2026",
                administrator=False,
                actor=Subject(kind="user", user_id=office.id),
            )
        session.commit()
    database.dispose()


def test_demo_seeds_the_city_and_its_districts_once(env: dict[str, str], tmp_path: Path) -> None:
    first = runner.invoke(app, ["demo", "--no-serve"], env=env)
    assert first.exit_code == 0, first.output
    assert "created yinchuan, jinfeng, xixia, xingqing" in first.stdout
    assert "* tenant jinfeng   user office " in first.stdout
    _change_office_password(tmp_path / "data")
    second = runner.invoke(app, ["demo", "--no-serve"], env=env)
    assert "already present" in second.stdout
    # The banner no longer offers the demo password for the account whose password was changed.
    assert "  tenant jinfeng   user office " in second.stdout
    assert "* tenant jinfeng   user leader " in second.stdout
    assert "* tenant (平台)      user operator " in second.stdout
    codes = [
        line.split()[0]
        for line in runner.invoke(app, ["tenant", "list"], env=env).stdout.splitlines()
    ]
    assert codes == ["jinfeng", "xingqing", "xixia", "yinchuan"]


def test_worker_needs_redis(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["worker"], env=env)
    assert result.exit_code == 2
    assert "JIXIAO_REDIS_URL" in result.stderr


def test_the_sdl_check(env: dict[str, str]) -> None:
    assert runner.invoke(app, ["graphql-schema", "--check"], env=env).exit_code == 0
