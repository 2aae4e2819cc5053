"""Fixtures: 金凤区 with the jinfeng-2015 example imported, scorers, and fast debouncing."""

from __future__ import annotations

import pytest

from jixiao.org.service import all_units
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.schemes.interchange import import_files
from jixiao.scoring.entry import follow
from tests.factories import make_tenant
from tests.scoring.entry.support import Scorers
from tests.scoring.runs.support import EXAMPLE, everything


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow, "DEBOUNCE_MS", 50)


@pytest.fixture
def jinfeng(database: Database) -> Scorers:
    tenant = make_tenant(database, "金凤区")
    with database.tenant_session(tenant.id) as session:
        import_files(session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", everything(tenant))
        session.commit()
        units = {unit.code: unit.id for unit in all_units(session)}
    return Scorers(database, tenant, units)


@pytest.fixture
def intruder(database: Database) -> Subject:
    """A user of another tenant (西夏区) holding every tenant permission."""
    return everything(make_tenant(database, "西夏区"), name="西夏区 全权用户")
