"""Fixtures for survey tests: 金凤区 with the example imported and its office."""

from __future__ import annotations

import pytest

from tests.factories import GraphQLClient, Jinfeng
from tests.factories.fixtures import intruder, jinfeng
from tests.surveys.support import Surveys

__all__ = ["intruder", "jinfeng"]


@pytest.fixture
def surveys(gql: GraphQLClient, jinfeng: Jinfeng) -> Surveys:
    return Surveys(gql, jinfeng, jinfeng.office)
