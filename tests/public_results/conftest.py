"""Fixtures for public results page tests: 金凤区 with the example imported, its office, and
the page's two switches."""

from __future__ import annotations

import pytest

from tests.factories import GraphQLClient, Jinfeng, Office
from tests.factories.fixtures import intruder, jinfeng, office
from tests.public_results.support import Sunshine

__all__ = ["intruder", "jinfeng", "office"]


@pytest.fixture
def sunshine(gql: GraphQLClient, jinfeng: Jinfeng, office: Office) -> Sunshine:
    return Sunshine(gql, jinfeng, office)
