"""What an uploaded file is, told by its content: the kinds accepted (PDF, Word, Excel, PNG,
JPEG), the checks on a received file and its name, and the harmless name it is shown under.
Notice attachments, report evidence and the evidence of records share them."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jixiao.platform.errors import InvalidInput

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
_PATH_TRICK = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|\.\.")


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind(".pdf", "application/pdf", "PDF")
DOCX = FileKind(
    ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = FileKind(
    ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
PNG = FileKind(".png", "image/png", "PNG")
JPEG = FileKind(".jpg", "image/jpeg", "JPEG")
ACCEPTED = "PDF、Word（docx）、Excel（xlsx）、PNG、JPEG"


def sniff(path: Path) -> FileKind | None:
    """The kind of a file by its content (magic bytes; the parts inside for docx/xlsx)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
    return None


def display_name(name: str, kind: FileKind) -> str:
    """The uploaded name, made harmless, with the extension of what the file really is."""
    base = PurePosixPath(name.replace("\\", "/")).name
    stem = _UNSAFE_NAME.sub("_", PurePosixPath(base).stem).strip(" .") or "附件"
    return stem[: 200 - len(kind.extension)] + kind.extension


def check_name(name: str) -> None:
    """Refuse names with path parts or control characters (before anything is received)."""
    if not name.strip() or _PATH_TRICK.search(name) or len(name) > 200:
        raise InvalidInput("文件名无效：不能含有路径、控制字符或以“.”开头", field="name")


def accepted_kind(received: Path, file_name: str, size_bytes: int) -> FileKind:
    """The kind of a received file, recognised by its content and matching its name's
    extension; anything else (an unknown kind, a wrong extension, an empty file) is refused."""
    check_name(file_name)
    kind = sniff(received)
    if kind is None:
        raise InvalidInput(f"不支持的文件类型：只接受 {ACCEPTED}", field="file")
    suffix = PurePosixPath(file_name).suffix.lower()
    allowed = {kind.extension, ".jpeg"} if kind == JPEG else {kind.extension}
    if suffix not in allowed:
        raise InvalidInput(
            f"文件名的扩展名与内容不符：内容是 {kind.label}，应以 {kind.extension} 结尾",
            field="name",
        )
    if size_bytes == 0:
        raise InvalidInput("文件为空", field="file")
    return kind
