"""Fixtures for result tests: 金凤区 with the jinfeng-2015 example imported, and its people."""

from __future__ import annotations

import pytest

from jixiao.org.service import all_units
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.schemes.interchange import import_files
from tests.factories import make_tenant
from tests.graphql.conftest import GraphQLClient
from tests.scoring.runs.support import EXAMPLE, Jinfeng, Office, everything


@pytest.fixture
def jinfeng(database: Database) -> Jinfeng:
    """金凤区 with the example scheme and data imported; nothing computed yet."""
    tenant = make_tenant(database, "金凤区")
    with database.tenant_session(tenant.id) as session:
        import_files(session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", everything(tenant))
        session.commit()
        units = {unit.code: unit.id for unit in all_units(session)}
    return Jinfeng(database, tenant, units)


@pytest.fixture
def gql(database: Database) -> GraphQLClient:
    return GraphQLClient(database)


@pytest.fixture
def office(gql: GraphQLClient, jinfeng: Jinfeng) -> Office:
    """The workflow over GraphQL, each step by its role."""
    return Office(gql, jinfeng)


@pytest.fixture
def intruder(database: Database) -> Subject:
    """A user of another tenant (西夏区) holding every tenant permission."""
    return everything(make_tenant(database, "西夏区"), name="西夏区 全权用户")
