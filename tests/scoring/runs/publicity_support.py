"""Builders for 公示 tests: an approved run put in 公示 over GraphQL, with the people of an
objection (two units' reporters, the office, a monitoring department)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from jixiao.graphql.relay import from_global_id
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.platform.orm import utcnow
from jixiao.scoring.runs.models import ResultPointer, ResultRun
from jixiao.tenants.service import update_setting
from tests.appeals.support import Appeals
from tests.factories import SCHEME, Jinfeng, Office, person

RUN_FIELDS = "id status statusLabel publishedNow publicityStartedAt publicityEndsAt"
FOR_PUBLICITY = (
    "mutation($id: ID!) { publishResultsForPublicity(runId: $id) { run { "
    + RUN_FIELDS
    + " } errors { code message field } } }"
)
END = (
    "mutation($id: ID!) { endPublicity(runId: $id) { run { "
    + RUN_FIELDS
    + " } errors { code message field } } }"
)
RANKINGS = (
    "query($s: String!) { rankings(schemeCode: $s) { run { "
    + RUN_FIELDS
    + " } units { unitCode total rank } } }"
)


def approved(office: Office, period: str = "ANNUAL") -> str:
    """A computed run reviewed by the office and approved by the leadership; its id."""
    run_id: str = office.compute(period)["run"]["id"]
    j = office.jinfeng
    for name, who in (("reviewResults", j.office), ("approveResults", j.leadership)):
        assert office.step(name, run_id, who)["data"][name]["errors"] == []
    return run_id


def linked_reporter(database: Database, jinfeng: Jinfeng, unit: str, tag: str) -> Subject:
    """A real 填报员 of `unit` (linked as its reporter, so notifications reach them)."""
    who = person(
        database, jinfeng.tenant, f"{unit[:4]}{tag}", "unit_reporter", unit_id=jinfeng.units[unit]
    )
    with database.tenant_session(jinfeng.tenant.id) as session:
        assert who.user_id is not None
        session.add(
            UnitLink(unit_id=jinfeng.units[unit], user_id=who.user_id, role=UnitLinkRole.REPORTER)
        )
        session.commit()
    return who


@pytest.fixture
def publicity(database: Database, jinfeng: Jinfeng, office: Office) -> Publicity:
    """The annual result approved and put in 公示 by the office."""
    return Publicity.build(database, jinfeng, office)


@dataclass
class Publicity:
    """The annual result in 公示 and the people around it; `appeals` raises objections on it."""

    appeals: Appeals
    other: Subject  # 丰登镇's reporter: another unit of the tenant

    @classmethod
    def build(cls, database: Database, jinfeng: Jinfeng, office_flow: Office) -> Publicity:
        run_id = approved(office_flow)
        tag = uuid.uuid4().hex[:6]
        reporter = linked_reporter(database, jinfeng, "liangtian", tag)
        other = linked_reporter(database, jinfeng, "fengdeng", tag)
        office = person(database, jinfeng.tenant, f"kb{tag}", "office")
        scorer = person(
            database,
            jinfeng.tenant,
            f"zs{tag}",
            "monitoring_dept",
            unit_id=jinfeng.units["zhaoshangju"],
        )
        started = office_flow.gql.execute(FOR_PUBLICITY, {"id": run_id}, subject=office)
        payload = started["data"]["publishResultsForPublicity"]
        assert payload["errors"] == [], payload
        appeals = Appeals(database, jinfeng, office_flow, run_id, reporter, office, scorer)
        return cls(appeals, other)

    @property
    def run_id(self) -> str:
        return self.appeals.run_id

    def mutate(self, query: str, run_id: str, who: Subject | None = None) -> dict[str, Any]:
        return self.appeals.run(query, {"id": run_id}, who or self.appeals.office)

    def rankings(self, who: Subject) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.appeals.query(RANKINGS, {"s": SCHEME}, who)["rankings"]
        return found

    def model(self, run_id: str | None = None) -> ResultRun:
        tenant = self.appeals.jinfeng.tenant
        with self.appeals.database.tenant_session(tenant.id) as session:
            run = session.get(
                ResultRun, (tenant.id, from_global_id(run_id or self.run_id, "ResultRun"))
            )
            assert run is not None
            session.expunge(run)
            return run

    def pointer(self) -> ResultPointer:
        run = self.model()
        with self.appeals.database.tenant_session(run.tenant_id) as session:
            found = session.exec(
                select(ResultPointer).where(
                    ResultPointer.scheme_id == run.scheme_id, ResultPointer.period == run.period
                )
            ).one()
            session.expunge(found)
            return found

    def end_by(
        self, run_id: str | None = None, *, ago: timedelta = timedelta(minutes=1)
    ) -> datetime:
        """Move the 公示's end (as if its days had passed) to `ago` before now; the new end."""
        tenant = self.appeals.jinfeng.tenant
        ends = utcnow() - ago
        with self.appeals.database.tenant_session(tenant.id) as session:
            run = session.get(
                ResultRun, (tenant.id, from_global_id(run_id or self.run_id, "ResultRun"))
            )
            assert run is not None
            run.publicity_ends_at = ends
            session.add(run)
            session.commit()
        return ends

    def set_days(self, days: str) -> None:
        with self.appeals.database.tenant_session(self.appeals.jinfeng.tenant.id) as session:
            update_setting(session, "publicity_days", days)
            session.commit()
