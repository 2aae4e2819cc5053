"""金凤区's public results page (阳光考核) for the isolation world: opened by the platform, turned
on by the office, the annual result disclosed with ranks and grades; no other tenant may read
or change what it discloses."""

from __future__ import annotations

from typing import Any

from jixiao.platform.db import Database
from jixiao.public_results.service import set_access
from jixiao.tenants.models import Tenant

PAGE = "mutation { setPublicResultsPage(enabled: true) { errors { message } } }"
DISCLOSE = (
    "mutation($s: String!) { disclosePublicResults(input: {schemeCode: $s, period: ANNUAL,"
    " showRank: true, showGrade: true}) { settings { disclosures { publishedAt } }"
    " errors { message } } }"
)


def build_public_results(database: Database, victim: Tenant, office: Any, scheme: str) -> None:
    """`office` is a signed-in `world.Client` of 金凤区's office."""
    with database.platform_session() as session:
        set_access(session, victim.code, True)
        session.commit()
    assert office.ok(PAGE)["setPublicResultsPage"]["errors"] == []
    disclosed = office.ok(DISCLOSE, {"s": scheme})["disclosePublicResults"]
    assert disclosed["errors"] == [], disclosed
    assert disclosed["settings"]["disclosures"][0]["publishedAt"] is not None, disclosed
