"""A parent government's item-by-item ranking of its child districts for a year (三区末位).

The parent's office keeps a working copy (`CityRanking`): set whole, all or nothing, every
problem named at its row and field (or its Excel row and column, `city.workbook`). Publishing
(`city.publish`) hands a copy to each child. Entering needs scheme:write, reading scheme:read;
every change is audited. The caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, delete

from jixiao.audit.service import record
from jixiao.city.models import ITEM_LIMIT, CityRanking
from jixiao.city.queries import last_publication, ranking_rows, ranking_years
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden, InvalidInput
from jixiao.policies import permissions as p
from jixiao.tenants.models import Tenant
from jixiao.tenants.queries import children_of

YEARS = (2000, 2100)
ITEMS_LIMIT = 300


@dataclass(frozen=True)
class RankEntry:
    """One district's rank on an item, the district named by its tenant code."""

    tenant_code: str
    rank: int


@dataclass(frozen=True)
class ItemEntry:
    """One item of the ranking and the ranks of the districts on it."""

    item: str
    ranks: tuple[RankEntry, ...]


@dataclass(frozen=True)
class ItemRanking:
    """An item as stored: its ranks by child tenant id, and who holds the worst (末位)."""

    item: str
    ranks: dict[uuid.UUID, int]

    @property
    def last(self) -> set[uuid.UUID]:
        worst = max(self.ranks.values(), default=1)
        return {child for child, rank in self.ranks.items() if worst > 1 and rank == worst}


@dataclass(frozen=True)
class Ranking:
    """A year's working copy, and when it was last published (None: never)."""

    year: int
    children: list[Tenant]
    items: list[ItemRanking]
    published_at: datetime | None
    published_by: str | None
    updated_at: datetime | None


class RankingInvalid(InvalidInput):
    """Entries refused: every problem with the field (or Excel cell) it is at."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        shown = "；".join(message for _, message in problems[:30])
        more = f"……另有 {len(problems) - 30} 处" if len(problems) > 30 else ""
        summary = f"共 {len(problems)} 处错误，未做任何修改：{shown}{more}"
        super().__init__(summary, field=problems[0][0] if problems else None)


def require(subject: Subject, permission: p.Permission) -> None:
    """Refuse a subject without the permission (words naming it)."""
    if not subject.can(permission.code):
        raise Forbidden(f"没有权限：需要「{permission.label}」")


def check_year(year: int) -> int:
    if not YEARS[0] <= year <= YEARS[1]:
        raise InvalidInput(f"年度须在 {YEARS[0]} 到 {YEARS[1]} 之间，收到 {year}", field="year")
    return year


def children(session: JixiaoSession) -> list[Tenant]:
    """The session tenant's child governments (下级), by code."""
    return children_of(session, session.require_tenant())


def ranking(session: JixiaoSession, subject: Subject, year: int) -> Ranking:
    """The year's working copy in item order, with its last publication."""
    require(subject, p.SCHEME_READ)
    check_year(year)
    return _ranking(session, year)


def _ranking(session: JixiaoSession, year: int) -> Ranking:
    rows = ranking_rows(session, year)
    items: dict[str, ItemRanking] = {}
    for row in rows:
        items.setdefault(row.item, ItemRanking(row.item, {})).ranks[row.child_id] = row.rank
    published = last_publication(session, year)
    updated = max((row.updated_at for row in rows), default=None)
    return Ranking(
        year,
        children(session),
        list(items.values()),
        published[0] if published else None,
        published[1] if published else None,
        updated,
    )


def set_ranking(
    session: JixiaoSession,
    subject: Subject,
    year: int,
    entries: Sequence[ItemEntry],
    *,
    source: str = "entry",
    places: Places | None = None,
) -> Ranking:
    """Make the year's working copy exactly these items (in this order); `places` names where
    a problem is (GraphQL fields by default, Excel rows and columns for an import)."""
    require(subject, p.SCHEME_WRITE)
    check_year(year)
    wanted = _checked(session, entries, places or Places())
    before = _described(session, _ranking(session, year))
    session.exec(delete(CityRanking).where(col(CityRanking.year) == year))
    name = (subject.display_name or subject.username or "")[:100] or None
    for seq, (item, ranks) in enumerate(wanted):
        for child_id, rank in ranks.items():
            session.add(
                CityRanking(
                    year=year, item=item, child_id=child_id, rank=rank, seq=seq, updated_by=name
                )
            )
    session.flush()
    after = _ranking(session, year)
    record(
        session,
        actor=subject,
        action="city.ranking.set",
        target_type="city_ranking",
        target_id=str(year),
        before={"year": year, "items": before},
        after={"year": year, "items": _described(session, after), "source": source},
    )
    return after


class Places:
    """Where an entry's problem is: the mutation's input fields and 第 N 个项目."""

    def field(self, item: int, rank: int | None, name: str) -> str:
        base = f"items[{item}]"
        return base + (f".ranks[{rank}]" if rank is not None else "") + f".{name}"

    def row(self, item: int) -> str:
        return f"第 {item + 1} 个项目"

    def cell(self, item: int, rank: int) -> str:
        return f"第 {item + 1} 个项目的第 {rank + 1} 个名次"


def _checked(
    session: JixiaoSession, entries: Sequence[ItemEntry], places: Places
) -> list[tuple[str, dict[uuid.UUID, int]]]:
    """The entries as (item, ranks by child id), or RankingInvalid naming every problem."""
    problems: list[tuple[str, str]] = []
    by_code = {tenant.code: tenant for tenant in children(session)}
    by_name = {tenant.name: tenant for tenant in by_code.values()}
    if not by_code:
        raise InvalidInput("本级没有下级单位（区县），无法录入排名", field="year")
    if len(entries) > ITEMS_LIMIT:
        raise InvalidInput(f"项目不能超过 {ITEMS_LIMIT} 个", field="items")
    seen: dict[str, int] = {}
    wanted: list[tuple[str, dict[uuid.UUID, int]]] = []
    for index, entry in enumerate(entries):
        row = places.row(index)
        at_item = places.field(index, None, "item")
        item = entry.item.strip()
        if not item:
            problems.append((at_item, f"{row}：项目名称不能为空"))
        elif len(item) > ITEM_LIMIT:
            problems.append((at_item, f"{row}：项目名称不能超过 {ITEM_LIMIT} 个字"))
        elif item in seen:
            problems.append((at_item, f"{row}：项目「{item}」与{places.row(seen[item])}重复"))
        else:
            seen[item] = index
        ranks: dict[uuid.UUID, int] = {}
        count = len(entry.ranks)
        for number, entry_rank in enumerate(entry.ranks):
            at, cell = places.field(index, number, "tenantCode"), places.cell(index, number)
            key = entry_rank.tenant_code.strip()
            child = by_code.get(key) or by_name.get(key)
            if child is None:
                problems.append((at, f"{cell}：「{key}」不是本级的下级单位"))
            elif child.id in ranks:
                problems.append((at, f"{cell}：{child.name} 的名次重复"))
            else:
                ranks[child.id] = entry_rank.rank
            if not 1 <= entry_rank.rank <= count:
                at = places.field(index, number, "rank")
                problems.append((at, f"{cell}：名次须在 1 到 {count} 之间，收到 {entry_rank.rank}"))
        if count < 2 and item:
            at = places.field(index, None, "ranks")
            problems.append((at, f"{row}「{item}」：至少要有两个下级单位的名次"))
        wanted.append((item, ranks))
    if problems:
        raise RankingInvalid(problems)
    return wanted


def _described(session: JixiaoSession, ranking: Ranking) -> list[dict[str, Any]]:
    names = {tenant.id: tenant.name for tenant in ranking.children}
    return [
        {
            "item": item.item,
            "ranks": {names.get(child, str(child)): rank for child, rank in item.ranks.items()},
        }
        for item in ranking.items
    ]


def years(session: JixiaoSession, subject: Subject) -> list[int]:
    """The years the parent has a ranking for, newest first."""
    require(subject, p.SCHEME_READ)
    rows = ranking_years(session)
    return sorted(set(rows), reverse=True)
