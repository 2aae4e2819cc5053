"""The restore drill, at small size: back up a running platform with a tenant's data and files,
destroy both, restore them, and compare every table and file; a difference is found."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url
from sqlmodel import select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.identity.service import create_user
from jixiao.platform import backup
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, migrate
from jixiao.platform.migrate import create_roles
from jixiao.platform.storage import file_store
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.conftest import APP_ROLE, NO_RATE_LIMITS, OWNER_ROLE, PG_URL
from tests.factories import make_tenant

pytestmark = pytest.mark.postgres


@pytest.fixture
def platform(pg_urls: tuple[str, str], tmp_path: Path) -> tuple[Settings, str]:
    """A platform of its own (the drill drops its database): settings and the admin URL."""
    assert PG_URL
    name = f"jixiao_drill_{os.getpid()}"
    admin = make_url(PG_URL).set(drivername="postgresql")
    _drop(admin.render_as_string(hide_password=False), name)
    create_roles(PG_URL, owner=OWNER_ROLE, app=APP_ROLE, database=name)
    base = make_url(PG_URL).set(database=name, password=None)
    settings = Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=base.set(username=APP_ROLE).render_as_string(hide_password=False),
        migration_database_url=base.set(username=OWNER_ROLE).render_as_string(hide_password=False),
        db_app_role=APP_ROLE,
        sign_in_backoff_ms=0,
        **NO_RATE_LIMITS,
    )
    migrate(settings)
    yield settings, admin.set(database="postgres").render_as_string(hide_password=False)
    _drop(admin.render_as_string(hide_password=False), name)


def _drop(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _running_tenant(settings: Settings, source: Path) -> None:
    database = Database(settings)
    try:
        with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
            database.info_drain = drain  # type: ignore[attr-defined]
            tenant = make_tenant(database, "金凤区")
            with database.tenant_session(tenant.id) as session:
                create_user(session, username="drill-office", display_name="考评办 演练")
                session.commit()
            drain()
        source.write_bytes("良田镇 佐证材料 ".encode() * 1000)
        file_store(settings).put(tenant.id, "evidence", "drill.txt", source)
    finally:
        database.dispose()


def test_backup_destroy_restore_and_every_table_and_file_match(
    platform: tuple[Settings, str], tmp_path: Path
) -> None:
    settings, admin = platform
    _running_tenant(settings, tmp_path / "evidence.txt")
    runner = CliRunner()
    env = {
        "JIXIAO_ENV": "test",
        "JIXIAO_DATA_DIR": str(settings.data_dir),
        "JIXIAO_DATABASE_URL": settings.database_url or "",
        "JIXIAO_MIGRATION_DATABASE_URL": settings.migration_database_url or "",
    }
    made = runner.invoke(
        app, ["backup", "create", str(tmp_path / "b"), "--admin-url", admin], env=env
    )
    assert made.exit_code == 0, made.output
    manifest = backup.read_manifest(tmp_path / "b")
    assert manifest["tables"]["tenant"]["rows"] >= 1
    assert manifest["tables"]["app_user"]["rows"] >= 1
    assert any(name.endswith("evidence/drill.txt") for name in manifest["files"])

    # Destroy: the database and the files are gone.
    target = backup.Target.of(settings, admin)
    _drop(admin, target.database)
    shutil.rmtree(settings.data_dir / "storage")

    restored = runner.invoke(
        app, ["backup", "restore", str(tmp_path / "b"), "--admin-url", admin], env=env
    )
    assert restored.exit_code == 0, restored.output
    assert "every table and file matches" in restored.stdout
    # The app role reads the restored rows under row-level security, as before.
    database = Database(settings)
    try:
        with database.platform_session() as session:
            assert [t.name for t in session.exec(select(Tenant)).all()] == ["金凤区"]
    finally:
        database.dispose()

    # A difference after the restore is found, named by table and by file.
    with psycopg.connect(target.url()) as conn:
        conn.execute("UPDATE app_user SET display_name = display_name || '改'")
    (next((settings.data_dir / "storage").rglob("drill.txt"))).write_bytes(b"changed")
    checked = runner.invoke(
        app, ["backup", "verify", str(tmp_path / "b"), "--admin-url", admin], env=env
    )
    assert checked.exit_code == 1
    assert "table app_user" in checked.stdout
    assert "drill.txt" in checked.stdout


def test_a_restore_never_overwrites_a_live_database(
    platform: tuple[Settings, str], tmp_path: Path
) -> None:
    settings, admin = platform
    backup.create(settings, admin, tmp_path / "b")
    with pytest.raises(backup.BackupError, match="exists"):
        backup.restore(settings, admin, tmp_path / "b")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.create(settings, admin, tmp_path / "b")
    with pytest.raises(backup.BackupError, match="holds no backup"):
        backup.verify(settings, admin, tmp_path)
