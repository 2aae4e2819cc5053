"""Fixtures for public results page tests: 金凤区 with the example imported, its office, and
the page's two switches."""

from __future__ import annotations

import pytest

from tests.graphql.conftest import GraphQLClient
from tests.public_results.support import Sunshine
from tests.scoring.runs.conftest import gql, intruder, jinfeng, office
from tests.scoring.runs.support import Jinfeng, Office

__all__ = ["gql", "intruder", "jinfeng", "office"]


@pytest.fixture
def sunshine(gql: GraphQLClient, jinfeng: Jinfeng, office: Office) -> Sunshine:
    return Sunshine(gql, jinfeng, office)
