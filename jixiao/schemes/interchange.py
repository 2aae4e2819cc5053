"""`jixiao.scheme/1` and `jixiao.data/1` in and out of the database, all or nothing.

Validation is the engine's own (`parse_scheme`, `parse_data`), so an import accepts exactly
what `jixiao simulate` accepts, and errors name the entry (`data.yaml: scores[17].unit: …`).
Nothing is written before everything has been checked; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.engine import Data, FormatError, parse_data, parse_scheme
from jixiao.engine import model as engine
from jixiao.engine.formats import parse_text, read_document
from jixiao.platform.auth import Subject
from jixiao.platform.bulk import Progress, no_progress
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.schemes import merge, periods, revision, service
from jixiao.schemes.document import data_document, load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid, SchemeLocked
from jixiao.schemes.models import Scheme, SchemeStatus
from jixiao.schemes.store import check_limits, clear_rules, ensure_units, store_data, store_rules
from jixiao.schemes.textio import dump_json, dump_yaml, split_documents
from jixiao.scoring.models import DataSource

_SECTIONS = ("scores", "ratings", "adjustments", "city_items", "previous")
_TABLES = {
    "scores": "score",
    "ratings": "rating",
    "adjustments": "adjustment",
    "city_items": "city_item",
    "previous": "previous_outcome",
}


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did."""

    scheme: Scheme
    replaced: bool
    counts: dict[str, int] = field(default_factory=dict)
    diff: merge.DataDiff | None = None  # a data import's rows added, changed, kept, removed


def _engine_scheme(raw: object, file: str) -> engine.Scheme:
    try:
        scheme = parse_scheme(raw, file)
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    check_limits(scheme, file)
    return scheme


def _engine_data(raw: object, scheme: engine.Scheme, file: str) -> Data:
    try:
        return parse_data(raw, scheme, file)
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None


def import_documents(
    session: JixiaoSession,
    scheme_raw: object,
    data_raw: object | None = None,
    *,
    actor: Subject,
    scheme_file: str = "scheme",
    data_file: str = "data",
    source: str = "导入",
    progress: Progress = no_progress,
) -> ImportOutcome:
    """Import a scheme (and optionally its data); an existing scheme is replaced only if a draft.

    Replacing a draft without new data keeps its data when it still fits the new rules.
    """
    progress("validating", 0, 0)
    rules = _engine_scheme(scheme_raw, scheme_file)
    data = _engine_data(data_raw, rules, data_file) if data_raw is not None else None
    row = service.find_scheme(session, rules.code)
    replaced = row is not None
    if row is not None:
        _hold_alone(session, row)
        if row.status is not SchemeStatus.DRAFT:
            raise SchemeLocked(
                f"方案「{rules.code}」{row.status.label}，导入不能替换它：只有草稿可以被替换。"
                "如需修改，请先发起修订（退回草稿），或改用新的方案代码",
                field="code",
            )
        parts = load_parts(session, row)
        extras = {n.code: (n.criteria, n.evidence) for n in parts.indicators}
        if data is None:
            kept = data_document(session, parts)
            if any(kept[key] for key in _SECTIONS):
                data = _engine_data(kept, rules, f"方案 {rules.code} 的现有数据")
        clear_rules(session, row)
    else:
        extras = {}
        row = Scheme(code=rules.code, name=rules.name, year=rules.year, source=source)
        session.add(row)
        session.flush()
    units = ensure_units(session, rules.units, scheme_file, actor)
    stored = store_rules(session, row, rules, units, extras)
    counts: dict[str, int] = {"units": stored.units, "indicators": stored.indicators}
    if data is not None:
        by = _name(actor)
        counts |= store_data(
            session, row, data, source=DataSource.IMPORT, entered_by=by, progress=progress
        )
    service.audit(
        session,
        row,
        "scheme.import",
        actor,
        after={"code": row.code, "replaced": replaced, "source": source, **counts},
    )
    return ImportOutcome(row, replaced, counts)


def import_data(
    session: JixiaoSession,
    code: str,
    data_raw: object,
    *,
    actor: Subject,
    file: str = "data",
    progress: Progress = no_progress,
    mode: merge.DataMode = merge.DataMode.MERGE,
    preview: bool = False,
) -> ImportOutcome:
    """Import a `jixiao.data/1` document into a scheme (not once it is closed): merged by
    natural key, keeping what the file does not mention, or replacing the whole data
    (`merge.py`). A `preview` only tells what it would do (`outcome.diff`): nothing written."""
    progress("validating", 0, 0)
    row = service.get_scheme(session, code)
    _hold_alone(session, row)
    if row.status is SchemeStatus.CLOSED:
        raise SchemeLocked(f"方案「{code}」已关闭，不能再导入数据", field="code")
    parts = load_parts(session, row)
    document, _ = scheme_document(parts)
    rules = _engine_scheme(document, f"方案 {code}")
    data = _engine_data(data_raw, rules, file)
    periods.require_data_open(session, row, data, what="导入数据")
    replacing = mode is merge.DataMode.REPLACE
    if replacing:  # replacing removes the rows of every period, the file's or not
        for period in (*row.periods, periods.ANNUAL):
            periods.require_open(session, row, period, what="替换导入数据")
    found = merge.plan(session, row, data, mode)  # what it does, in words (the preview)
    counts = {name: len(getattr(data, section)) for section, name in _TABLES.items()}
    counts |= found.diff.totals
    if preview:
        return ImportOutcome(row, replacing, counts, diff=found.diff)
    if replacing:
        store_data(
            session, row, data, source=DataSource.IMPORT, entered_by=_name(actor), progress=progress
        )
    else:
        merge.apply_merge(session, found, entered_by=_name(actor), file=file, progress=progress)
    after = {"code": code, "mode": mode.value, **counts}
    service.audit(session, row, "scheme.data.import", actor, after=after)
    return ImportOutcome(row, replacing, counts, diff=found.diff)


def _hold_alone(session: JixiaoSession, row: Scheme) -> None:
    """Replace the scheme alone (no recompute or other import meanwhile), as it now stands."""
    revision.hold(session, row.id, alone=True)
    session.refresh(row)


def _name(actor: Subject) -> str | None:
    return actor.display_name or actor.username


def read_text(text: str, file: str) -> tuple[object, object | None]:
    """The scheme and, when the text holds a second document, the data of an upload."""
    parts = split_documents(text)
    if not parts:
        raise InvalidInput(f"{file}: 内容为空", field="text")
    if len(parts) > 2:
        raise InvalidInput(f"{file}: 最多包含两个文档（方案和数据）", field="text")
    try:
        documents = [parse_text(part, file) for part in parts]
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    return documents[0], documents[1] if len(documents) == 2 else None


def import_text(
    session: JixiaoSession,
    text: str,
    data_text: str | None = None,
    *,
    actor: Subject,
    progress: Progress = no_progress,
) -> ImportOutcome:
    """Import uploaded YAML or JSON text (a scheme, or a scheme and its data)."""
    progress("reading", 0, 0)
    scheme_raw, data_raw = read_text(text, "scheme")
    if data_text is not None and data_text.strip():
        if data_raw is not None:
            raise InvalidInput("数据既在方案文本中又单独提供了，只能给一份", field="dataText")
        try:
            data_raw = parse_text(data_text, "data")
        except FormatError as error:
            raise SchemeInvalid(error.issues) from None
    return import_documents(session, scheme_raw, data_raw, actor=actor, progress=progress)


def import_files(
    session: JixiaoSession,
    scheme_path: Path,
    data_path: Path | None = None,
    actor: Subject | None = None,
    progress: Progress = no_progress,
) -> ImportOutcome:
    """Import a scheme file (YAML or JSON) and optionally a data file."""
    from jixiao.audit.service import SYSTEM

    progress("reading", 0, 0)
    try:
        if scheme_path.suffix.lower() in (".yaml", ".yml", ""):
            try:
                text = scheme_path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                read_document(scheme_path)  # raises FormatError with the reason in Chinese
                raise
            scheme_raw, data_raw = read_text(text, str(scheme_path))
        else:
            scheme_raw, data_raw = read_document(scheme_path), None
        if data_path is not None:
            data_raw = read_document(data_path)
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    return import_documents(
        session,
        scheme_raw,
        data_raw,
        actor=actor or SYSTEM,
        scheme_file=str(scheme_path),
        data_file=str(data_path) if data_path else "data",
        progress=progress,
    )


def export_documents(
    session: JixiaoSession, code: str, *, with_data: bool = False
) -> list[dict[str, Any]]:
    """The stored scheme (and its data) as `jixiao.scheme/1` (and `jixiao.data/1`) mappings."""
    row = service.get_scheme(session, code, field="code")
    parts = load_parts(session, row)
    document, _ = scheme_document(parts)
    documents = [document]
    if with_data:
        documents.append(data_document(session, parts))
    return documents


def export_text(
    session: JixiaoSession, code: str, *, with_data: bool = False, syntax: str = "yaml"
) -> str:
    """The export as text: YAML (two documents with data) or JSON (the scheme alone)."""
    if syntax not in ("yaml", "json"):
        raise InvalidInput(f"未知的导出格式「{syntax}」（可选：yaml、json）", field="format")
    documents = export_documents(session, code, with_data=with_data)
    if syntax == "json":
        if len(documents) == 1:
            return dump_json(documents[0]) + "\n"
        raise InvalidInput("JSON 只能导出方案本身；带数据导出请用 YAML", field="format")
    return "---\n".join(dump_yaml(document) for document in documents)
