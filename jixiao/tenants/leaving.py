"""A government leaving the platform: all of its data exported, then deleted with proof.

`export_tenant` writes one zip: a JSON Lines file per tenant table (every row whose `tenant_id`
is the tenant's, read through the tenant's own session, so row-level security agrees), the
tenant's row, every file of its file store, and `manifest.json` with each table's row count and
each file's SHA-256. Values stay as stored: fields encrypted at rest stay encrypted (the field
key goes to the government separately, from the secret store).

`delete_tenant` removes a suspended tenant that has no child governments: every row of every
tenant table (children before parents), its files, and its tenant row. It answers with a
certificate: the tenant, the export's SHA-256, each table's rows before and after (all zero
after, counted again once the deletion committed), the files removed, signed with the
platform's secret key (HMAC-SHA256) so it can be checked later (`certificate_valid`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete
from sqlmodel import SQLModel

from jixiao.audit.service import SYSTEM, record
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.errors import DomainError
from jixiao.platform.storage import AREAS, file_store
from jixiao.tenants.models import Tenant, TenantStatus
from jixiao.tenants.queries import child_codes, find_tenant, tenant_row_count, tenant_rows


class LeavingError(DomainError):
    """An export or deletion refused; the message says why."""


def tenant_tables() -> list[Table]:
    """Every table whose rows belong to one tenant, parents before children."""
    import jixiao.models  # noqa: F401 - every table

    return [t for t in SQLModel.metadata.sorted_tables if "tenant_id" in t.c]


def _tenant(database: Database, code: str) -> Tenant:
    with database.platform_session() as session:
        tenant = find_tenant(session, code)
        if tenant is None:
            raise LeavingError(f"没有代码为 {code} 的单位")
        session.expunge(tenant)
        return tenant


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode()}
    return value


def export_tenant(database: Database, code: str, dest: Path) -> dict[str, Any]:
    """All of the tenant's data and files in one zip; returns its manifest."""
    tenant = _tenant(database, code)
    if dest.exists():
        raise LeavingError(f"{dest} already exists: an export goes into a new file")
    manifest: dict[str, Any] = {
        "format": "jixiao.tenant-export/1",
        "tenant": {"id": str(tenant.id), "code": tenant.code, "name": tenant.name},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {},
        "files": {},
    }
    store = file_store(database.settings)
    with database.tenant_session(tenant.id) as session:  # the government sees it was exported
        record(
            session, actor=SYSTEM, action="tenant.export", target_type="tenant", target_id=tenant.id
        )
        session.commit()
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        row = {c.name: _plain(getattr(tenant, c.name)) for c in Tenant.__table__.columns}  # type: ignore[attr-defined]
        archive.writestr("tables/tenant.jsonl", json.dumps(row, ensure_ascii=False) + "\n")
        with database.tenant_session(tenant.id) as session:
            for table in tenant_tables():
                rows = tenant_rows(session, table, tenant.id)
                lines = [
                    json.dumps({k: _plain(v) for k, v in r.items()}, ensure_ascii=False)
                    for r in rows
                ]
                archive.writestr(f"tables/{table.name}.jsonl", "".join(f"{x}\n" for x in lines))
                manifest["tables"][table.name] = len(lines)
        for area in AREAS:
            for name in store.names(tenant.id, area, ""):
                with store.open(tenant.id, area, name) as handle:
                    body = handle.read()
                archive.writestr(f"files/{area}/{name}", body)
                manifest["files"][f"{area}/{name}"] = hashlib.sha256(body).hexdigest()
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _counts(database: Database, tenant_id: uuid.UUID) -> dict[str, int]:
    with database.tenant_session(tenant_id) as session:
        return {t.name: tenant_row_count(session, t, tenant_id) for t in tenant_tables()}


def delete_tenant(settings: Settings, code: str, export: Path) -> dict[str, Any]:
    """Delete a suspended tenant after its export; returns the signed certificate."""
    # As the owner role: the app role may only add to the append-only tables (the audit trail).
    owner = Database(
        settings.with_changes(database_url=settings.migration_database_url)
        if settings.migration_database_url
        else settings
    )
    try:
        tenant = _tenant(owner, code)
        if tenant.status is not TenantStatus.SUSPENDED:
            raise LeavingError(
                f"先停用 {tenant.name}（jixiao tenant suspend {tenant.code}），再删除"
            )
        with owner.platform_session() as session:
            children = child_codes(session, tenant.id)
        if children:
            raise LeavingError(f"{tenant.name} 仍有下级单位：{', '.join(sorted(children))}")
        exported = _export_of(export, tenant)
        before = _counts(owner, tenant.id)
        store = file_store(settings)
        removed = []
        with owner.tenant_session(tenant.id) as session:
            for table in reversed(tenant_tables()):
                session.execute(delete(table).where(table.c.tenant_id == tenant.id))
            session.commit()
        for area in AREAS:
            for name in store.names(tenant.id, area, ""):
                store.delete(tenant.id, area, name)
                removed.append(f"{area}/{name}")
        with owner.platform_session() as session:
            session.execute(delete(Tenant).where(Tenant.id == tenant.id))  # type: ignore[arg-type]
            session.commit()
        after = _counts(owner, tenant.id)
        with owner.platform_session() as session:
            gone = session.get(Tenant, tenant.id) is None
        left = [f"{a}/{n}" for a in AREAS for n in store.names(tenant.id, a, "")]
    finally:
        owner.dispose()
    certificate = {
        "format": "jixiao.deletion-certificate/1",
        "tenant": {"id": str(tenant.id), "code": tenant.code, "name": tenant.name},
        "deleted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "export_sha256": exported,
        "rows_before": before,
        "rows_after": after,
        "tenant_row_deleted": gone,
        "files_removed": len(removed),
        "files_left": left,
    }
    if not gone or any(after.values()) or left:
        raise LeavingError(f"删除未完成：{json.dumps(certificate, ensure_ascii=False)}")
    certificate["signature"] = _sign(settings, certificate)
    return certificate


def certificate_valid(settings: Settings, certificate: dict[str, Any]) -> bool:
    body = {k: v for k, v in certificate.items() if k != "signature"}
    return hmac.compare_digest(str(certificate.get("signature", "")), _sign(settings, body))


def _sign(settings: Settings, body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    return hmac.new(settings.effective_secret_key().encode(), text, hashlib.sha256).hexdigest()


def _export_of(export: Path, tenant: Tenant) -> str:
    """The SHA-256 of the tenant's own export: deletion needs one made beforehand."""
    if not export.is_file():
        raise LeavingError(f"找不到导出文件 {export}：先 jixiao tenant export {tenant.code}")
    with zipfile.ZipFile(export) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    if manifest.get("tenant", {}).get("id") != str(tenant.id):
        raise LeavingError(f"{export} 不是 {tenant.name} 的导出")
    return hashlib.sha256(export.read_bytes()).hexdigest()
