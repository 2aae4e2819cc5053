"""Fixtures: 银川市 with its three districts (金凤区 has the jinfeng-2015 example imported), and
another city, 石嘴山市, with a district of its own."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.scoring.entry import follow
from jixiao.tenants.models import Tenant, TenantLevel
from tests.factories import as_role, import_example, make_tenant


@pytest.fixture(autouse=True)
def quick_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow, "DEBOUNCE_MS", 50)


@dataclass(frozen=True)
class Cities:
    database: Database
    city: Tenant
    jinfeng: Tenant
    xixia: Tenant
    xingqing: Tenant
    other_city: Tenant
    dawukou: Tenant

    @property
    def city_office(self) -> Subject:
        return as_role(self.city, "office", name="市考评办 张科长")

    def office(self, tenant: Tenant) -> Subject:
        return as_role(tenant, "office", name=f"{tenant.name}考评办 王主任")

    def drain(self) -> None:
        self.database.info_drain()  # type: ignore[attr-defined]


@pytest.fixture
def cities(database: Database) -> Cities:
    city = make_tenant(database, "银川市", level=TenantLevel.CITY)
    jinfeng = make_tenant(database, "金凤区", parent=city.code)
    xixia = make_tenant(database, "西夏区", parent=city.code)
    xingqing = make_tenant(database, "兴庆区", parent=city.code)
    other = make_tenant(database, "石嘴山市", level=TenantLevel.CITY)
    dawukou = make_tenant(database, "大武口区", parent=other.code)
    assert "caizhengju" in import_example(database, jinfeng)
    return Cities(database, city, jinfeng, xixia, xingqing, other, dawukou)
