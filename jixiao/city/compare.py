"""The parent compares its districts (各区县考评结果对比): read-only, published results only,
only of its own children, and only of those whose setting shares them (`share_results_with_parent`,
off by default).

This is the one place a tenant reads another's appraisal data. For each child it acts as that
child within its own read-only transaction (`acting_for_tenant`, so PostgreSQL's RLS checks the
child's rows under the child's id), after checking in the platform table that the child's parent
is the reader; it reads the child's setting first and, when sharing, nothing but the published
run of the period (the pointer's `published_run_id`: never a draft, an approved run or one in
公示) and returns plain values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from jixiao.city.rankings import check_year, children, require
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.policies import permissions as p
from jixiao.scoring.runs.lookup import published_runs_of_year
from jixiao.scoring.runs.models import Period
from jixiao.scoring.runs.queries import run_units
from jixiao.scoring.runs.service import parse_period
from jixiao.tenants.models import Tenant
from jixiao.tenants.values import tenant_setting_value

SHARE_KEY = "share_results_with_parent"
SHARING = "on"


@dataclass(frozen=True)
class ComparedUnit:
    """One unit's published figures."""

    name: str
    kind: str
    group_name: str
    total: Decimal
    rank: int
    overall_rank: int
    grade: str | None


@dataclass(frozen=True)
class DistrictResult:
    """A child's published result of the period (none when it does not share or has none)."""

    tenant_id: uuid.UUID
    code: str
    name: str
    sharing: bool
    scheme_name: str | None = None
    published_at: datetime | None = None
    units: list[ComparedUnit] = field(default_factory=list)

    @property
    def grades(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for unit in self.units:
            key = unit.grade or "无等次"
            counts[key] = counts.get(key, 0) + 1
        return counts

    @property
    def average(self) -> Decimal | None:
        if not self.units:
            return None
        return (sum((u.total for u in self.units), Decimal(0)) / len(self.units)).quantize(
            Decimal("0.01")
        )


def compare(
    session: JixiaoSession, subject: Subject, year: int, period: str = "annual"
) -> list[DistrictResult]:
    """Each child district's published result of `year` and `period`, side by side."""
    require(subject, p.SCHEME_READ)
    require(subject, p.RESULT_READ)
    check_year(year)
    wanted = parse_period(period)
    me = session.require_tenant()
    found = []
    for child in children(session):
        if child.parent_id != me:  # children() asks for these; kept as the rule it rests on
            continue
        found.append(_district(session, child, year, wanted))
    return found


def _district(session: JixiaoSession, child: Tenant, year: int, period: Period) -> DistrictResult:
    try:
        with acting_for_tenant(session, child.id):
            return _read(session, child, year, period)
    finally:
        # Nothing of the child's stays in the reader's session once its context ends.
        session.expunge_all()


def _read(session: JixiaoSession, child: Tenant, year: int, period: Period) -> DistrictResult:
    value = tenant_setting_value(session, child.id, SHARE_KEY)
    if value != SHARING:
        return DistrictResult(child.id, child.code, child.name, sharing=False)
    rows = published_runs_of_year(session, child.id, year, period)
    run = next((r for r in rows if r.status.was_published), None)
    if run is None:
        return DistrictResult(child.id, child.code, child.name, sharing=True)
    units = run_units(session, run.id)
    figures = [
        ComparedUnit(
            u.unit_name, u.unit_kind, u.group_name, u.total, u.rank, u.overall_rank, u.grade
        )
        for u in units
    ]
    return DistrictResult(
        child.id, child.code, child.name, True, run.scheme_name, run.published_at, figures
    )
