"""The package graph's rules that a test can hold: the engine stands alone, and the packages
stand in layers.

`jixiao/engine/` is the pure appraisal engine (model, formats, computation). It imports nothing
of the rest of `jixiao` and no storage library, so `jixiao simulate` never pays for the ORM and
the stored path (`schemes`, `scoring`) builds on it, never the other way round.

Above it the packages are ordered (`LAYERS`): each imports only those before it. The
composition roots (`ROOTS`: the actors' loader, the broker's set-up, the scheduler, the app, the
demo, the commands) stand above all of them. No module imports one above it, so the graph has
no cycle; where a package serves both below and above another (audit's `record` and its search,
the tables and the services), its parts are placed on their own. The reads other domains make of
a domain's rows (`READS`) stand just above the tables, and no domain selects another's table
itself.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "jixiao" / "engine"
FORBIDDEN_LIBRARIES = ("sqlalchemy", "sqlmodel", "psycopg", "alembic", "strawberry", "dramatiq")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, with its line (relative imports resolved to `jixiao.engine`).
    `from jixiao.scoring import models` imports the module `jixiao.scoring.models`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            module = f"jixiao.engine.{module}" if node.level else module
            submodules = [f"{module}.{alias.name}" for alias in node.names]
            submodules = [name for name in submodules if _is_module(name)]
            found.extend((node.lineno, name) for name in submodules or [module])
    return found


def _is_module(name: str) -> bool:
    if not name.startswith("jixiao."):
        return False
    where = ENGINE.parent.parent.joinpath(*name.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


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
# The tables are one layer just above the platform: a table module imports only the engine, the
# platform and other tables (`test_tables_stand_on_the_platform_alone`), so that a service may
# read any domain's rows without standing above that domain's services.
TABLES: tuple[str, ...] = (
    "jixiao.appeals.models",
    "jixiao.assignments.models",
    "jixiao.audit.models",
    "jixiao.city.models",
    "jixiao.identity.models",
    "jixiao.notices.models",
    "jixiao.org.models",
    "jixiao.policies.models",
    "jixiao.public_results.models",
    "jixiao.reports.models",
    "jixiao.schemes.import_job_model",
    "jixiao.schemes.models",
    "jixiao.schemes.template_models",
    "jixiao.scoring.form_models",
    "jixiao.scoring.models",
    "jixiao.scoring.records",
    "jixiao.scoring.runs.models",
    "jixiao.supervision.models",
    "jixiao.support.models",
    "jixiao.surveys.models",
    "jixiao.tenants.models",
)
# Just above the tables stand the reads other domains make of a domain's rows (`READS`): each
# imports only the tables, the platform and the reads before it, so that a low domain may read a
# higher one's rows (the organisation asks whether a scheme fixes a unit's code) without standing
# above its services.
READS: tuple[str, ...] = (
    "jixiao.org.queries",  # units and their links
    "jixiao.policies.queries",  # who holds a role or a permission; the roles' names
    "jixiao.identity.queries",  # users, operators, the sign-in log (links and roles as subqueries)
    "jixiao.schemes.lookup",  # a scheme by code, its members, components and indicators
    "jixiao.scoring.queries",  # score rows, survey ratings, the next entry number
    "jixiao.supervision.queries",  # a period's deadlines and closing
    "jixiao.assignments.access",  # who may see which task and report (score entry's too)
    "jixiao.assignments.queries",  # tasks, reports and evidence, through `access`
)
LAYERS: tuple[str | tuple[str, ...], ...] = (
    "jixiao.engine",
    "jixiao.platform",
    TABLES,
    *READS,
    "jixiao.workers",  # the broker and `enqueue`; the roots are below in ROOTS
    "jixiao.audit",
    "jixiao.tenants",
    "jixiao.org",
    "jixiao.policies",
    "jixiao.identity",
    "jixiao.notices",
    # the audit administrator's side: searching, exports, alerts, retention
    "jixiao.audit.search",
    "jixiao.audit.export",
    "jixiao.audit.alerts",
    "jixiao.audit.retention",
    "jixiao.audit.tasks",
    "jixiao.schemes",
    "jixiao.tenants.onboarding",  # makes the administrators, their roles and a first scheme
    "jixiao.scoring",  # score entry and what the engine's inputs are stored in
    "jixiao.schemes.copying",  # a new year's scheme, its last places from last year's results
    "jixiao.assignments",
    "jixiao.city",  # the city's rankings, and the items a district receives from them
    "jixiao.appeals.repository",  # the appeals' reads below their services (the window's count)
    "jixiao.appeals.window",  # when a published run's appeals close: its publicity ends then
    "jixiao.scoring.runs",  # result runs compute from all of the above
    "jixiao.city.compare",
    "jixiao.supervision",
    "jixiao.appeals",
    "jixiao.scoring.entry.record_files",  # the evidence of every kind of record, appeals' too
    "jixiao.surveys",
    "jixiao.public_results",
    "jixiao.reports",
    "jixiao.support",
    # who is asking and what they may do: identity, policies and support grants together
    "jixiao.identity.authenticate",
    "jixiao.models",
    "jixiao.tenants.leaving",  # a government's every row, exported or deleted
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


def _layer(module: str) -> tuple[int, str] | None:
    """Where a module stands: (rank, the package or root it belongs to), None if unplaced."""
    for rank, root in enumerate(ROOTS, start=len(LAYERS)):
        if module == root or module.startswith(root + "."):
            return rank, root
    found = [
        (rank, name)
        for rank, layer in enumerate(LAYERS)
        for name in ((layer,) if isinstance(layer, str) else layer)
        if module == name or module.startswith(name + ".")
    ]
    return max(found, key=lambda item: len(item[1])) if found else None


def test_tables_stand_on_the_platform_alone() -> None:
    wrong = []
    for name in TABLES:
        path = ENGINE.parent.parent.joinpath(*name.split(".")).with_suffix(".py")
        for line, module in imported_modules(path):
            if module.startswith("jixiao.") and not (
                module.startswith(("jixiao.engine", "jixiao.platform")) or module in TABLES
            ):
                wrong.append(f"{name}:{line} imports {module}")
    assert not wrong, "a table imports only the engine, the platform and tables:\n" + "\n".join(
        wrong
    )


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
    assert not upward, "upward imports (move the code down, or the import up):\n" + "\n".join(
        place for places in upward.values() for place in places
    )


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    (package / "platform").mkdir(parents=True)
    (package / "platform" / "db.py").write_text("from jixiao.scoring import entry\n")
    (package / "scoring").mkdir()
    (package / "scoring" / "models.py").write_text("from jixiao.platform.db import x\n")
    (package / "scoring" / "entry.py").write_text("from jixiao.scoring.models import Score\n")
    upward, unplaced = upward_imports(package)
    assert unplaced == []
    assert list(upward) == [("jixiao.platform", "jixiao.scoring")]
    assert [module for _, module in imported_modules(package / "platform" / "db.py")] == [
        "jixiao.scoring.entry"
    ]


GRAPHQL = ENGINE.parent / "graphql"
# How a module reads or writes rows: a select, a statement run, a row fetched by its key.
DATA_CALLS = frozenset({"exec", "execute", "scalar", "scalars"})


def data_access(path: Path) -> list[str]:
    """Where a file builds or runs SQL itself instead of calling a domain's queries."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "sqlmodel",
            "sqlalchemy",
        ):
            if node.module != "sqlalchemy.exc":
                found.append((node.lineno, f"imports {node.module}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, args = node.func.attr, node.args
            model = args[0].id if args and isinstance(args[0], ast.Name) else ""
            by_key = (  # session.get(Unit, key): a row by its key, not a mapping's .get
                name == "get" and len(args) == 2 and model[:1].isupper() and not model.isupper()
            )
            if name in DATA_CALLS or by_key:
                found.append((node.lineno, f"calls .{name}()"))
    return [f"{path.name}:{line} {what}" for line, what in sorted(found)]


def test_the_graphql_layer_reads_through_the_domains() -> None:
    """Resolvers and loaders call the domains' queries and services; no SQL of their own."""
    wrong = [
        f"{path.relative_to(GRAPHQL.parent)}: {place}"
        for path in sorted(GRAPHQL.rglob("*.py"))
        for place in data_access(path)
    ]
    assert not wrong, "SQL in the GraphQL layer (move it to the domain's queries):\n" + "\n".join(
        wrong
    )


def test_the_data_access_check_sees_sql(tmp_path: Path) -> None:
    sample = tmp_path / "types.py"
    sample.write_text(
        "from sqlmodel import select\n"
        "from sqlalchemy.exc import DBAPIError\n"
        "rows = session.exec(select(Unit)).all()\n"
        "unit = session.get(UnitLink, key)\n"
        "value = mapping.get(name)\n"
    )
    assert data_access(sample) == [
        "types.py:1 imports sqlmodel",
        "types.py:3 calls .exec()",
        "types.py:4 calls .get()",
    ]


def loader_problems(root: Path) -> list[str]:
    """Where a DataLoader is made outside a `loaders.py`, or something is kept on the context or
    the request by hand."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root.parent)
        if "DataLoader(" in text and path.name != "loaders.py":
            wrong.append(f"{where}: makes a DataLoader outside a loaders.py")
        for node in ast.walk(ast.parse(text, str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and len(node.args) >= 2
                and ast.unparse(node.args[0]).endswith(("context", "state"))
            ):
                wrong.append(f"{where}:{node.lineno} keeps something on the context by hand")
    return wrong


def test_dataloaders_live_in_loader_classes_kept_by_the_context() -> None:
    """One convention: a `DataLoader` is made only by a loader class in a `loaders.py`, and the
    request's instance is reached through `context.loaders_of(TheClass)`."""
    wrong = loader_problems(GRAPHQL)
    assert not wrong, "\n".join(wrong)


def test_the_loader_check_sees_a_loader_kept_by_hand(tmp_path: Path) -> None:
    root = tmp_path / "graphql"
    root.mkdir()
    (root / "types.py").write_text(
        "loader = DataLoader(load)\nsetattr(info.context, '_units', loader)\n"
    )
    assert loader_problems(root) == [
        "graphql/types.py: makes a DataLoader outside a loaders.py",
        "graphql/types.py:2 keeps something on the context by hand",
    ]


# GraphQL packages that serve no one domain: the signed-in viewer's own view across them.
GRAPHQL_OWN = frozenset({"viewer"})


def test_graphql_packages_are_named_after_the_domains_they_serve() -> None:
    """`jixiao/graphql/scoring/runs` serves `jixiao/scoring/runs`, and so on."""
    wrong = []
    for init in sorted(GRAPHQL.rglob("__init__.py")):
        package = init.parent.relative_to(GRAPHQL)
        if package == Path(".") or package.parts[0] in GRAPHQL_OWN:
            continue
        domain = ENGINE.parent.joinpath(*package.parts)
        if not (domain.is_dir() or domain.with_suffix(".py").is_file()):
            wrong.append(f"jixiao/graphql/{package.as_posix()} (no jixiao/{package.as_posix()})")
    assert not wrong, "GraphQL packages named after no domain:\n" + "\n".join(wrong)


def _tables_by_class() -> dict[str, str]:
    """Every table class → the domain (`jixiao.<package>`) whose models module defines it."""
    owners = {}
    for name in TABLES:
        path = ENGINE.parent.parent.joinpath(*name.split(".")).with_suffix(".py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and any(k.arg == "table" for k in node.keywords):
                owners[node.name] = ".".join(name.split(".")[:2])
    return owners


SQL_LIBRARIES = ("sqlmodel", "sqlalchemy")


def _renamed(tree: ast.AST) -> tuple[frozenset[str], dict[str, str]]:
    """The names a module calls `select` by, and the classes it imports under another name
    (`from sqlalchemy import select as select_rows`, `from jixiao.org.models import Unit as
    UnitRow`)."""
    selects, classes = {"select"}, {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        for alias in node.names:
            if alias.asname is None:
                continue
            if alias.name == "select" and (node.module or "").startswith(SQL_LIBRARIES):
                selects.add(alias.asname)
            else:
                classes[alias.asname] = alias.name
    return frozenset(selects), classes


def _selected_table(
    call: ast.Call,
    owners: Collection[str],
    selects: frozenset[str] = frozenset({"select"}),
    classes: dict[str, str] | None = None,
) -> str | None:
    """The table a select reads first: the first table class its first argument names
    (`select(Unit)`, `select(Unit.id)`, `select(func.min(col(Unit.id)))`), or the one a count
    selects from (`select(func.count()).select_from(Unit)`); through the module's other names
    for `select` and for the class."""
    renamed = classes or {}
    if isinstance(call.func, ast.Name) and call.func.id in selects and call.args:
        names = [renamed.get(n.id, n.id) for n in ast.walk(call.args[0]) if isinstance(n, ast.Name)]
        return next((name for name in names if name in owners), None)
    if (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "select_from"
        and call.args
        and isinstance(call.args[0], ast.Name)
    ):
        name = renamed.get(call.args[0].id, call.args[0].id)
        return name if name in owners else None
    return None


def foreign_selects(package: Path) -> dict[str, list[str]]:
    """Selects that read another domain's table first, by table, with file and line (the
    composition roots and the migrations aside)."""
    owners = _tables_by_class()
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        module = _module_of(path, package)
        if module.startswith(("jixiao.migrations", "jixiao.demo")) or _layer(module) is None:
            continue
        domain = ".".join(module.split(".")[:2])
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        selects, classes = _renamed(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            table = _selected_table(node, owners, selects, classes)
            if table is not None and owners[table] != domain:
                found.setdefault(table, []).append(
                    f"{path.relative_to(package.parent)}:{node.lineno}"
                )
    return {table: sorted(places, key=_by_line) for table, places in found.items()}


def _by_line(place: str) -> tuple[str, int]:
    path, _, line = place.rpartition(":")
    return path, int(line)


def test_domains_read_other_domains_through_their_queries() -> None:
    """Issue 12, item 2: a domain's selects live in its own read modules (`queries`, `lookup`,
    `repository`); the other domains call them. Where a low domain reads a higher one's rows,
    that read module stands low in `READS`."""
    found = foreign_selects(ENGINE.parent)
    places = [f"{place} reads {table}" for table, where in found.items() for place in where]
    assert not places, "selects of another domain's table (call that domain's queries):\n" + (
        "\n".join(places)
    )


def test_the_foreign_select_check_sees_one(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    (package / "notices").mkdir(parents=True)
    (package / "notices" / "sample.py").write_text(
        "rows = session.exec(select(col(Unit.id)).where(x))\n"
        "mine = session.exec(select(Notice))\n"
        "units = session.exec(select(Unit.code, Unit.id))\n"
    )
    assert foreign_selects(package) == {
        "Unit": ["jixiao/notices/sample.py:1", "jixiao/notices/sample.py:3"]
    }


def test_the_foreign_select_check_sees_through_other_names(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    (package / "scoring").mkdir(parents=True)
    (package / "scoring" / "sample.py").write_text(
        "from sqlalchemy import select as select_rows\n"
        "from jixiao.org.models import Unit as UnitRow\n"
        "rows = session.exec(select(UnitRow.code, UnitRow.id))\n"
        "units = session.execute(select_rows(col(Unit.id)))\n"
        "mine = session.exec(select_rows(Score))\n"
        "count = session.exec(select(func.count()).select_from(UnitRow))\n"
        "first = session.exec(select(func.min(col(Unit.code))))\n"
    )
    found = [f"jixiao/scoring/sample.py:{line}" for line in (3, 4, 6, 7)]
    assert foreign_selects(package) == {"Unit": found}


READ_MODULES = ("queries", "lookup", "repository")


def _is_select(function: ast.expr, selects: frozenset[str]) -> bool:
    """`select(…)` under any of the module's names for it, or `sqlalchemy.select(…)` (not the
    standard library's `select.select`)."""
    if isinstance(function, ast.Name):
        return function.id in selects
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "select"
        and isinstance(function.value, ast.Name)
        and function.value.id in (*SQL_LIBRARIES, "sa")
    )


def selects_outside_reads(package: Path) -> list[str]:
    """`select` calls outside the read modules (`queries`, `lookup`, `repository`), with file and
    line; the migrations and the demo's data aside."""
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        module = _module_of(path, package)
        if module.startswith(("jixiao.migrations", "jixiao.demo")):
            continue
        if module.rpartition(".")[2] in READ_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        selects, _ = _renamed(tree)
        found.extend(
            f"{path.relative_to(package.parent)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _is_select(node.func, selects)
        )
    return sorted(found, key=_by_line)


def test_every_select_is_in_a_read_module() -> None:
    """Issue 12, item 2: each domain owns its selects in its read modules; services, jobs and
    GraphQL call them."""
    found = selects_outside_reads(ENGINE.parent)
    assert not found, "selects outside a read module (queries, lookup, repository):\n" + (
        "\n".join(found)
    )


def test_the_read_module_check_sees_selects(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    (package / "notices").mkdir(parents=True)
    (package / "notices" / "service.py").write_text(
        "import select\n"
        "import sqlalchemy as sa\n"
        "from sqlmodel import select as rows_of\n"
        "ready = select.select([], [], [], 0)\n"
        "mine = session.exec(rows_of(Notice))\n"
        "count = session.execute(sa.select(sa.func.count()))\n"
        "plain = session.exec(select(Notice.id))\n"
    )
    (package / "notices" / "queries.py").write_text("mine = session.exec(select(Notice))\n")
    (package / "migrations").mkdir()
    (package / "migrations" / "0001.py").write_text("rows = select(Notice)\n")
    found = [f"jixiao/notices/service.py:{line}" for line in (5, 6, 7)]
    assert selects_outside_reads(package) == found
