"""`schema_version` reads the migrations' head as Alembic does, and a database's place in them."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from jixiao.platform.config import Settings
from jixiao.platform.migrate import alembic_config, upgrade
from jixiao.platform.schema_version import (
    UnreadableMigration,
    head_revisions,
    is_current,
)


def test_the_head_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revisions() == frozenset(script.get_heads())


def _migration(folder: Path, name: str, revision: str, down: str) -> None:
    (folder / name).write_text(
        f'"""{name}"""\n\nrevision: str = "{revision}"\ndown_revision: str | None = {down}\n',
        encoding="utf-8",
    )


def test_branches_and_merges_are_read(tmp_path: Path) -> None:
    _migration(tmp_path, "a.py", "a", "None")
    _migration(tmp_path, "b.py", "b", '"a"')
    _migration(tmp_path, "c.py", "c", '"a"')
    assert head_revisions(tmp_path) == {"b", "c"}  # two branches: two heads
    _migration(tmp_path, "d.py", "d", '("b", "c")')
    head_revisions.cache_clear()
    assert head_revisions(tmp_path) == {"d"}


def test_a_file_without_a_revision_is_refused(tmp_path: Path) -> None:
    (tmp_path / "odd.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(UnreadableMigration, match=r"odd\.py"):
        head_revisions(tmp_path)


def test_a_database_is_current_only_once_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("JIXIAO_DATABASE_URL", raising=False)
    monkeypatch.delenv("JIXIAO_MIGRATION_DATABASE_URL", raising=False)
    settings = Settings.from_env()
    assert not is_current(settings)  # no database file yet
    (tmp_path / "jixiao.sqlite3").touch()
    assert not is_current(settings)  # a file with no alembic_version
    upgrade(settings)
    assert is_current(settings)
