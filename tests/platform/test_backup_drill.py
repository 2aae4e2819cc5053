"""The restore drill, at small size: back up a running platform with a tenant's data and files,
destroy both, restore them, and compare every table and file; a difference is found."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.identity.service import create_user
from jixiao.platform import backup
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.tenants.models import Tenant
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.factories import make_tenant
from tests.platform.conftest import drop

pytestmark = pytest.mark.postgres


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
    drop(admin, target.database)
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
