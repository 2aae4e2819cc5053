"""Helpers for scheme tests: snapshots of a tenant's rows, generated data files."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlmodel import SQLModel

import jixiao.models  # noqa: F401 - every table in the metadata
from jixiao.engine import Data, Scheme, parse_data, parse_scheme
from jixiao.engine.formats import parse_text
from jixiao.platform.db import Database
from jixiao.platform.migrate import tenant_tables
from jixiao.schemes.textio import split_documents


def snapshot(database: Database, tenant_id: uuid.UUID) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every tenant table of one tenant, in primary-key order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with database.tenant_session(tenant_id) as session:
        for name in tenant_tables():
            table = SQLModel.metadata.tables[name]
            statement = (
                select(table)
                .where(table.c.tenant_id == tenant_id)
                .order_by(*table.primary_key.columns)
            )
            found[name] = [tuple(row) for row in session.execute(statement)]
    return found


def parse_export(text: str) -> tuple[Scheme, Data | None]:
    """The engine's reading of an exported text (a scheme, maybe followed by its data)."""
    documents = [parse_text(part, "export") for part in split_documents(text)]
    scheme = parse_scheme(documents[0], "export")
    data = parse_data(documents[1], scheme, "export") if len(documents) > 1 else None
    return scheme, data


def big_data_file(folder: Path, example: Path, *, entries: int, bad_at: int) -> Path:
    """A data file of about `entries` manual scores; the entry at `bad_at` names no unit."""
    scheme = yaml.safe_load((example / "scheme.yaml").read_text("utf-8"))["scheme"]
    units = [u["code"] for u in scheme["units"]]
    scores = []
    index = 0
    while len(scores) < entries:
        unit = units[index % len(units)]
        scorer = f"lingdao{index // len(units)}"
        scores.append(
            {"unit": unit, "indicator": "D1", "period": "Q1", "scorer": scorer, "value": 3}
        )
        index += 1
    scores[bad_at]["unit"] = "no-such-unit"
    path = folder / "big-data.yaml"
    document = {"format": "jixiao.data/1", "scheme": "jinfeng-2015", "scores": scores}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path
