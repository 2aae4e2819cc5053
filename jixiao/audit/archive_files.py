"""Archive files: gzip'd JSON Lines (a header line, then one row per line) and their SHA-256,
kept in the tenant's `archives` area of the file store (local folder or S3-compatible bucket)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from jixiao.platform.storage import Area, FileStore

HEADER_KEY = "archive"
AREA: Area = "archives"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WrittenFile:
    """An archive file as written: its name in the tenant's archive folder, checksum and size."""

    file_name: str
    sha256: str
    size_bytes: int


def write_archive(
    store: FileStore,
    tenant_id: uuid.UUID,
    file_name: str,
    header: dict[str, Any],
    rows: Iterable[dict[str, Any]],
) -> WrittenFile:
    """Write the file completely in the staging folder, then hand it to the store."""
    partial = store.staging(tenant_id) / f".{file_name}.partial"
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as raw:
            # mtime=0 and no name inside: the same rows always give the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
                packed.write(_line({HEADER_KEY: header}))
                for row in rows:
                    packed.write(_line(row))
            raw.flush()
            os.fsync(raw.fileno())
        with partial.open("rb") as written:
            while chunk := written.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        store.put(tenant_id, AREA, file_name, partial)
    finally:
        partial.unlink(missing_ok=True)
    return WrittenFile(file_name, digest.hexdigest(), size)


def _line(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def read_archive(handle: IO[bytes]) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The header of an archive file (open for reading) and an iterator over its rows."""
    lines = _lines(handle)
    first = next(lines, None)
    if not isinstance(first, dict) or not isinstance(first.get(HEADER_KEY), dict):
        raise ValueError("no archive header")
    header: dict[str, Any] = first[HEADER_KEY]
    return header, lines


def _lines(raw: IO[bytes]) -> Iterator[dict[str, Any]]:
    with gzip.open(raw, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                value = json.loads(line)
                if not isinstance(value, dict):
                    raise ValueError("an archive line is not an object")
                yield value
