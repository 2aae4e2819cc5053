"""Fixtures of the identity tests: two browsers (`tests.factories.browser`) on the app."""

from __future__ import annotations

import pytest

from jixiao.platform.db import Database
from tests.factories.browser import Browser


@pytest.fixture
def browser(database: Database) -> Browser:
    return Browser(database)


@pytest.fixture
def other_browser(database: Database) -> Browser:
    return Browser(database)
