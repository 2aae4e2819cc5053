"""Publishing a year's ranking to the child districts (下发).

The parent's working copy becomes, for each child it ranks, the rows addressed to that child
(`CityRankingRelease`, still the parent's rows: nothing is written into a child's tenant). A
publication replaces the year's earlier one whole. Each child concerned (ranked now or before)
gets a job in its own tenant (`city.rankings_received`) that moves the inputs of its schemes of
that year and recomputes them, so its 三区末位 penalties follow. Needs result:publish; audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, delete

from jixiao.audit.service import record
from jixiao.city.models import CityRankingRelease
from jixiao.city.queries import released_ranks
from jixiao.city.rankings import _ranking, check_year, require
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.policies import permissions as p
from jixiao.tenants.models import Tenant
from jixiao.workers.queue import enqueue

RECEIVED_ACTOR = "city.rankings_received"


@dataclass(frozen=True)
class Published:
    """A publication: the year, when, how many items, and the children it reached."""

    year: int
    published_at: datetime
    items: int
    children: list[str]


def publish(session: JixiaoSession, subject: Subject, year: int) -> Published:
    """Publish the year's working copy to the children it ranks (replacing the last one)."""
    require(subject, p.RESULT_PUBLISH)
    check_year(year)
    ranking = _ranking(session, year)
    if not ranking.items:
        raise InvalidInput(f"{year} 年度还没有录入任何项目的排名，无法下发", field="year")
    parent = session.get(Tenant, session.require_tenant())
    parent_name = parent.name if parent else ""
    before = _released(session, year)
    session.exec(delete(CityRankingRelease).where(col(CityRankingRelease.year) == year))
    now = utcnow()
    name = (subject.display_name or subject.username or "")[:100] or None
    names = {tenant.id: tenant.name for tenant in ranking.children}
    after: dict[str, dict[str, int]] = {}
    for seq, item in enumerate(ranking.items):
        last = item.last
        for child_id, rank in item.ranks.items():
            session.add(
                CityRankingRelease(
                    year=year,
                    item=item.item,
                    child_id=child_id,
                    rank=rank,
                    ranked=len(item.ranks),
                    last=child_id in last,
                    seq=seq,
                    parent_name=parent_name,
                    published_at=now,
                    published_by=name,
                )
            )
            after.setdefault(names.get(child_id, str(child_id)), {})[item.item] = rank
    session.flush()
    record(
        session,
        actor=subject,
        action="city.ranking.publish",
        target_type="city_ranking",
        target_id=str(year),
        before={"year": year, "published": {names.get(k, str(k)): v for k, v in before.items()}},
        after={"year": year, "published": after},
    )
    reached = set(before) | {child for item in ranking.items for child in item.ranks}
    for child_id in sorted(reached):
        enqueue(session, RECEIVED_ACTOR, tenant_id=str(child_id), year=year)
    return Published(year, now, len(ranking.items), sorted(names.get(c, str(c)) for c in reached))


def _released(session: JixiaoSession, year: int) -> dict[uuid.UUID, dict[str, int]]:
    found: dict[uuid.UUID, dict[str, int]] = {}
    for child_id, item, rank in released_ranks(session, year):
        found.setdefault(child_id, {})[item] = rank
    return found
