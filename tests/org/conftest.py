"""Fixtures for organisation tests: a tenant with an administrator and a few users."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from jixiao.identity.service import create_user
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.tenants.models import Tenant
from tests.factories import make_tenant, tenant_user

USERNAMES = ("tianbao", "fuzeren", "fenguan")


@dataclass(frozen=True)
class Org:
    database: Database
    tenant: Tenant
    admin: Subject
    users: dict[str, uuid.UUID]


def make_org(database: Database, name: str = "金凤区") -> Org:
    """A tenant with a unit administrator and three users (reporter, head, leader)."""
    tenant = make_tenant(database, name)
    users = {}
    with database.tenant_session(tenant.id) as session:
        for username in USERNAMES:
            user, _ = create_user(
                session, username=username, display_name=username, password="x" * 16
            )
            users[username] = user.id
        session.commit()
    return Org(database, tenant, tenant_user(tenant, "unit:read", "unit:write"), users)


@pytest.fixture
def org(database: Database) -> Org:
    return make_org(database)
