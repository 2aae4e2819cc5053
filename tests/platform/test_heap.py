"""Long-running processes settle their heap once they are built (jixiao/platform/heap.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform import heap
from jixiao.platform.config import Settings
from jixiao.platform.db import Database


@pytest.fixture
def cpython_defaults() -> Iterator[None]:
    """The collector as a fresh interpreter has it (nothing frozen); the test process's
    thresholds afterwards (what the test froze stays frozen, as the process had it)."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    yield
    gc.freeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("cpython_defaults")
def test_an_api_process_settles_its_heap_when_it_starts(sqlite_settings: Settings) -> None:
    database = Database(sqlite_settings)
    app = create_app(sqlite_settings, database=database, run_worker=False)
    assert gc.get_threshold() == (700, 10, 10)  # building the app is not starting it
    assert gc.get_freeze_count() == 0
    with TestClient(app) as http:
        assert gc.get_threshold() == heap.THRESHOLDS
        assert gc.get_freeze_count() > 100_000  # the app, its schema and models
        assert http.get("/healthz").status_code == 200
    database.dispose()


@pytest.mark.usefixtures("cpython_defaults")
def test_settle_freezes_what_exists_and_collects_young_objects_less_often() -> None:
    kept = [[n] for n in range(1000)]
    assert all(map(gc.is_tracked, kept))
    heap.settle()
    assert gc.get_threshold() == heap.THRESHOLDS
    walked = {id(o) for generation in range(3) for o in gc.get_objects(generation=generation)}
    assert not walked & set(map(id, kept))  # frozen: no walk visits them again
