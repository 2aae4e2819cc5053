"""`jixiao demo` publishes 金凤区's 2015 results once, and links its unit users."""

from __future__ import annotations

from sqlmodel import col, select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.identity.models import User
from jixiao.org.queries import find_unit
from jixiao.platform.db import Database
from jixiao.scoring.runs import queries
from jixiao.scoring.runs.models import Period, ResultRun, RunStatus
from jixiao.scoring.runs.scope import ResultScope
from jixiao.tenants.service import find_tenant
from tests.scoring.runs.test_results_cli import cli_env

runner = CliRunner()


def test_the_demo_publishes_one_set_of_results(database: Database) -> None:
    env = cli_env(database.settings)
    for _ in range(2):
        result = runner.invoke(app, ["demo", "--no-serve"], env=env)
        assert result.exit_code == 0, result.output
    with database.platform_session() as platform:
        tenant = find_tenant(platform, "jinfeng")
    assert tenant is not None
    with database.tenant_session(tenant.id) as session:
        runs = session.exec(select(ResultRun).where(ResultRun.scheme_code == "jinfeng-2015")).all()
        users = {
            u.username: u.unit_id
            for u in session.exec(
                select(User).where(col(User.username).in_(["tianbao", "fuzeren", "jiankong"]))
            )
        }
        liangtian, fagaiju = find_unit(session, "liangtian"), find_unit(session, "fagaiju")
        assert liangtian is not None
        assert fagaiju is not None
        own = queries.rankings(
            session,
            ResultScope(unit_ids=frozenset({users["tianbao"]}), drafts=False),
            "jinfeng-2015",
            Period.Q1,
        )
    assert sorted((r.period.value, r.status) for r in runs) == [
        (p, RunStatus.PUBLISHED) for p in ("Q1", "Q2", "Q3", "Q4", "annual")
    ]
    assert users == {"tianbao": liangtian.id, "fuzeren": liangtian.id, "jiankong": fagaiju.id}
    assert own is not None
    assert [row.unit_code for row in own.units] == ["liangtian"]
