"""Archive files: gzip'd JSON Lines (a header line, then one row per line) and their SHA-256."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER_KEY = "archive"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WrittenFile:
    """An archive file as written: its name in the tenant's archive folder, checksum and size."""

    file_name: str
    sha256: str
    size_bytes: int


def archive_folder(storage_dir: Path, tenant_id: uuid.UUID) -> Path:
    """Where a tenant's archives live: `<storage>/<tenant id>/archives`."""
    return storage_dir / str(tenant_id) / "archives"


def write_archive(
    folder: Path, file_name: str, header: dict[str, Any], rows: Iterable[dict[str, Any]]
) -> WrittenFile:
    """Write the file completely under a temporary name, then move it into place."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name
    partial = folder / f".{file_name}.partial"
    with partial.open("wb") as raw:
        # mtime=0 and no name inside: the same rows always give the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(_line({HEADER_KEY: header}))
            for row in rows:
                packed.write(_line(row))
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, target)
    return WrittenFile(file_name, file_sha256(target), target.stat().st_size)


def _line(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_archive(path: Path) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The header of an archive file and an iterator over its rows."""
    lines = _lines(path)
    first = next(lines, None)
    if not isinstance(first, dict) or not isinstance(first.get(HEADER_KEY), dict):
        raise ValueError("no archive header")
    header: dict[str, Any] = first[HEADER_KEY]
    return header, lines


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                value = json.loads(line)
                if not isinstance(value, dict):
                    raise ValueError("an archive line is not an object")
                yield value
