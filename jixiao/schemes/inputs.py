"""What the engine needs for one stored scheme, and a version that identifies those inputs.

`engine_inputs` is the contract for result runs: it loads the scheme's rules (validated by the
engine's own parser, as `jixiao simulate` does) and every data row (`stored_data`: plain tuples
checked column by column, the engine's own validation for any row that fails), and returns the
typed `Scheme` and `Data` with a sha256 `version` over the canonical rules and the sorted rows,
so equal inputs always give an equal version. Knowing that nothing changed does not need any of
this: `inputs_seq` (see `revision.py`) answers that.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from jixiao.engine import Data, FormatError, Scheme, parse_scheme
from jixiao.engine.model import ScoreEntry
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.recent import Recent
from jixiao.schemes import revision
from jixiao.schemes.document import PartKeys, load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.models import Scheme as SchemeRow
from jixiao.schemes.queries import fresh_scheme, inputs_seq, scheme_id_of
from jixiao.schemes.stored_data import (
    SMALL,
    RowRefused,
    SmallSections,
    UnitScores,
    parse_all,
    read_scores,
    rows_digest,
    rules_of,
    small_sections,
    unit_scores,
)
from jixiao.schemes.textio import dump_json


@dataclass(frozen=True)
class EngineInputs:
    """A stored scheme as the engine reads it, and the version of these exact inputs."""

    scheme: Scheme
    data: Data
    version: str
    scheme_id: uuid.UUID
    revision: int = 0  # the scheme's last approved revision (0: never approved)
    status: str = "draft"
    inputs_seq: int = 0  # the scheme's inputs revision read before the inputs (`revision.py`)
    # Per unit code: a digest of what its drill-down lines are computed from (rules, its scores)
    lines_keys: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # Per unit code: its score entries (those of `data.scores`, in the same order)
    by_unit: Mapping[str, UnitScores] = dataclasses.field(default_factory=dict)
    # Per unit code: the organisation unit (the scheme's members)
    unit_ids: Mapping[str, uuid.UUID] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """What a reader keeps of a scheme's inputs between recomputes (see `InputsCache`)."""

    seq: int
    keys: PartKeys  # codes by id (plain values: no row outlives its session here)
    scheme: Scheme
    scheme_digest: str
    member_codes: Mapping[str, str]  # unit id (text) → code, for the revision's change log
    scores: Mapping[str, UnitScores]
    small: SmallSections


class InputsCache(Recent[tuple[str, uuid.UUID, uuid.UUID], Loaded]):
    """The inputs of the last few schemes read by this process, each at its revision.

    A recompute after a change re-reads only the units the change log names (all of it when
    the rules changed). Entries are replaced whole, never changed in place, so a reader in
    another thread keeps a consistent one. Keyed by database, tenant and scheme: nothing
    crosses tenants (or databases).
    """

    def __init__(self, size: int = 2) -> None:  # ~0.5 GB resident per 3,000-unit scheme
        super().__init__(size)


def engine_inputs(
    session: JixiaoSession, scheme_code: str, *, cache: InputsCache | None = None
) -> EngineInputs:
    """Load, validate and version the inputs of a scheme of the session's tenant.

    Raises `NotFound` for an unknown code and `SchemeInvalid` (an `InvalidInput` with
    `.issues`) when the stored rules or data fail the engine's validation. With a `cache`,
    inputs read before at an older revision are brought up to date from the change log.
    """
    row = _held_row(session, scheme_code)
    # Read fresh, before the inputs: a later change can only move it further.
    seq = inputs_seq(session, row.id)
    if cache is not None and revision.pending(session):
        cache = None  # this transaction's own changes are not in the change log yet
    key = (session.database_key, session.require_tenant(), row.id)
    held = cache.get(key) if cache is not None else None
    try:
        loaded = _brought_up(session, held, seq) if held is not None else None
        if loaded is None:
            loaded = _load(session, row, seq)
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    if cache is not None:
        cache.put(key, loaded)
    return _inputs(row, loaded)


def _held_row(session: JixiaoSession, scheme_code: str) -> SchemeRow:
    """The scheme's row, read after the scheme is held (`revision.hold`): an import replacing
    the scheme is then wholly before or after what the caller reads next."""
    found = scheme_id_of(session, scheme_code)
    if found is None:
        raise NotFound(f"没有代码为「{scheme_code}」的考评方案", field="schemeCode")
    revision.hold(session, found)
    return fresh_scheme(session, found)


# Parsed rules per (tenant, scheme) with the inputs revision they were read at: every entry,
# report and workbench asks for them, and they change far less often than the data.
_RULES: Recent[tuple[str, uuid.UUID, uuid.UUID], tuple[int, Scheme]] = Recent(256)


def engine_rules(session: JixiaoSession, scheme_code: str) -> tuple[Scheme, uuid.UUID]:
    """A stored scheme's rules as the engine reads them, without its data: what entry checks
    against. No stored entry can make them fail (`NotFound` for an unknown code).

    Kept per process: the rules read at an inputs revision are used again at a later one when
    the change log says only units' data changed since (`revision.changes_since`); a change of
    rules, names or members, or a log that no longer reaches back, reads them again. A
    transaction with changes of its own not yet counted neither uses nor keeps them.
    """
    row = _held_row(session, scheme_code)
    key = (session.database_key, session.require_tenant(), row.id)
    own_changes = revision.pending(session)
    held = None if own_changes else _RULES.get(key)
    if held is not None:
        seq, scheme = held
        if seq == row.inputs_seq:
            return scheme, row.id
        if revision.changes_since(session, row.id, seq, row.inputs_seq) is not None:
            _RULES.put(key, (row.inputs_seq, scheme))
            return scheme, row.id
    document, _paths = scheme_document(load_parts(session, row))
    try:
        scheme = parse_scheme(document, f"方案 {row.code}")
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    if not own_changes:
        _RULES.put(key, (row.inputs_seq, scheme))
    return scheme, row.id


def _load(session: JixiaoSession, row: SchemeRow, seq: int) -> Loaded:
    parts = load_parts(session, row)
    document, _paths = scheme_document(parts)
    scheme = parse_scheme(document, f"方案 {row.code}")
    text = dump_json(canonical(scheme), indent=None, sort_keys=True)
    rules = rules_of(scheme)
    by_unit = read_scores(session, row.id)
    try:
        scores = {code: unit_scores(rows, rules) for code, rows in by_unit.items()}
    except RowRefused:
        # The engine's parser names the entry it refuses; one the quick check refused but the
        # parser takes is used as the parser read it.
        parsed = parse_all(session, parts, scheme)
        grouped: dict[str, list[ScoreEntry]] = {}
        for entry in parsed.scores:
            grouped.setdefault(entry.unit, []).append(entry)
        scores = {
            code: UnitScores(tuple(grouped.get(code, ())), rows_digest(rows))
            for code, rows in by_unit.items()
        }
    keys = PartKeys.of(parts)
    return Loaded(
        seq=seq,
        keys=keys,
        scheme=scheme,
        scheme_digest=hashlib.sha256(text.encode()).hexdigest(),
        member_codes={str(unit.id): unit.code for _, unit in parts.members},
        scores=scores,
        small=small_sections(session, keys, scheme),
    )


def _brought_up(session: JixiaoSession, held: Loaded, seq: int) -> Loaded | None:
    """`held` at revision `seq`, re-reading only the changed units; None: read it all."""
    if held.seq == seq:
        return held
    changed = revision.changes_since(session, held.keys.scheme_id, held.seq, seq)
    if changed is None:
        return None
    small_changed = revision.SMALL_SECTIONS in changed
    changed.discard(revision.SMALL_SECTIONS)
    if not changed <= held.member_codes.keys():
        return None
    by_unit = read_scores(session, held.keys.scheme_id, [uuid.UUID(u) for u in changed])
    rules = rules_of(held.scheme)
    scores = dict(held.scores)
    try:
        for unit_id in changed:
            code = held.member_codes[unit_id]
            rows = by_unit.get(code)
            if rows:
                scores[code] = unit_scores(rows, rules)
            else:
                scores.pop(code, None)
    except RowRefused:
        return None  # read it all: the parser then names the entry
    small = small_sections(session, held.keys, held.scheme) if small_changed else held.small
    return dataclasses.replace(held, seq=seq, scores=scores, small=small)


def _inputs(row: SchemeRow, loaded: Loaded) -> EngineInputs:
    scheme, scores, small = loaded.scheme, loaded.scores, loaded.small
    order = [unit.code for unit in scheme.units]
    entries = tuple(entry for code in order if code in scores for entry in scores[code].entries)
    data = Data(scheme.code, entries, *(getattr(small.data, name) for name in SMALL))
    digest = hashlib.sha256(f"{loaded.scheme_digest}:{small.digest}".encode())
    for code in sorted(scores):
        digest.update(f";{code}:{scores[code].digest}".encode())
    base = loaded.scheme_digest
    lines_keys = {
        code: hashlib.sha256(
            f"{base}:{scores[code].digest if code in scores else ''}".encode()
        ).hexdigest()
        for code in order
    }
    return EngineInputs(
        scheme=scheme,
        data=data,
        version=digest.hexdigest(),
        scheme_id=row.id,
        revision=row.revision,
        status=row.status.value,
        inputs_seq=loaded.seq,
        lines_keys=lines_keys,
        by_unit=scores,
        unit_ids={code: unit_id for unit_id, code in loaded.keys.units.items()},
    )


def canonical(value: Any) -> Any:
    """A JSON-ready form of engine values: equal values give equal JSON (1.0 and 1 alike)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__type": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, Mapping):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return value
