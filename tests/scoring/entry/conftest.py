"""Fixtures: 金凤区 with the jinfeng-2015 example imported, scorers, and fast debouncing."""

from __future__ import annotations

import pytest

from jixiao.platform.db import Database
from jixiao.scoring.entry import follow
from tests.factories import import_example, make_tenant
from tests.factories.fixtures import intruder
from tests.scoring.entry.support import Scorers

__all__ = ["intruder"]


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow, "DEBOUNCE_MS", 50)


@pytest.fixture
def jinfeng(database: Database) -> Scorers:
    tenant = make_tenant(database, "金凤区")
    return Scorers(database, tenant, import_example(database, tenant))
