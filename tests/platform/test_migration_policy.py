"""Migrations are expand-then-contract (docs/operations/upgrade.md): a migration after the
policy began may drop or rename a table or column, or change a column's type, only when it
says `# contract:` and names the release whose code stopped reading it."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.platform.schema_version import VERSIONS_DIR

POLICY_FROM = 25  # migrations 0025 and later; earlier ones predate rolling upgrades
DESTRUCTIVE = re.compile(
    r"op\.(drop_table|drop_column|rename_table)\(|new_column_name\s*=|type_\s*=|"
    r"\b(DROP\s+(TABLE|COLUMN)|RENAME\s+(TO|COLUMN)|ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE)\b",
    re.IGNORECASE,
)
CONTRACT = re.compile(r"#\s*contract:\s*\S+")


def destructive_without_contract(text: str) -> list[str]:
    """The lines of an upgrade() that shrink the schema without a `# contract:` note."""
    upgrade = text.split("def upgrade", 1)[-1].split("def downgrade", 1)[0]
    return [
        line.strip()
        for line in upgrade.splitlines()
        if DESTRUCTIVE.search(line) and not CONTRACT.search(line)
    ]


def test_new_migrations_only_expand_unless_they_say_what_they_contract() -> None:
    problems = {}
    for path in sorted(VERSIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")):
        if int(path.name[:4]) < POLICY_FROM:
            continue
        found = destructive_without_contract(path.read_text("utf-8"))
        if found:
            problems[path.name] = found
    assert problems == {}, (
        "a migration drops, renames or retypes what the previous release still reads: add a "
        "column or table instead (expand), and contract a release later with "
        f"`# contract: <release>` on the line: {problems}"
    )


def test_the_check_sees_a_drop_and_accepts_a_marked_contract() -> None:
    expand = 'def upgrade() -> None:\n    op.add_column("unit", sa.Column("x", sa.Text()))\n'
    drop = 'def upgrade() -> None:\n    op.drop_column("unit", "old_name")\n'
    rename = "def upgrade() -> None:\n    op.execute('ALTER TABLE unit RENAME COLUMN a TO b')\n"
    retype = 'def upgrade() -> None:\n    op.alter_column("unit", "x", type_=sa.Integer())\n'
    marked = 'def upgrade() -> None:\n    op.drop_column("unit", "old")  # contract: 2027.1\n'
    in_downgrade = expand + 'def downgrade() -> None:\n    op.drop_column("unit", "x")\n'
    assert destructive_without_contract(expand) == []
    assert destructive_without_contract(drop) == ['op.drop_column("unit", "old_name")']
    assert len(destructive_without_contract(rename)) == 1
    assert len(destructive_without_contract(retype)) == 1
    assert destructive_without_contract(marked) == []
    assert destructive_without_contract(in_downgrade) == []


def test_the_previous_release_is_named() -> None:
    named = (Path(__file__).resolve().parents[2] / "infra" / "previous-release").read_text()
    assert re.fullmatch(r"[0-9a-f]{40}\n?", named)
