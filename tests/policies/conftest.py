"""Fixtures of the access tests: the GraphQL client over the real app."""

from __future__ import annotations

import pytest

from jixiao.platform.db import Database
from tests.graphql.conftest import GraphQLClient


@pytest.fixture
def gql(database: Database) -> GraphQLClient:
    return GraphQLClient(database)
