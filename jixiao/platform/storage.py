"""Where tenants' files live: a local folder by default, an S3-compatible bucket when configured.

Every stored file belongs to one tenant and one area (`evidence`, `notices`, `records`,
`archives`, `reports`) and has a server-chosen name; its place is `<tenant id>/<area>/<name>`,
under the storage folder (`JIXIAO_DATA_DIR/storage`) or under `JIXIAO_S3_PREFIX` in
`JIXIAO_S3_BUCKET`. Callers never build paths themselves: they ask the store, which keeps a
name from leaving its tenant's area. Uploads are first received in a local staging folder
(checked there by size and content), then handed to `put`.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import uuid
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal, Protocol

from jixiao.platform.config import Settings

Area = Literal["evidence", "notices", "records", "archives", "reports"]
AREAS: tuple[Area, ...] = ("evidence", "notices", "records", "archives", "reports")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Stored:
    """Where a stored file is, and how it is handed out: download name and content type."""

    tenant_id: uuid.UUID
    area: Area
    name: str
    file_name: str
    content_type: str


def _safe_name(name: str) -> str:
    """The file name alone: no folder part, never `.`/`..` or empty."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if base in ("", ".", ".."):
        raise ValueError(f"not a stored file name: {name!r}")
    return base


class FileStore(Protocol):
    """A tenant-partitioned file store."""

    kind: str

    def put(self, tenant_id: uuid.UUID, area: Area, name: str, source: Path) -> None:
        """Keep the local file `source` as `name` (moved: `source` is gone afterwards)."""

    def open(self, tenant_id: uuid.UUID, area: Area, name: str) -> IO[bytes]:
        """The stored bytes, to read and close; FileNotFoundError when there is no such file."""

    def exists(self, tenant_id: uuid.UUID, area: Area, name: str) -> bool: ...

    def delete(self, tenant_id: uuid.UUID, area: Area, name: str) -> None:
        """Remove a stored file; nothing happens when it is already gone."""

    def names(self, tenant_id: uuid.UUID, area: Area, prefix: str) -> list[str]:
        """The names of the tenant's files in an area that start with `prefix`, sorted."""

    def local_path(self, tenant_id: uuid.UUID, area: Area, name: str) -> Path | None:
        """The file on this machine's disk (local stores), for a direct file response."""

    def staging(self, tenant_id: uuid.UUID) -> Path:
        """A local folder where uploads of the tenant are received before `put`."""

    def prepare(self, tenant_id: uuid.UUID) -> None:
        """Make what a new tenant's files need (local folders; nothing in a bucket)."""


class LocalStore:
    """Files under `<root>/<tenant id>/<area>/` on this machine."""

    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, tenant_id: uuid.UUID, area: Area, name: str) -> Path:
        return self.root / str(tenant_id) / area / _safe_name(name)

    def put(self, tenant_id: uuid.UUID, area: Area, name: str, source: Path) -> None:
        target = self._path(tenant_id, area, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            source.replace(target)
        except OSError:  # another filesystem: copy, then drop the source
            shutil.copyfile(source, target)
            source.unlink(missing_ok=True)

    def open(self, tenant_id: uuid.UUID, area: Area, name: str) -> IO[bytes]:
        return self._path(tenant_id, area, name).open("rb")

    def exists(self, tenant_id: uuid.UUID, area: Area, name: str) -> bool:
        return self._path(tenant_id, area, name).is_file()

    def delete(self, tenant_id: uuid.UUID, area: Area, name: str) -> None:
        self._path(tenant_id, area, name).unlink(missing_ok=True)

    def names(self, tenant_id: uuid.UUID, area: Area, prefix: str) -> list[str]:
        folder = self.root / str(tenant_id) / area
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix) and p.is_file())

    def local_path(self, tenant_id: uuid.UUID, area: Area, name: str) -> Path | None:
        return self._path(tenant_id, area, name)

    def staging(self, tenant_id: uuid.UUID) -> Path:
        # Inside the tenant's folder: a received file is then moved into place, not copied.
        folder = self.root / str(tenant_id) / ".incoming"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def prepare(self, tenant_id: uuid.UUID) -> None:
        for area in AREAS:
            (self.root / str(tenant_id) / area).mkdir(parents=True, exist_ok=True)


class S3Store:
    """Files as objects `<prefix><tenant id>/<area>/<name>` in an S3-compatible bucket."""

    kind = "s3"

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str,
        staging_root: Path,
        *,
        encryption: str | None = None,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.staging_root = staging_root
        self.encryption = encryption

    def key(self, tenant_id: uuid.UUID, area: Area, name: str) -> str:
        return f"{self.prefix}{tenant_id}/{area}/{_safe_name(name)}"

    def put(self, tenant_id: uuid.UUID, area: Area, name: str, source: Path) -> None:
        digest = hashlib.sha256()
        with source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        # Private objects with their checksum, encrypted as configured (else by the bucket's
        # default: MinIO without a KMS refuses an encryption header).
        extra: dict[str, Any] = {"Metadata": {"sha256": digest.hexdigest()}}
        if self.encryption:
            extra["ServerSideEncryption"] = self.encryption
        self.client.upload_file(
            str(source), self.bucket, self.key(tenant_id, area, name), ExtraArgs=extra
        )
        source.unlink(missing_ok=True)

    def open(self, tenant_id: uuid.UUID, area: Area, name: str) -> IO[bytes]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(tenant_id, area, name))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(name) from None
        body: IO[bytes] = answer["Body"]
        return body

    def exists(self, tenant_id: uuid.UUID, area: Area, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(tenant_id, area, name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, tenant_id: uuid.UUID, area: Area, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(tenant_id, area, name))

    def names(self, tenant_id: uuid.UUID, area: Area, prefix: str) -> list[str]:
        start = self.key(tenant_id, area, prefix)
        folder = start[: start.rindex("/") + 1]
        found: list[str] = []
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start
        ):
            found.extend(item["Key"][len(folder) :] for item in page.get("Contents", []))
        return sorted(name for name in found if "/" not in name)

    def local_path(self, tenant_id: uuid.UUID, area: Area, name: str) -> Path | None:
        return None

    def staging(self, tenant_id: uuid.UUID) -> Path:
        folder = self.staging_root / str(tenant_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def prepare(self, tenant_id: uuid.UUID) -> None:
        return None


@functools.cache
def file_store(settings: Settings) -> FileStore:
    """The store the settings configure (one per settings, shared by threads)."""
    if settings.s3_bucket is None:
        return LocalStore(settings.storage_dir)
    import boto3
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key_id,
        aws_secret_access_key=settings.s3_secret_access_key,
        config=Config(
            s3={"addressing_style": "path" if settings.s3_path_style else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
        ),
    )
    return S3Store(
        client,
        settings.s3_bucket,
        settings.s3_prefix,
        settings.data_dir / "incoming",
        encryption=settings.s3_server_side_encryption,
    )


def sha256_of(handle: IO[bytes]) -> str:
    """The SHA-256 (hex) of what `handle` gives until its end."""
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def chunks(handle: IO[bytes]) -> Generator[bytes, None, None]:
    """The bytes of `handle` in pieces, closing it at the end."""
    try:
        while chunk := handle.read(CHUNK):
            yield chunk
    finally:
        handle.close()


def deleter(store: FileStore, area: Area, files: list[tuple[uuid.UUID, str]]) -> Callable[[], None]:
    """Deletes the (tenant id, name) files of an area when called (e.g. after a commit)."""

    def delete() -> None:
        for tenant_id, name in files:
            store.delete(tenant_id, area, name)

    return delete


__all__ = [
    "AREAS",
    "Area",
    "FileStore",
    "LocalStore",
    "S3Store",
    "Stored",
    "chunks",
    "deleter",
    "file_store",
    "sha256_of",
]
