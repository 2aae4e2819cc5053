"""The package graph's rules that a test can hold: the engine stands alone, and the packages
stand in layers.

`jixiao/engine/` is the pure appraisal engine (model, formats, computation). It imports nothing
of the rest of `jixiao` and no storage library, so `jixiao simulate` never pays for the ORM and
the stored path (`schemes`, `scoring`) builds on it, never the other way round.

Above it the packages are ordered (`LAYERS`): each imports only those before it. The
composition roots (`ROOTS`: the actors' loader, the broker's set-up, the scheduler, the app, the
demo, the commands) stand above all of them. The upward imports not yet removed are counted in
`KNOWN_UPWARD`, which may only go down (issue 12).
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


# The packages from the bottom up: each may import those before it, never one after it. Where a
# package holds a composition root or a command, that module is placed on its own (the longest
# name wins): the scheduler and the actors' registry start every job's code, the CLIs and the
# demo seed everything.
LAYERS: tuple[str, ...] = (
    "jixiao.engine",
    "jixiao.platform",
    "jixiao.workers",  # the broker and `enqueue`; the roots are below in ROOTS
    "jixiao.audit",
    "jixiao.tenants",
    "jixiao.identity",
    "jixiao.policies",
    "jixiao.org",
    "jixiao.notices",
    # the audit administrator's side: searching, exports, alerts, retention, the sign-in log
    "jixiao.audit.search",
    "jixiao.audit.signins",
    "jixiao.audit.export",
    "jixiao.audit.alerts",
    "jixiao.audit.retention",
    "jixiao.audit.tasks",
    "jixiao.schemes",
    "jixiao.tenants.onboarding",  # makes the administrators, their roles and a first scheme
    "jixiao.scoring",
    "jixiao.assignments",
    "jixiao.supervision",
    "jixiao.appeals",
    "jixiao.surveys",
    "jixiao.city",
    "jixiao.public_results",
    "jixiao.reports",
    "jixiao.support",
    # who is asking and what they may do: identity, policies and support grants together
    "jixiao.identity.authenticate",
    "jixiao.models",
    "jixiao.graphql",
)
ROOTS = (
    "jixiao.workers.actors",
    "jixiao.workers.broker",  # setting up loads every actor; domain code uses workers.queue
    "jixiao.workers.scheduler",
    "jixiao.app",
    "jixiao.demo",
    "jixiao.platform.backup_cli",
    "jixiao.identity.operator_cli",
    "jixiao.tenants.cli",
    "jixiao.schemes.cli",
    "jixiao.scoring.runs.cli",
    "jixiao.lazy_groups",
    "jixiao.cli",
)
# Upward imports not yet removed (issue 12): (importer, imported) package pairs and how many
# import statements make them. The test fails when a pair appears or grows, and when one shrinks
# or goes, so that this list is lowered with the code and never hides a new one.
KNOWN_UPWARD: dict[tuple[str, str], int] = {
    ("jixiao.schemes", "jixiao.scoring"): 13,
    ("jixiao.scoring", "jixiao.assignments"): 7,
    ("jixiao.scoring", "jixiao.appeals"): 4,
    ("jixiao.platform", "jixiao.models"): 3,
    ("jixiao.identity", "jixiao.policies"): 2,
    ("jixiao.schemes", "jixiao.assignments"): 2,
    ("jixiao.schemes", "jixiao.supervision"): 2,
    ("jixiao.org", "jixiao.schemes"): 1,
    ("jixiao.policies", "jixiao.org"): 1,
    ("jixiao.scoring", "jixiao.city"): 1,
    ("jixiao.tenants", "jixiao.models"): 1,
}


def _layer(module: str) -> tuple[int, str] | None:
    """Where a module stands: (rank, the package or root it belongs to), None if unplaced."""
    for rank, root in enumerate(ROOTS, start=len(LAYERS)):
        if module == root or module.startswith(root + "."):
            return rank, root
    found = [
        (rank, name)
        for rank, name in enumerate(LAYERS)
        if module == name or module.startswith(name + ".")
    ]
    return max(found, key=lambda item: len(item[1])) if found else None


def _module_of(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward_imports(package: Path) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """Every import of a module placed above the importer: by pair, with file and line; and
    the modules no layer places."""
    upward: dict[tuple[str, str], list[str]] = {}
    unplaced: list[str] = []
    for path in sorted(package.rglob("*.py")):
        module = _module_of(path, package)
        if module.startswith("jixiao.migrations") or module == "jixiao":
            continue
        here = _layer(module)
        if here is None:
            unplaced.append(module)
            continue
        for line, imported in imported_modules(path):
            if not imported.startswith("jixiao."):
                continue
            there = _layer(imported)
            if there is not None and there[0] > here[0]:
                where = f"{path.relative_to(package.parent)}:{line} imports {imported}"
                upward.setdefault((here[1], there[1]), []).append(where)
    return upward, unplaced


def test_packages_import_only_those_below_them() -> None:
    upward, unplaced = upward_imports(ENGINE.parent)
    assert unplaced == [], f"place these modules in LAYERS or ROOTS: {unplaced}"
    new = {
        pair: places for pair, places in upward.items() if len(places) > KNOWN_UPWARD.get(pair, 0)
    }
    assert not new, "upward imports (move the code down, or the import up):\n" + "\n".join(
        place for places in new.values() for place in places
    )
    lowered = {
        pair: (count, len(upward.get(pair, [])))
        for pair, count in KNOWN_UPWARD.items()
        if len(upward.get(pair, [])) < count
    }
    assert not lowered, f"lower KNOWN_UPWARD to what is left (was, now): {lowered}"


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    (package / "platform").mkdir(parents=True)
    (package / "platform" / "db.py").write_text("from jixiao.scoring.models import Score\n")
    (package / "scoring").mkdir()
    (package / "scoring" / "models.py").write_text("from jixiao.platform.db import x\n")
    upward, unplaced = upward_imports(package)
    assert unplaced == []
    assert list(upward) == [("jixiao.platform", "jixiao.scoring")]
