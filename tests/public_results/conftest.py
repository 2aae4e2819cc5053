"""Fixtures for public results page tests: 金凤区 with the example imported, its office, and
the page's two switches."""

from __future__ import annotations

import pytest

from tests.factories import Jinfeng, Office
from tests.factories.fixtures import gql, intruder, jinfeng, office
from tests.graphql.conftest import GraphQLClient
from tests.public_results.support import Sunshine

__all__ = ["gql", "intruder", "jinfeng", "office"]


@pytest.fixture
def sunshine(gql: GraphQLClient, jinfeng: Jinfeng, office: Office) -> Sunshine:
    return Sunshine(gql, jinfeng, office)
