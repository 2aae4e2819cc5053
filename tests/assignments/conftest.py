"""A tenant with the example scheme, a monitoring department and unit people who sign in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from sqlmodel import select

from jixiao.identity.service import create_user
from jixiao.org.models import Unit, UnitLink, UnitLinkRole
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.policies.permissions import TENANT_CODES
from jixiao.policies.service import assign_roles
from jixiao.schemes.interchange import import_files
from jixiao.schemes.models import Indicator, SchemeGroup
from jixiao.tenants.models import Tenant, TenantSetting
from tests.factories import EXAMPLE, PASSWORD, Browser, make_tenant, tenant_user


@dataclass
class Quarter:
    database: Database
    tenant: Tenant
    units: dict[str, uuid.UUID]
    indicators: dict[str, uuid.UUID]
    groups: dict[str, uuid.UUID]
    browsers: dict[str, Browser] = field(default_factory=dict)

    def as_(self, username: str, *, fresh: bool = False) -> Browser:
        """A signed-in browser of one of the people (kept across calls unless `fresh`)."""
        if fresh or username not in self.browsers:
            browser = Browser(self.database)
            result = browser.sign_in(self.tenant.code, username, PASSWORD)
            assert result["errors"] == [], result
            self.browsers[username] = browser
        return self.browsers[username]


PEOPLE = {
    # username: (roles, unit code, link role)
    "office": (("office",), None, None),
    "lt-reporter": (("unit_reporter",), "liangtian", UnitLinkRole.REPORTER),
    "lt-head": (("unit_head",), "liangtian", UnitLinkRole.HEAD),
    "fd-reporter": (("unit_reporter",), "fengdeng", UnitLinkRole.REPORTER),
    "fgj": (("monitoring_dept",), "fagaiju", UnitLinkRole.REPORTER),
    "zsj": (("monitoring_dept",), "zhaoshangju", UnitLinkRole.REPORTER),
}


def build_quarter(database: Database, name: str = "金凤区") -> Quarter:
    tenant = make_tenant(database, name)
    office = tenant_user(tenant, *sorted(TENANT_CODES))
    with database.tenant_session(tenant.id) as session:
        import_files(session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", office)
        units = {u.code: u for u in session.exec(select(Unit)).all()}
        for code in ("fagaiju", "zhaoshangju"):
            units[code].monitoring = True
            session.add(units[code])
        setting = session.exec(
            select(TenantSetting).where(TenantSetting.key == "upload_max_mb")
        ).one()
        setting.value = "1"
        session.add(setting)
        for username, (roles, unit_code, link) in PEOPLE.items():
            unit_id = units[unit_code].id if unit_code else None
            user, _ = create_user(
                session,
                username=username,
                display_name=username,
                unit_id=unit_id,
                password=PASSWORD,
            )
            user.must_change_password = False
            user.password_changed_at = utcnow()
            session.add(user)
            if unit_id is not None and link is not None:
                session.add(UnitLink(unit_id=unit_id, user_id=user.id, role=link))
            session.flush()
            assign_roles(session, None, user.id, list(roles))
        indicators = {i.code: i.id for i in session.exec(select(Indicator)).all()}
        groups = {g.code: g.id for g in session.exec(select(SchemeGroup)).all()}
        ids = {code: unit.id for code, unit in units.items()}
        session.commit()
    return Quarter(database, tenant, ids, indicators, groups)


@pytest.fixture
def quarter(database: Database) -> Quarter:
    return build_quarter(database)
