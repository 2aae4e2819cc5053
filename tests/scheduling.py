"""How `pytest -n N` shares the suite out: by module, the longest first.

xdist's default (`load`) hands each worker a run of consecutive tests and the rest as they
finish, in the order of collection. The attack walk's six tests (100–260 s each) and the fuzzing
came where collection put them, and a run ended with one worker still walking while the others
had long been idle: on December 7, 2026 a run on two cores took 1,746 s of pytest for 4,479 s
of tests on three workers (1,493 s each, were they evenly loaded).

Here a unit of work is a module (its module-scoped fixtures set up once, on one worker), the
attack walk's module split by its backend (each half builds its own world), and the units
known to be long go first: a worker takes the next unit when it has two tests or fewer left,
so the short ones fill in behind the long ones and the run ends on short ones.
"""

from __future__ import annotations

from typing import Any

import pytest

# Units long enough to end a run late were they last, in seconds of one test process on the
# two-core machine (junit.xml of `make test` with four workers, the night of December 7, 2026,
# once the walk's checks searched answers in one pass; that morning, three workers, the SQLite
# walk came first at 626 s). A stale figure only costs
# balance; the units not named here (none over 100 s) run after these, in the order of
# collection. The browser tests are not put first: beside the walk, the fuzzing and the portal's
# type check, their pages once took longer to answer than the browser waited.
SECONDS = {
    "tests/isolation/test_tenant_isolation.py[postgres]": 522,
    "tests/isolation/test_tenant_isolation.py[sqlite]": 253,
    "tests/security/test_fuzz.py": 139,  # 236 before its operations were drawn once for every role
    "tests/reports/test_reports.py": 88,
    "tests/graphql/test_node.py": 76,
    "tests/appeals/test_appeals_api.py": 71,
    "tests/engine/test_cli.py": 65,
    "tests/platform/test_previous_release.py": 62,
}
# Modules whose tests split by backend (`[sqlite]`, `[postgres]` in their ids) into two units.
BY_BACKEND = ("tests/isolation/test_tenant_isolation.py",)
BACKENDS = ("sqlite", "postgres")


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its module, or its module and backend."""
    module, _, name = nodeid.partition("::")
    if module in BY_BACKEND:
        params = name.partition("[")[2].rstrip("]").split("-")
        backend = next((p for p in params if p in BACKENDS), None)
        if backend is not None:
            return f"{module}[{backend}]"
    return module


def longest_first(nodeids: list[str]) -> list[int]:
    """The order to run the tests in (indices): the long units first, each unit's tests in
    collection order, the rest as collected."""
    return sorted(range(len(nodeids)), key=lambda i: -SECONDS.get(unit_of(nodeids[i]), 0))


@pytest.hookimpl(trylast=True)  # after pytest groups tests by fixture parameters
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every worker collects in the same order, so the scheduler's queue is in that order."""
    order = longest_first([item.nodeid for item in items])
    items[:] = [items[i] for i in order]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With `-n N` (and no other `--dist`): whole units, in the order collected."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByUnit(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    config.option.loadscopereorder = False  # not by number of tests: in the order above
    return ByUnit(config, log)
