"""What a district received from its parent (上级下发的市级排名), the units it made responsible
for each item, and the city items (三区末位) the stored compute path reads from them.

The ranks are the parent's rows addressed to this tenant (`CityRankingRelease.child_id`); this
module is the one place that reads them (through `city.queries.ranks_received`), read-only, as
plain values, and only those of the tenant's current parent (on PostgreSQL the
`child_reads_addressed` policy is the second wall).
The district maps each item to the units of its scheme responsible for it (scheme:write, while
the scheme's 全年 is open; audited, moves the scheme's inputs and recomputes the year).
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, delete

from jixiao.audit.service import SYSTEM, record
from jixiao.city.models import CityItemMapping
from jixiao.city.queries import item_units, ranks_received
from jixiao.city.rankings import require
from jixiao.engine.model import CityItem
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.policies import permissions as p
from jixiao.schemes import periods, revision
from jixiao.schemes.inputs import EngineInputs
from jixiao.schemes.lookup import get_scheme, member_ids_by_code, schemes_of_year
from jixiao.scoring.entry import follow
from jixiao.tenants.models import Tenant


@dataclass(frozen=True)
class ReceivedRank:
    """One item's rank as the parent published it to this tenant."""

    item: str
    rank: int
    ranked: int
    last: bool
    parent_name: str
    published_at: datetime
    published_by: str | None


@dataclass(frozen=True)
class ReceivedItem:
    """A received rank and the scheme's units responsible for it (code, name)."""

    rank: ReceivedRank
    units: list[tuple[str, str]]


def received_ranks(session: JixiaoSession, year: int) -> list[ReceivedRank]:
    """The ranks this tenant's parent published to it for `year`, in the parent's order."""
    me = session.require_tenant()
    tenant = session.get(Tenant, me)
    if tenant is None or tenant.parent_id is None:
        return []
    return [ReceivedRank(*row) for row in ranks_received(session, tenant.parent_id, me, year)]


def received_items(
    session: JixiaoSession, subject: Subject, scheme_code: str
) -> list[ReceivedItem]:
    """The ranks received for the scheme's year, each with its responsible units."""
    require(subject, p.SCHEME_READ)
    scheme = get_scheme(session, scheme_code)
    mapped = _mapped(session, scheme.id)
    return [
        ReceivedItem(rank, mapped.get(rank.item, []))
        for rank in received_ranks(session, scheme.year)
    ]


def _mapped(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for item, code, name in item_units(session, scheme_id):
        found.setdefault(item, []).append((code, name))
    return found


def set_item_units(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str,
    item: str,
    unit_codes: Sequence[str],
) -> ReceivedItem:
    """Make these units of the scheme responsible for a received item (none: unmapped)."""
    require(subject, p.SCHEME_WRITE)
    scheme = get_scheme(session, scheme_code.strip())
    revision.hold(session, scheme.id)
    periods.require_open(session, scheme, periods.ANNUAL, what="设置市级考评项目的责任单位")
    name = item.strip()
    rank = next((r for r in received_ranks(session, scheme.year) if r.item == name), None)
    if rank is None:
        raise InvalidInput(
            f"上级没有下发 {scheme.year} 年度的项目「{name}」，无法设置责任单位", field="item"
        )
    members = member_ids_by_code(session, scheme.id)
    codes: list[str] = []
    for index, raw in enumerate(unit_codes):
        code = raw.strip()
        if code not in members:
            raise InvalidInput(
                f"第 {index + 1} 个责任单位「{code}」不是方案「{scheme.name}」的考评对象",
                field=f"unitCodes[{index}]",
            )
        if code not in codes:
            codes.append(code)
    before = [code for code, _ in _mapped(session, scheme.id).get(name, [])]
    session.exec(
        delete(CityItemMapping).where(
            col(CityItemMapping.scheme_id) == scheme.id, col(CityItemMapping.item) == name
        )
    )
    who = (subject.display_name or subject.username or "")[:100] or None
    for seq, code in enumerate(codes):
        session.add(
            CityItemMapping(
                scheme_id=scheme.id, item=name, unit_id=members[code], seq=seq, mapped_by=who
            )
        )
    session.flush()
    revision.touch(session, scheme.id)
    follow.schedule(session, scheme.code, follow.ANNUAL)
    record(
        session,
        actor=subject,
        action="city.item_units.set",
        target_type="scheme",
        target_id=scheme.id,
        before={"scheme": scheme.code, "item": name, "units": before},
        after={"scheme": scheme.code, "item": name, "units": codes, "last": rank.last},
    )
    return ReceivedItem(rank, _mapped(session, scheme.id).get(name, []))


def follow_publication(session: JixiaoSession, year: int) -> None:
    """The parent published: the tenant's schemes of `year` read the new ranks (recomputed),
    and the receipt is in the tenant's own audit log."""
    ranks = received_ranks(session, year)
    schemes = schemes_of_year(session, year)
    for scheme in schemes:
        revision.hold(session, scheme.id)
        revision.touch(session, scheme.id)
        follow.schedule(session, scheme.code, follow.ANNUAL)
        record(
            session,
            actor=SYSTEM,
            action="city.ranking.received",
            target_type="scheme",
            target_id=scheme.id,
            after={
                "scheme": scheme.code,
                "year": year,
                "from": ranks[0].parent_name if ranks else None,
                "items": {r.item: r.rank for r in ranks},
                "last": [r.item for r in ranks if r.last],
            },
        )


def city_items(session: JixiaoSession, scheme_id: uuid.UUID, year: int) -> tuple[CityItem, ...]:
    """The scheme's city items from what was received: one per item and responsible unit."""
    ranks = {rank.item: rank for rank in received_ranks(session, year)}
    if not ranks:
        return ()
    found: list[CityItem] = []
    for item, units in _mapped(session, scheme_id).items():
        rank = ranks.get(item)
        if rank is not None:
            found.extend(CityItem(code, item, rank.last) for code, _ in units)
    return tuple(found)


def with_city_items(session: JixiaoSession, inputs: EngineInputs) -> EngineInputs:
    """`inputs` with the city items received and mapped (a unit's item entered by the office
    too is the received one), and a version that moves with them."""
    derived = city_items(session, inputs.scheme_id, inputs.scheme.year)
    if not derived:
        return inputs
    members = set(inputs.unit_ids)
    derived = tuple(item for item in derived if item.unit in members)
    keys = {(item.unit, item.item) for item in derived}
    kept = tuple(i for i in inputs.data.city_items if (i.unit, i.item) not in keys)
    data = dataclasses.replace(inputs.data, city_items=kept + derived)
    text = ";".join(f"{i.unit}|{i.item}|{int(i.last)}" for i in derived)
    version = hashlib.sha256(f"{inputs.version}:city:{text}".encode()).hexdigest()
    return dataclasses.replace(inputs, data=data, version=version)
