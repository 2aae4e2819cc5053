"""Migration 0010 keeps every stored drill-down: one row per line becomes one row per unit."""

from __future__ import annotations

import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select

from jixiao.platform.migrate import alembic_config
from jixiao.scoring.runs.models import ResultLine, ResultLines


def test_stored_lines_survive_the_move_to_one_row_per_unit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = alembic_config(url)
    command.upgrade(config, "0009")
    tenant, run = uuid.uuid4(), uuid.uuid4()
    old = [
        ("u1", 1, "B2", "乙", "Q1", "2.5", "0", None, "missing"),
        ("u1", 0, "B1", "甲", "Q1", "5", "4.25", "4.25", "scored"),
        ("u2", 0, "B1", "甲", "Q1", "5", "0", "3", "binding_failed"),
    ]
    with sqlite3.connect(tmp_path / "old.sqlite") as conn:  # foreign keys are off here
        conn.executemany(
            "INSERT INTO result_line (tenant_id, id, run_id, unit_code, position, indicator_code,"
            " indicator_name, period, available, score, raw_score, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(tenant.hex, uuid.uuid4().hex, run.hex, *row) for row in old],
        )
    command.upgrade(config, "0010")
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(ResultLines).order_by(ResultLines.unit_code)).all()  # type: ignore[arg-type]
        assert "result_line" not in engine.dialect.get_table_names(conn)
    engine.dispose()
    stored = {row.unit_code: ResultLine.unpack(ResultLines(**row._mapping), run) for row in rows}
    assert [(x.indicator_code, x.score, x.raw_score, x.status) for x in stored["u1"]] == [
        ("B1", Decimal("4.25"), Decimal("4.25"), "scored"),
        ("B2", Decimal(0), None, "missing"),
    ]
    assert [(x.indicator_code, x.status) for x in stored["u2"]] == [("B1", "binding_failed")]
