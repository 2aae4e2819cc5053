"""Zero-downtime upgrades: the previous release's API still answers the read paths against a
database migrated by this release (expand-then-contract, docs/operations/upgrade.md).

During a rolling upgrade the database is migrated first, while processes of the previous
release still serve: every migration of a release must leave the previous code working. The
previous release's `jixiao/` is taken from git (`infra/previous-release`), run in a process of
its own against a PostgreSQL database migrated and filled by this release, and asked what the
portal and third parties read most, with an API token; its answers must carry no error and
agree with this release's answers to the same questions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.demo import DEMO_PASSWORD
from jixiao.demo.results import DEMO_SCHEME
from jixiao.identity import tokens
from jixiao.identity.models import User
from jixiao.identity.service import change_password
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, acting_for_tenant
from jixiao.tenants.service import find_tenant

pytestmark = pytest.mark.postgres

REPO = Path(__file__).resolve().parents[2]
READS = {
    "viewer": "{ viewer { authenticated username permissions } }",
    "units": "{ units(first: 100) { nodes { code name kind } } }",
    "schemes": "{ schemes(first: 20) { nodes { code name year } } }",
    "rankings": f'{{ rankings(schemeCode: "{DEMO_SCHEME}") {{ run {{ status periodLabel }} '
    "overall { unitCode unitName total overallRank grade } } }",
    "unitResult": f'{{ unitResult(schemeCode: "{DEMO_SCHEME}", unitCode: "liangtian") '
    "{ unitName total rank breakdown { indicatorCode score } } }",
}
ASK = """
import json, sys
from starlette.testclient import TestClient
from jixiao.app import create_app
from jixiao.platform.config import Settings
import jixiao
assert jixiao.__file__.startswith(sys.argv[1]), jixiao.__file__
client = TestClient(create_app(Settings.from_env()), client=("127.0.0.1", 5000))
answers = {}
for name, query in json.loads(sys.argv[2]).items():
    response = client.post("/graphql", json={"query": query},
                           headers={"Authorization": "Bearer " + sys.argv[3]})
    answers[name] = [response.status_code, response.json()]
print(json.dumps(answers, ensure_ascii=False))
"""


def _previous_code(dest: Path) -> Path:
    commit = (REPO / "infra" / "previous-release").read_text().strip()
    found = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{commit}^{{commit}}"], check=False
    )
    assert found.returncode == 0, (
        f"the previous release {commit} is not in this clone's history: "
        "`git fetch --unshallow` (a shallow clone cannot run this test)"
    )
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "jixiao"], check=True, capture_output=True
    )
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def _ask(code: Path | None, settings: Settings, token: str) -> dict[str, list[object]]:
    env = {
        **os.environ,
        "JIXIAO_ENV": "test",
        "JIXIAO_DATA_DIR": str(settings.data_dir),
        "JIXIAO_DATABASE_URL": settings.database_url or "",
        "JIXIAO_MIGRATION_DATABASE_URL": settings.migration_database_url or "",
        "JIXIAO_DB_APP_ROLE": settings.db_app_role,
        "JIXIAO_RATE_LIMIT_PER_MINUTE": "0",
        "JIXIAO_RATE_LIMIT_ADDRESS_PER_MINUTE": "0",
    }
    if code is not None:
        env["PYTHONPATH"] = str(code)
    root = str(code if code is not None else REPO)
    done = subprocess.run(
        [sys.executable, "-c", ASK, root, json.dumps(READS), token],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers


def test_the_previous_release_reads_a_database_this_release_migrated(
    platform: tuple[Settings, str],
    tmp_path: Path,
) -> None:
    settings, _admin = platform
    from jixiao.demo import seed_demo
    from jixiao.workers.broker import inprocess_worker, setup_broker

    database = Database(settings)
    try:
        with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
            seed_demo(database)
            drain()
        with database.platform_session() as session:
            tenant = find_tenant(session, "jinfeng")
            assert tenant is not None
            with acting_for_tenant(session, tenant.id):
                from sqlmodel import select

                from jixiao.platform.auth import Subject

                office = session.exec(select(User).where(User.username == "office")).one()
                # Past its first sign-in: a first password opens nothing but its own change.
                change_password(
                    session,
                    office,
                    current=DEMO_PASSWORD,
                    new="Helan-Mountain-Road-2026",
                    administrator=False,
                    actor=Subject(kind="user", user_id=office.id),
                )
                scopes = ["unit:read", "scheme:read", "result:read"]
                issued = tokens.create(
                    session,
                    tenant_code=tenant.code,
                    user_id=office.id,
                    name="上一版本读取",
                    scopes=scopes,
                    allowed=frozenset(scopes),
                    days=1,
                    actor=Subject(kind="user", user_id=office.id),
                )
            session.commit()
    finally:
        database.dispose()

    old = _ask(_previous_code(tmp_path / "previous"), settings, issued.secret)
    new = _ask(None, settings, issued.secret)
    for name in READS:
        status, body = old[name]
        assert status == 200, (name, body)
        assert isinstance(body, dict)
        assert "errors" not in body, (name, body)
        assert body["data"][name], (name, body)
    assert {n: old[n] for n in READS} == {n: new[n] for n in READS}
