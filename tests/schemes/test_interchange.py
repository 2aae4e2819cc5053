"""Importing and exporting interchange files: all or nothing, entries named, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.engine import load_data, load_scheme
from jixiao.schemes import interchange, lifecycle, service
from jixiao.schemes.errors import SchemeInvalid, SchemeLocked
from tests.schemes.conftest import World
from tests.schemes.support import big_data_file, parse_export, snapshot


def test_a_bad_entry_among_a_thousand_changes_nothing(
    imported: World, example_dir: Path, tmp_path: Path
) -> None:
    data = big_data_file(tmp_path, example_dir, entries=1000, bad_at=617)
    before = snapshot(imported.database, imported.tenant.id)
    with imported.database.tenant_session(imported.tenant.id) as session:
        with pytest.raises(SchemeInvalid) as refused:
            interchange.import_files(session, example_dir / "scheme.yaml", data, imported.office)
        session.rollback()
    assert [issue.path for issue in refused.value.issues] == ["scores[617].unit"]
    assert "scores[617].unit" in refused.value.message
    assert "no-such-unit" in refused.value.message
    assert snapshot(imported.database, imported.tenant.id) == before


def test_an_export_of_an_import_is_equivalent(imported: World, example_dir: Path) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        text = interchange.export_text(session, "jinfeng-2015", with_data=True)
        as_json = interchange.export_text(session, "jinfeng-2015", syntax="json")
    scheme, data = parse_export(text)
    original = load_scheme(example_dir / "scheme.yaml")
    assert scheme == original
    assert data == load_data(example_dir / "data.yaml", original)
    assert parse_export(as_json)[0] == original


def test_a_draft_is_replaced_and_keeps_its_data(imported: World, example_dir: Path) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        outcome = interchange.import_files(
            session, example_dir / "scheme.yaml", None, imported.office
        )
        session.commit()
        assert outcome.replaced
        text = interchange.export_text(session, "jinfeng-2015", with_data=True)
    _, data = parse_export(text)
    original = load_scheme(example_dir / "scheme.yaml")
    assert data == load_data(example_dir / "data.yaml", original)


def test_an_approved_scheme_is_not_replaced(imported: World, example_dir: Path) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        scheme = service.get_scheme(session, "jinfeng-2015")
        lifecycle.approve(session, scheme, actor=imported.office)
        session.commit()
        with pytest.raises(SchemeLocked) as refused:
            interchange.import_files(session, example_dir / "scheme.yaml", None, imported.office)
    assert "只有草稿可以被替换" in refused.value.message


def test_scheme_errors_name_the_entry(world: World) -> None:
    text = (
        "format: jixiao.scheme/1\nscheme:\n  code: x\n  name: X\n  year: 2015\n"
        "  periods: [Q4]\n  components: [{code: indicators, name: 指标, weight: 90}]\n"
        "  groups: []\n  units: []\n  indicators: []\n"
    )
    with (
        world.database.tenant_session(world.tenant.id) as session,
        pytest.raises(SchemeInvalid) as refused,
    ):
        interchange.import_text(session, text, actor=world.office)
    paths = {issue.path for issue in refused.value.issues}
    assert "scheme.components" in paths
    assert "应为 100" in refused.value.message
