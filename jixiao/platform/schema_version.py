"""Whether a database's schema is at our newest migration, without loading Alembic.

Every command that works on stored data (`scheme import`, `results compute`, `tenant …`) asks
this first. Alembic's own answer imports Alembic and executes every migration file (a few tenths
of a second of each command's start-up); the head is plain to read instead: each file under
`migrations/versions` names its `revision` and the `down_revision` it follows, and a head is a
revision no other file follows. tests/platform/test_schema_version.py holds this reading equal to
Alembic's `ScriptDirectory.get_heads()`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, inspect, pool, text

from jixiao.platform.config import Settings

VERSIONS_DIR = Path(__file__).resolve().parents[1] / "migrations" / "versions"
_REVISION = re.compile(r'^revision(?::[^=]*)?=\s*["\']([^"\']+)["\']', re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r'["\']([^"\']+)["\']')


class UnreadableMigration(ValueError):
    """A migration file whose revision this module cannot read."""


@cache
def known_revisions(folder: Path = VERSIONS_DIR) -> frozenset[str]:
    """Every revision this code's migrations name."""
    return frozenset(_history(folder)[0])


@cache
def head_revisions(folder: Path = VERSIONS_DIR) -> frozenset[str]:
    """The revisions no other migration follows (one, while the history is a line)."""
    revisions, followed = _history(folder)
    return frozenset(revisions - followed)


def _history(folder: Path) -> tuple[set[str], set[str]]:
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in sorted(folder.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        down = _DOWN.search(source)
        if found is None or down is None:
            raise UnreadableMigration(f"{path.name}: no `revision = …` or `down_revision = …`")
        revisions.add(found.group(1))
        followed.update(_QUOTED.findall(down.group(1)))
    return revisions, followed


def can_serve(found: frozenset[str], folder: Path = VERSIONS_DIR) -> bool:
    """Whether this code may serve a database at the revisions `found`.

    At its own head, yes. At a revision this code does not know, too: migrations only move
    forward and a release's migrations only expand what the release before reads
    (docs/operations/upgrade.md), so an unknown revision is a newer release's, and during a
    rolling upgrade the processes of the previous release keep serving. At an older revision
    of its own history, or never migrated, no: `jixiao migrate` first.
    """
    if found == head_revisions(folder):
        return True
    return bool(found) and not found & known_revisions(folder)


def current_revisions(url: str) -> frozenset[str]:
    """The revisions the database records (empty when it was never migrated)."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return frozenset()
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return frozenset(rows)
    finally:
        engine.dispose()


def is_current(settings: Settings) -> bool:
    """Whether the database is at the newest migration (False for an empty database)."""
    if (
        not settings.is_postgres
        and not settings.effective_database_url.startswith("sqlite:///:memory:")
        and not (settings.data_dir / "jixiao.sqlite3").exists()
        and not settings.database_url
    ):
        return False
    return current_revisions(settings.effective_database_url) == head_revisions()
