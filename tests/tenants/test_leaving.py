"""A government leaving the platform: its export holds all of its data and files and nothing of
another tenant's; its deletion removes every row and file, leaves the others untouched, and
yields a signed certificate."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as core_select

from jixiao.identity.models import User
from jixiao.identity.service import create_user
from jixiao.platform.db import Database
from jixiao.platform.storage import file_store
from jixiao.tenants import service
from jixiao.tenants.leaving import (
    LeavingError,
    certificate_valid,
    delete_tenant,
    export_tenant,
)
from jixiao.tenants.models import TenantLevel, TenantStatus
from tests.factories import make_tenant


def _users(database: Database, tenant_id: object) -> int:
    with database.tenant_session(tenant_id) as session:  # type: ignore[arg-type]
        table = User.__table__  # type: ignore[attr-defined]
        return int(
            session.execute(
                core_select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
            ).scalar_one()
        )


def test_export_then_delete_with_a_certificate(database: Database, tmp_path: Path) -> None:
    leaving, staying = make_tenant(database, "金凤区"), make_tenant(database, "西夏区")
    for tenant, username in ((leaving, "jf-office"), (staying, "xx-office")):
        with database.tenant_session(tenant.id) as session:
            create_user(session, username=username, display_name=f"{tenant.name} 考评办")
            session.commit()
    (tmp_path / "e.txt").write_bytes("良田镇 佐证".encode())
    file_store(database.settings).put(leaving.id, "evidence", "e.txt", tmp_path / "e.txt")
    staying_users = _users(database, staying.id)

    export = tmp_path / "jinfeng.zip"
    manifest = export_tenant(database, leaving.code, export)
    with zipfile.ZipFile(export) as archive:
        users = archive.read("tables/app_user.jsonl").decode()
        assert "jf-office" in users
        assert "xx-office" not in users
        assert archive.read("files/evidence/e.txt") == "良田镇 佐证".encode()
        assert json.loads(archive.read("manifest.json"))["tables"]["app_user"] >= 1
        audit = archive.read("tables/audit_event.jsonl").decode()
    assert manifest["files"] == {"evidence/e.txt": manifest["files"]["evidence/e.txt"]}
    assert "tenant.export" in audit  # the government's own trail says it was exported

    with pytest.raises(LeavingError, match="先停用"):
        delete_tenant(database.settings, leaving.code, export)
    with database.platform_session() as session:
        service.set_status(session, leaving.code, TenantStatus.SUSPENDED)
        session.commit()
    other = tmp_path / "xixia.zip"
    export_tenant(database, staying.code, other)
    with pytest.raises(LeavingError, match="不是"):
        delete_tenant(database.settings, leaving.code, other)

    certificate = delete_tenant(database.settings, leaving.code, export)
    assert certificate["rows_before"]["app_user"] >= 1
    assert set(certificate["rows_after"].values()) == {0}
    assert certificate["tenant_row_deleted"] is True
    assert certificate["files_removed"] == 1
    assert certificate_valid(database.settings, certificate)
    forged = {**certificate, "rows_after": {**certificate["rows_after"], "app_user": 1}}
    assert not certificate_valid(database.settings, forged)
    with database.platform_session() as session:
        assert service.find_tenant(session, leaving.code) is None
    assert not file_store(database.settings).names(leaving.id, "evidence", "")
    # The other government is untouched.
    assert _users(database, staying.id) == staying_users


def test_a_government_with_districts_is_not_deleted(database: Database, tmp_path: Path) -> None:
    city = make_tenant(database, "银川市", level=TenantLevel.CITY)
    make_tenant(database, "金凤区", parent=city.code)
    export = tmp_path / "city.zip"
    export_tenant(database, city.code, export)
    with database.platform_session() as session:
        service.set_status(session, city.code, TenantStatus.SUSPENDED)
        session.commit()
    with pytest.raises(LeavingError, match="下级单位"):
        delete_tenant(database.settings, city.code, export)
    with pytest.raises(LeavingError, match="already exists"):
        export_tenant(database, city.code, export)
