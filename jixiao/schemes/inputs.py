"""What the engine needs for one stored scheme, and a version that identifies those inputs.

`engine_inputs` is the contract for result runs: it loads the scheme's rules and every data
row, validates them with the engine's own parsers (the same as `jixiao simulate`) and returns
the typed `Scheme` and `Data` with a sha256 `version` over their canonical JSON, so equal
inputs always give an equal version.
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

from jixiao.engine import Data, FormatError, Scheme, parse_data, parse_scheme
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.document import data_document, load_parts, scheme_document
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.models import Scheme as SchemeRow
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


def engine_inputs(session: JixiaoSession, scheme_code: str) -> EngineInputs:
    """Load, validate and version the inputs of a scheme of the session's tenant.

    Raises `NotFound` for an unknown code and `SchemeInvalid` (an `InvalidInput` with
    `.issues`) when the stored rules or data fail the engine's validation.
    """
    row = session.exec(select(SchemeRow).where(SchemeRow.code == scheme_code)).first()
    if row is None:
        raise NotFound(f"没有代码为「{scheme_code}」的考评方案", field="schemeCode")
    parts = load_parts(session, row)
    document, _paths = scheme_document(parts)
    try:
        scheme = parse_scheme(document, f"方案 {scheme_code}")
        data = parse_data(data_document(session, parts), scheme, f"方案 {scheme_code} 的数据")
    except FormatError as error:
        raise SchemeInvalid(error.issues) from None
    return EngineInputs(
        scheme=scheme,
        data=data,
        version=inputs_version(scheme, data),
        scheme_id=row.id,
        revision=row.revision,
        status=row.status.value,
    )


def inputs_version(scheme: Scheme, data: Data) -> str:
    """sha256 of the canonical JSON of the rules and of every data row (rows in any order)."""
    rows = {
        name: sorted(
            (canonical(item) for item in getattr(data, name)),
            key=lambda r: dump_json(r, indent=None),
        )
        for name in ("scores", "ratings", "adjustments", "city_items", "previous")
    }
    payload = {"scheme": canonical(scheme), "data": {"scheme": data.scheme, **rows}}
    text = dump_json(payload, indent=None, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
