"""The city rankings' reads: the parent's working copy and its years, what it published, what a
district received from its parent, and the units a district made responsible for each item."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from jixiao.city.models import CityItemMapping, CityRanking, CityRankingRelease
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession


def ranking_rows(session: JixiaoSession, year: int) -> list[CityRanking]:
    """The year's working copy, in item order then by child."""
    return list(
        session.exec(
            select(CityRanking)
            .where(CityRanking.year == year)
            .order_by(col(CityRanking.seq), col(CityRanking.child_id))
        ).all()
    )


def last_publication(session: JixiaoSession, year: int) -> tuple[datetime, str | None] | None:
    """(when, by whom) the year's ranking was last published, if ever."""
    found = session.exec(
        select(CityRankingRelease.published_at, CityRankingRelease.published_by)
        .where(CityRankingRelease.year == year)
        .order_by(col(CityRankingRelease.published_at).desc())
    ).first()
    return None if found is None else (found[0], found[1])


def ranking_years(session: JixiaoSession) -> list[int]:
    """The years of the working copy's rows (each once, in no order)."""
    return list(session.exec(select(CityRanking.year).distinct()).all())


def released_ranks(session: JixiaoSession, year: int) -> list[tuple[uuid.UUID, str, int]]:
    """(child id, item, rank) of the year's publication, in item order."""
    rows = session.exec(
        select(CityRankingRelease.child_id, CityRankingRelease.item, CityRankingRelease.rank)
        .where(CityRankingRelease.year == year)
        .order_by(col(CityRankingRelease.seq))
    ).all()
    return [(child_id, item, rank) for child_id, item, rank in rows]


def ranks_received(
    session: JixiaoSession, parent_id: uuid.UUID, child_id: uuid.UUID, year: int
) -> list[tuple[Any, ...]]:
    """(item, rank, ranked, last, parent's name, published at, published by) of what the parent
    published to this child for `year`, in the parent's order."""
    rows = session.execute(
        sa_select(
            col(CityRankingRelease.item),
            col(CityRankingRelease.rank),
            col(CityRankingRelease.ranked),
            col(CityRankingRelease.last),
            col(CityRankingRelease.parent_name),
            col(CityRankingRelease.published_at),
            col(CityRankingRelease.published_by),
        )
        .where(
            col(CityRankingRelease.tenant_id) == parent_id,
            col(CityRankingRelease.child_id) == child_id,
            col(CityRankingRelease.year) == year,
        )
        .order_by(col(CityRankingRelease.seq))
        # The one read of rows another tenant owns: addressed to this one, by its own id.
        .execution_options(include_all_tenants=True)
    ).all()
    return [tuple(row) for row in rows]


def item_units(session: JixiaoSession, scheme_id: uuid.UUID) -> list[tuple[str, str, str]]:
    """(item, unit code, unit name) of the scheme's responsible units, in mapping order."""
    rows = session.exec(
        select(CityItemMapping.item, Unit.code, Unit.name)
        .join(Unit, col(Unit.id) == col(CityItemMapping.unit_id))
        .where(CityItemMapping.scheme_id == scheme_id)
        .order_by(col(CityItemMapping.seq))
    ).all()
    return [(item, code, name) for item, code, name in rows]
