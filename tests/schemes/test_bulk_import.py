"""Imports at the speed of the database: set-based writes, revision moved, all or nothing."""

from __future__ import annotations

import collections
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine
from sqlmodel import col
from typer.testing import CliRunner

from bench.engine import build_data_doc, build_scheme_doc
from jixiao.audit.chain import verify_chain
from jixiao.audit.models import AuditEvent
from jixiao.cli import app
from jixiao.engine.formats import read_document
from jixiao.schemes import interchange, service
from jixiao.schemes.models import Scheme
from jixiao.scoring.models import Score
from tests.factories import make_tenant, tenant_user
from tests.schemes.conftest import World
from tests.schemes.support import snapshot


def city_files(folder: Path, units: int) -> tuple[Path, Path]:
    """bench/engine.py's city-scale scheme and data at a small size, as JSON files."""
    import random

    scheme = build_scheme_doc(units)
    data = build_data_doc(scheme, random.Random(2015))
    for leaf in scheme["scheme"]["indicators"][0]["children"]:
        leaf.pop("_kind", None)
    paths = folder / f"scheme-{units}.json", folder / f"data-{units}.json"
    for path, document in zip(paths, (scheme, data), strict=True):
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return paths


@contextmanager
def statements(engine: Engine) -> Iterator[collections.Counter[str]]:
    counted: collections.Counter[str] = collections.Counter()

    def count(*args: Any) -> None:
        counted[str(args[2]).split(None, 3)[0]] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_statements_do_not_grow_with_the_units(world: World, tmp_path: Path) -> None:
    totals = []
    for units in (10, 40):
        tenant = make_tenant(world.database, f"单位{units}")
        office = tenant_user(tenant, "scheme:write")
        scheme_file, data_file = city_files(tmp_path, units)
        with (
            statements(world.database.engine) as counted,
            world.database.tenant_session(tenant.id) as session,
        ):
            outcome = interchange.import_files(session, scheme_file, data_file, office)
            session.commit()
        assert outcome.counts["units"] == units
        totals.append(sum(counted.values()))
        with world.database.tenant_session(tenant.id) as session:
            created = session.execute(
                select(func.count()).where(AuditEvent.action == "unit.create")  # type: ignore[arg-type]
            ).scalar_one()
            assert created == units  # one audit event per new unit, as before
            assert verify_chain(session).ok
            rows = session.execute(select(func.count()).select_from(Score)).scalar_one()
            assert rows == outcome.counts["score"]
    assert totals[0] == totals[1], totals


def test_an_import_moves_the_inputs_revision(imported: World, example_dir: Path) -> None:
    def seq() -> int:
        with imported.database.tenant_session(imported.tenant.id) as session:
            return service.get_scheme(session, "jinfeng-2015").inputs_seq

    before = seq()
    with imported.database.tenant_session(imported.tenant.id) as session:
        raw = read_document(example_dir / "data.yaml")
        interchange.import_data(session, "jinfeng-2015", raw, actor=imported.office)
        session.commit()
    assert seq() == before + 1
    with imported.database.tenant_session(imported.tenant.id) as session:
        interchange.import_files(
            session, example_dir / "scheme.yaml", example_dir / "data.yaml", imported.office
        )
        session.commit()
    assert seq() == before + 2


def test_a_failure_after_the_rows_are_written_keeps_nothing(
    imported: World, example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(imported.database, imported.tenant.id)

    def fail(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("crash after COPY")

    monkeypatch.setattr(service, "audit", fail)
    with imported.database.tenant_session(imported.tenant.id) as session:
        with pytest.raises(RuntimeError):
            interchange.import_files(
                session, example_dir / "scheme.yaml", example_dir / "data.yaml", imported.office
            )
        session.rollback()
    assert snapshot(imported.database, imported.tenant.id) == before


def test_rows_belong_to_the_importing_tenant_only(imported: World) -> None:
    other = make_tenant(imported.database, "西夏区")
    with imported.database.tenant_session(other.id) as session:
        assert session.execute(select(func.count()).select_from(Score)).scalar_one() == 0
        assert session.execute(select(Scheme)).all() == []
        if imported.database.settings.is_postgres:  # row-level security alone, raw SQL
            assert session.execute(text("SELECT count(*) FROM score")).scalar_one() == 0
    with imported.database.tenant_session(imported.tenant.id) as session:
        tenants = list(session.execute(select(col(Score.tenant_id)).distinct()).scalars())
        if imported.database.settings.is_postgres:
            raw = session.execute(text("SELECT DISTINCT tenant_id FROM score")).scalars().all()
            assert raw == [imported.tenant.id]
    assert tenants == [imported.tenant.id]


def test_the_command_shows_its_progress(world: World, tmp_path: Path) -> None:
    scheme_file, data_file = city_files(tmp_path, 5)
    settings = world.database.settings
    env = {"JIXIAO_DATA_DIR": str(settings.data_dir), "JIXIAO_ENV": "test"}
    if settings.database_url:
        env["JIXIAO_DATABASE_URL"] = settings.database_url
    args = ["scheme", "import", str(scheme_file), "--tenant", world.tenant.code]
    done = CliRunner().invoke(app, [*args, "--data", str(data_file)], env=env)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("imported scheme city-2015")
    lines = done.stderr.splitlines()
    assert lines[:2] == ["reading files…", "validating…"]
    assert lines[-1] == "committing…"
    writing = [line for line in lines if line.startswith("writing ")]
    assert writing[0].startswith("writing 0 of ")
    total = writing[0].removeprefix("writing 0 of ").removesuffix(" rows")
    assert writing[-1] == f"writing {total} of {total} rows"
