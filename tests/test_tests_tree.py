"""The test tree mirrors the package tree: the tests of `jixiao/scoring/entry` are in
`tests/scoring/entry`, and every folder under `tests/` is the tests of the package at the same
path under `jixiao/`, except the folders in `ACROSS`, which test the product across packages or
hold no tests (issue 12). Every folder is a package itself (an `__init__.py`), so that two test
modules of the same name in different folders stay two modules.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Top-level folders of tests/ that mirror no package, and why.
ACROSS: dict[str, str] = {
    "e2e": "the portal in a browser against a running server: every package at once",
    "isolation": "tenant isolation walked over the whole API: every package at once",
    "security": "attacks, fuzzing and rate limits over the whole API",
    "factories": "the builders that test folders share, not tests",
}


def folders_with_files(tests: Path) -> list[Path]:
    """The folders under `tests` that hold a file, relative to it: a folder left behind with
    only a `__pycache__` (a moved folder's, in an older checkout) is none of them."""
    found: set[Path] = set()
    for path in tests.rglob("*"):
        relative = path.relative_to(tests)
        if path.is_file() and not any(
            part.startswith((".", "__pycache__")) for part in relative.parts
        ):
            found.update(parent for parent in relative.parents if parent != Path("."))
    return sorted(found)


def unmatched(tests: Path, package: Path) -> list[str]:
    """The folders under `tests` that are the tests of no package under `package` (the top-level
    folders in ACROSS and all below them aside), and those without an `__init__.py`."""
    wrong = []
    for relative in folders_with_files(tests):
        name = relative.as_posix()
        if not (tests / relative / "__init__.py").is_file():
            wrong.append(f"tests/{name} has no __init__.py")
        if relative.parts[0] not in ACROSS and not (package / relative / "__init__.py").is_file():
            wrong.append(f"tests/{name} matches no package jixiao/{name}")
    return wrong


def test_every_test_folder_mirrors_a_package() -> None:
    wrong = unmatched(ROOT / "tests", ROOT / "jixiao")
    assert not wrong, (
        "put a package's tests at its path under tests/ (or list a folder that tests across"
        " packages in ACROSS, with the reason):\n" + "\n".join(wrong)
    )


def test_the_folders_across_packages_exist() -> None:
    missing = [name for name in ACROSS if not (ROOT / "tests" / name).is_dir()]
    assert missing == [], f"remove from ACROSS the folders that are gone: {missing}"


def test_the_check_sees_a_folder_named_after_no_package(tmp_path: Path) -> None:
    package = tmp_path / "jixiao"
    for name in ("scoring", "scoring/entry", "scoring/runs"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    tests = tmp_path / "tests"
    for name in ("scoring", "scoring/entry", "scoring_entry", "e2e", "e2e/pages"):
        (tests / name).mkdir(parents=True)
        (tests / name / "__init__.py").write_text("")
    (tests / "scoring" / "runs").mkdir()
    (tests / "scoring" / "runs" / "test_runs.py").write_text("")  # no __init__.py
    for cache in ("scoring/entry/__pycache__", "results/__pycache__"):  # results: left behind
        (tests / cache).mkdir(parents=True)
        (tests / cache / "support.cpython-311.pyc").write_bytes(b"")
    assert unmatched(tests, package) == [
        "tests/scoring/runs has no __init__.py",
        "tests/scoring_entry matches no package jixiao/scoring_entry",
    ]
