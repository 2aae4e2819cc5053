"""Backups that are proven: the database and the file store together, with a manifest to check
a restore against.

`create` writes, into a new folder: `database.dump` (`pg_dump --format=custom`, every table,
policy and grant), `files/` (a copy of the local file store, `<data folder>/storage`) and
`manifest.json`: the migration revision, every table's row count and a digest of its rows, and
every file's size and SHA-256. `restore` recreates the database from the dump (roles first, as
`jixiao db create-roles` makes them), puts the files back, and `verify` compares what is there
now with the manifest, table by table and file by file.

pg_dump must see every tenant's rows: tables force row-level security even on their owner, so
the backup runs as a role that bypasses it (the `postgres` superuser, or a dedicated role with
BYPASSRLS and read access), given as `--admin-url`. Files kept in an S3 bucket are not copied:
the bucket's own versioning and replication keep them (docs/operations/backup.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from jixiao.platform.config import Settings
from jixiao.platform.storage import sha256_of

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says what and where."""


@dataclass(frozen=True)
class Target:
    """The database a backup is taken of or restored into, reached as a role bypassing RLS."""

    admin_url: str  # the superuser (or BYPASSRLS role) on the server
    database: str
    owner: str
    app: str

    @classmethod
    def of(cls, settings: Settings, admin_url: str) -> Target:
        if not settings.is_postgres:
            raise BackupError("backups are of PostgreSQL (JIXIAO_DATABASE_URL)")
        app = make_url(settings.effective_database_url)
        owner = make_url(settings.migration_database_url or settings.effective_database_url)
        if not app.database:
            raise BackupError("JIXIAO_DATABASE_URL names no database")
        return cls(admin_url, app.database, owner.username or "", app.username or "")

    def url(self, database: str | None = None) -> str:
        url = make_url(self.admin_url).set(
            drivername="postgresql", database=database or self.database
        )
        return url.render_as_string(hide_password=False)


def table_digests(target: Target) -> dict[str, dict[str, Any]]:
    """Every table's row count and a digest of its rows (order-free), as the admin role."""
    import psycopg
    from psycopg import sql

    digests: dict[str, dict[str, Any]] = {}
    with psycopg.connect(target.url()) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            row = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                    "ORDER BY md5(t::text)), '')) FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            assert row is not None
            digests[table] = {"rows": int(row[0]), "digest": str(row[1])}
    return digests


def file_digests(root: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if not root.exists():
        return found
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        with path.open("rb") as handle:
            sha256 = sha256_of(handle)
        found[path.relative_to(root).as_posix()] = {
            "bytes": path.stat().st_size,
            "sha256": sha256,
        }
    return found


def create(settings: Settings, admin_url: str, dest: Path) -> dict[str, Any]:
    """Back up the database and the local file store into `dest` (a new folder)."""
    target = Target.of(settings, admin_url)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: a backup goes into a new folder")
    dest.mkdir(parents=True, exist_ok=True)
    _run(["pg_dump", "--format=custom", f"--file={dest / DUMP}"], target, "pg_dump")
    storage = settings.data_dir / "storage"
    if settings.s3_bucket is None and storage.exists():
        shutil.copytree(storage, dest / FILES)
    manifest = {
        "format": "jixiao.backup/1",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": target.database,
        "revision": _revision(target),
        "tables": table_digests(target),
        "files": file_digests(storage) if settings.s3_bucket is None else {},
        "files_in_bucket": settings.s3_bucket,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def restore(settings: Settings, admin_url: str, source: Path) -> None:
    """Recreate the database (which must not exist) and the file store from a backup."""
    import psycopg

    from jixiao.platform.migrate import create_roles

    target = Target.of(settings, admin_url)
    read_manifest(source)
    with psycopg.connect(target.url("postgres"), autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone()
    if found:
        raise BackupError(
            f"database {target.database} exists: restore goes into an empty server or a new "
            "name (drop it first only when you mean to replace it)"
        )
    create_roles(
        target.url("postgres"), owner=target.owner, app=target.app, database=target.database
    )
    _run(["pg_restore", "--exit-on-error", str(source / DUMP)], target, "pg_restore")
    storage = settings.data_dir / "storage"
    if (source / FILES).exists():
        if storage.exists() and any(storage.iterdir()):
            raise BackupError(f"{storage} is not empty: files are restored into an empty store")
        shutil.rmtree(storage, ignore_errors=True)
        shutil.copytree(source / FILES, storage)


def verify(settings: Settings, admin_url: str, source: Path) -> list[str]:
    """What differs between the live database and files and the backup's manifest."""
    target = Target.of(settings, admin_url)
    manifest = read_manifest(source)
    problems: list[str] = []
    now = table_digests(target)
    for table in sorted(set(manifest["tables"]) | set(now)):
        was, is_ = manifest["tables"].get(table), now.get(table)
        if was != is_:
            problems.append(f"table {table}: backup {_said(was)}, now {_said(is_)}")
    if manifest.get("files_in_bucket") is None:
        files = file_digests(settings.data_dir / "storage")
        for name in sorted(set(manifest["files"]) | set(files)):
            if manifest["files"].get(name) != files.get(name):
                problems.append(
                    f"file {name}: backup {_said(manifest['files'].get(name))}, "
                    f"now {_said(files.get(name))}"
                )
    return problems


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.exists() or not (source / DUMP).exists():
        raise BackupError(f"{source} holds no backup ({MANIFEST} and {DUMP} expected)")
    manifest: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if manifest.get("format") != "jixiao.backup/1":
        raise BackupError(f"{path}: not a Jixiao backup manifest")
    return manifest


def _said(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "absent"
    return ", ".join(f"{k} {v}" for k, v in entry.items())


def _revision(target: Target) -> list[str]:
    import psycopg

    with psycopg.connect(target.url()) as conn:
        return sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))


def _run(command: list[str], target: Target, name: str) -> None:
    """Run a PostgreSQL tool on the target database; the password goes in the environment,
    never on the command line (which `ps` shows)."""
    url = make_url(target.url())
    env = {**os.environ, "PGPASSWORD": url.password or ""} if url.password else dict(os.environ)
    dbname = url.set(password=None).render_as_string(hide_password=False)
    try:
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, arguments built here
            [*command, f"--dbname={dbname}"], capture_output=True, text=True, check=False, env=env
        )
    except FileNotFoundError:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools") from None
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()[:2000]}")
