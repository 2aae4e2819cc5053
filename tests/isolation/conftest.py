"""Module-scoped fixtures: one world per test module and database backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.conftest import migrated_sqlite_settings
from tests.isolation.world import World, build_world


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def iso_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Settings:
    """The settings of one backend, for a whole module (the PostgreSQL database is shared).

    No query cost limit: the walk asks every field with every sub-field, and an operation refused
    unrun for its cost would attack nothing (tests/graphql/test_query_cost.py tests the limit)."""
    if request.param == "postgres":
        settings: Settings = request.getfixturevalue("pg_settings")
    else:  # no rate limits: thousands of requests a minute from one address
        settings = migrated_sqlite_settings(
            tmp_path_factory.mktemp("isolation") / "data", sqlite_template
        )
    return settings.with_changes(query_cost_max=0)


@pytest.fixture(scope="module")
def world(iso_settings: Settings) -> Iterator[World]:
    """金凤区 and 西夏区, built once per module and backend; jobs drained before any test."""
    database = Database(iso_settings)
    with inprocess_worker(setup_broker(iso_settings, database, mode="inprocess")) as drain:
        built = build_world(database)
        drain()
        yield built
    database.dispose()
