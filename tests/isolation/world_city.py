"""金凤区 among governments, for the isolation world: its parent 银川市 published it item ranks
that 金凤区's office mapped to a unit of its scheme (city_item_mapping), and 金凤区 ranks two
lower governments of its own and published that (city_ranking, city_ranking_release), so every
table of the city domain holds 金凤区 rows, each text marked."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import col, select

from jixiao.city import publish, rankings
from jixiao.org.models import Unit
from jixiao.platform.db import Database
from jixiao.schemes.lookup import get_scheme
from jixiao.schemes.models import SchemeUnit
from jixiao.tenants import onboarding
from jixiao.tenants.models import Tenant, TenantLevel
from tests.factories import as_role

SET = """mutation($y: Int!, $items: [CityRankingItemInput!]!) {
  setCityRanking(year: $y, items: $items) { errors { field message } } }"""
PUBLISH = "mutation($y: Int!) { publishCityRanking(year: $y) { errors { message } } }"
MAP = """mutation($s: String!, $i: String!, $u: [String!]!) {
  setReceivedCityItemUnits(schemeCode: $s, item: $i, unitCodes: $u) { errors { message } } }"""


def build_city(database: Database, victim: Tenant, office: Any, scheme: str, marker: str) -> None:
    """`office` is a signed-in `world.Client` of 金凤区's 考评办."""
    with database.tenant_session(victim.id) as session:
        found = get_scheme(session, scheme)
        year = found.year
        member = session.exec(
            select(Unit.code)
            .join(SchemeUnit, col(SchemeUnit.unit_id) == col(Unit.id))
            .where(SchemeUnit.scheme_id == found.id)
            .order_by(col(Unit.code))
        ).first()
    assert member is not None
    ident = uuid.uuid4().hex[:6]
    with database.platform_session() as session:
        city = onboarding.onboard_tenant(
            session, onboarding.OnboardTenant(f"yc-{ident}", "银川市", TenantLevel.CITY)
        ).tenant
        sibling = onboarding.onboard_tenant(
            session,
            onboarding.OnboardTenant(f"xq-{ident}", "兴庆区", TenantLevel.DISTRICT, city.code),
        ).tenant
        row = session.get(Tenant, victim.id)
        assert row is not None
        row.parent_id = city.id
        session.add(row)
        # Two lower governments of 金凤区's own, made directly (onboarding puts none under a
        # district), so that 金凤区 holds a parent's rows too.
        lower = [
            Tenant(code=f"jfx{n}-{ident}", name=f"金凤区下级{n}", level=TenantLevel.COUNTY)
            for n in (1, 2)
        ]
        for child in lower:
            child.parent_id = victim.id
            session.add(child)
        session.commit()
        victim.parent_id = city.id

    item = f"{marker} 地区生产总值增速"
    city_office = as_role(city, "office", name="银川市考评办")
    with database.tenant_session(city.id) as session:
        ranks = (rankings.RankEntry(victim.code, 2), rankings.RankEntry(sibling.code, 1))
        rankings.set_ranking(session, city_office, year, [rankings.ItemEntry(item, ranks)])
        publish.publish(session, city_office, year)
        session.commit()

    mapped = office.ok(MAP, {"s": scheme, "i": item, "u": [member]})
    assert mapped["setReceivedCityItemUnits"]["errors"] == [], mapped
    own = [
        {
            "item": f"{marker} 招商引资",
            "ranks": [
                {"tenantCode": lower[0].code, "rank": 1},
                {"tenantCode": lower[1].code, "rank": 2},
            ],
        }
    ]
    entered = office.ok(SET, {"y": year, "items": own})
    assert entered["setCityRanking"]["errors"] == [], entered
    published = office.ok(PUBLISH, {"y": year})
    assert published["publishCityRanking"]["errors"] == [], published
