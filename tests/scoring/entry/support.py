"""Helpers for score entry tests: scorers with their data scopes, the newest run's figures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, delete, select

from jixiao.platform.auth import DataScope, Subject
from jixiao.platform.db import Database
from jixiao.scoring.models import Score
from jixiao.scoring.runs import queries
from jixiao.scoring.runs.models import Period, ResultPointer
from jixiao.tenants.models import Tenant
from tests.factories import SCHEME, as_role, with_scope


@dataclass(frozen=True)
class Scorers:
    """金凤区 with the example imported, and its scorers."""

    database: Database
    tenant: Tenant
    units: dict[str, uuid.UUID]

    def leader(self, *charge: str, username: str = "lingdao1") -> Subject:
        """A 赋分领导 named `lingdao1` in the tree, in charge of these units."""
        base = as_role(self.tenant, "scoring_leader", name="分管领导 张副区长")
        return with_scope(
            base,
            username,
            DataScope(
                unit_ids=frozenset(self.units[c] for c in charge),
                scorer_codes=frozenset({username}),
            ),
        )

    def department(self, code: str = "fagaiju") -> Subject:
        """A user of a monitoring department (its unit code names it among the scorers)."""
        base = as_role(
            self.tenant, "monitoring_dept", name=f"{code} 科员", unit_id=self.units[code]
        )
        return with_scope(
            base,
            f"{code}-user",
            DataScope(unit_ids=frozenset({self.units[code]}), scorer_codes=frozenset({code})),
        )

    @property
    def office(self) -> Subject:
        base = as_role(self.tenant, "office", name="考评办 王主任")
        return with_scope(base, "office", DataScope(every_unit=True, scorer_codes=frozenset()))

    def clear(self, period: str) -> None:
        """Delete a period's imported scores, so that it is blank for entry."""
        with self.database.tenant_session(self.tenant.id) as session:
            session.exec(delete(Score).where(col(Score.period) == period))
            session.commit()


def newest_score(
    database: Database, tenant: Tenant, run_period: str, unit: str, indicator: str, period: str
) -> Decimal | None:
    """A unit's indicator score of `period` in the newest run of `run_period` (None: none)."""
    with database.tenant_session(tenant.id) as session:
        pointer = session.exec(
            select(ResultPointer).where(
                ResultPointer.scheme_code == SCHEME, ResultPointer.period == Period(run_period)
            )
        ).first()
        if pointer is None:
            return None
        (lines,) = queries.lines_of(session, [(pointer.run_id, unit)])
        found = [x for x in lines if (x.indicator_code, x.period) == (indicator, period)]
        return found[0].score if found else None
