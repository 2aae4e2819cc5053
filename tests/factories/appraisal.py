"""金凤区's appraisal, as the result tests and the folders built on them have it: the tenant with
the jinfeng-2015 example imported, its people by role, and the result workflow (by the service,
and over GraphQL by the role that owns each step)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.scoring.runs import service
from jixiao.scoring.runs.models import ResultRun
from jixiao.tenants.models import Tenant
from tests.factories.graphql import GraphQLClient
from tests.factories.subjects import as_role
from tests.factories.tenants import SCHEME


def compute(
    database: Database, tenant: Tenant, period: str, actor: Subject, scheme: str = "jinfeng-2015"
) -> service.Computed:
    with database.tenant_session(tenant.id) as session:
        computed = service.compute_run(session, scheme, period, actor=actor)
        session.commit()
    return computed


def publish(database: Database, tenant: Tenant, run_id: uuid.UUID, actor: Subject) -> ResultRun:
    """Review, approve and publish a run (one actor for brevity; the API tests use roles)."""
    with database.tenant_session(tenant.id) as session:
        service.review_run(session, run_id, actor=actor)
        service.approve_run(session, run_id, actor=actor)
        run = service.publish_run(session, run_id, actor=actor)
        session.commit()
    return run


@dataclass(frozen=True)
class Jinfeng:
    """A tenant with the example imported (nothing computed yet) and some of its people."""

    database: Database
    tenant: Tenant
    units: dict[str, uuid.UUID]

    @property
    def office(self) -> Subject:
        return as_role(self.tenant, "office", name="考评办 王主任")

    @property
    def leadership(self) -> Subject:
        return as_role(self.tenant, "leadership", name="领导小组 李组长")

    @property
    def finance(self) -> Subject:
        return as_role(self.tenant, "finance", name="财政局 科员")

    def reporter(self, unit: str = "liangtian") -> Subject:
        """A 填报员 of a unit (linked to it, as `app_user.unit_id` is)."""
        return as_role(
            self.tenant, "unit_reporter", name=f"{unit} 填报员", unit_id=self.units[unit]
        )


COMPUTE = """
mutation Compute($scheme: String!, $period: ResultPeriod!) {
  computeResults(schemeCode: $scheme, period: $period) {
    created
    run { id status period newest publishedNow provisional inputsVersion }
    errors { code message field }
  }
}"""
STEP = """
mutation Step($id: ID!) {
  %s(runId: $id) { run { id status statusLabel publishedNow } errors { code message } }
}"""


class Office:
    """Drives the workflow over GraphQL, each step by the role that owns it."""

    def __init__(self, gql: GraphQLClient, jinfeng: Jinfeng) -> None:
        self.gql = gql
        self.jinfeng = jinfeng

    def compute(self, period: str = "ANNUAL", who: Subject | None = None) -> dict[str, Any]:
        result = self.gql.execute(
            COMPUTE, {"scheme": SCHEME, "period": period}, subject=who or self.jinfeng.office
        )
        payload: dict[str, Any] = result["data"]["computeResults"]
        return payload

    def step(self, name: str, run_id: str, who: Subject) -> dict[str, Any]:
        return self.gql.execute(STEP % name, {"id": run_id}, subject=who)

    def publish(self, period: str = "ANNUAL") -> str:
        run_id: str = self.compute(period)["run"]["id"]
        j = self.jinfeng
        for name, who in (
            ("reviewResults", j.office),
            ("approveResults", j.leadership),
            ("publishResults", j.office),
        ):
            assert self.step(name, run_id, who)["data"][name]["errors"] == []
        return run_id
