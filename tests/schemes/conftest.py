"""Fixtures for scheme tests: a tenant with the jinfeng-2015 example imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.policies.permissions import TENANT_CODES
from jixiao.tenants.models import Tenant
from tests.factories import EXAMPLE, GraphQLClient, import_example, make_tenant, tenant_user
from tests.factories import ok as succeeded


@dataclass(frozen=True)
class World:
    database: Database
    tenant: Tenant
    office: Subject


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def world(database: Database) -> World:
    """A tenant (金凤区) and an office user holding every tenant permission."""
    tenant = make_tenant(database, "金凤区")
    return World(database, tenant, tenant_user(tenant, *sorted(TENANT_CODES)))


@pytest.fixture
def imported(world: World) -> World:
    """The world with the example scheme and data imported and committed."""
    import_example(world.database, world.tenant, world.office)
    return world


def ok(client: GraphQLClient, query: str, subject: Subject, **variables: Any) -> dict[str, Any]:
    """The data of an operation that must succeed without errors (payload errors included)."""
    data: dict[str, Any] = succeeded(client, query, variables, subject)
    return data
