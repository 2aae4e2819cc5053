"""The package graph's rules that a test can hold: the engine stands alone.

`jixiao/engine/` is the pure appraisal engine (model, formats, computation). It imports nothing
of the rest of `jixiao` and no storage library, so `jixiao simulate` never pays for the ORM and
the stored path (`schemes`, `scoring`) builds on it, never the other way round.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "jixiao" / "engine"
FORBIDDEN_LIBRARIES = ("sqlalchemy", "sqlmodel", "psycopg", "alembic", "strawberry", "dramatiq")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, with its line (relative imports resolved to `jixiao.engine`)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found.append((node.lineno, f"jixiao.engine.{module}" if node.level else module))
    return found


def test_engine_imports_nothing_above_it() -> None:
    wrong = []
    for path in sorted(ENGINE.rglob("*.py")):
        for line, module in imported_modules(path):
            top = module.split(".")[0]
            upward = top == "jixiao" and not module.startswith("jixiao.engine")
            if upward or top in FORBIDDEN_LIBRARIES:
                wrong.append(f"{path.relative_to(ENGINE.parent.parent)}:{line} imports {module}")
    assert not wrong, "the engine must not depend on storage or domains:\n" + "\n".join(wrong)


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from jixiao.platform.db import JixiaoSession\nimport sqlmodel\n")
    modules = [module for _, module in imported_modules(sample)]
    assert modules == ["jixiao.platform.db", "sqlmodel"]
