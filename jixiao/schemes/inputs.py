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

from sqlmodel import select

from jixiao.engine import Data, FormatError, Scheme, parse_scheme
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.document import load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.models import Scheme as SchemeRow
from jixiao.schemes.stored_data import stored_data
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


def engine_inputs(session: JixiaoSession, scheme_code: str) -> EngineInputs:
    """Load, validate and version the inputs of a scheme of the session's tenant.

    Raises `NotFound` for an unknown code and `SchemeInvalid` (an `InvalidInput` with
    `.issues`) when the stored rules or data fail the engine's validation.
    """
    row = session.exec(select(SchemeRow).where(SchemeRow.code == scheme_code)).first()
    if row is None:
        raise NotFound(f"没有代码为「{scheme_code}」的考评方案", field="schemeCode")
    seq = row.inputs_seq  # read before the inputs: a later change can only move it further
    parts = load_parts(session, row)
    document, _paths = scheme_document(parts)
    try:
        scheme = parse_scheme(document, f"方案 {scheme_code}")
        data, data_digest = stored_data(session, parts, scheme)
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    digest = hashlib.sha256(dump_json(canonical(scheme), indent=None, sort_keys=True).encode())
    digest.update(data_digest)
    return EngineInputs(
        scheme=scheme,
        data=data,
        version=digest.hexdigest(),
        scheme_id=row.id,
        revision=row.revision,
        status=row.status.value,
        inputs_seq=seq,
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
