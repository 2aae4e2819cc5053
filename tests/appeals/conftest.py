"""Fixtures for appeal tests: 金凤区 with the example imported, its annual result published,
and the people of an appeal (the unit's reporter, the office, a monitoring department)."""

from __future__ import annotations

import pytest

from jixiao.platform.db import Database
from tests.appeals.support import Appeals
from tests.factories import Jinfeng, Office
from tests.factories.fixtures import intruder, jinfeng, office

__all__ = ["intruder", "jinfeng", "office"]


@pytest.fixture
def appeals(database: Database, jinfeng: Jinfeng, office: Office) -> Appeals:
    """The annual result published; 良田镇's reporter, the office and 招商局's scorer."""
    return Appeals.build(database, jinfeng, office)
