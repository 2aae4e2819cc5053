"""Fixtures of 金凤区's appraisal, for the folders whose tests act on it: a folder's conftest
imports those it uses (they are not global)."""

from __future__ import annotations

import pytest

from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from tests.factories.appraisal import Jinfeng, Office
from tests.factories.graphql import GraphQLClient
from tests.factories.subjects import everything
from tests.factories.tenants import import_example, make_tenant


@pytest.fixture
def jinfeng(database: Database) -> Jinfeng:
    """金凤区 with the example scheme and data imported; nothing computed yet."""
    tenant = make_tenant(database, "金凤区")
    return Jinfeng(database, tenant, import_example(database, tenant))


@pytest.fixture
def office(gql: GraphQLClient, jinfeng: Jinfeng) -> Office:
    """The workflow over GraphQL, each step by its role."""
    return Office(gql, jinfeng)


@pytest.fixture
def intruder(database: Database) -> Subject:
    """A user of another tenant (西夏区) holding every tenant permission."""
    return everything(make_tenant(database, "西夏区"), name="西夏区 全权用户")
