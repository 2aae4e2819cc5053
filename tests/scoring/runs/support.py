"""Helpers for result tests: subjects by role, the service and the GraphQL workflow, rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, func, select

from jixiao.engine.examples import example_path
from jixiao.platform.auth import DataScope, Subject, TenantRef
from jixiao.platform.db import Database
from jixiao.policies.defaults import BY_CODE
from jixiao.policies.permissions import TENANT_CODES
from jixiao.scoring.runs import service
from jixiao.scoring.runs.models import ResultRun, RunStatus
from jixiao.tenants.models import Tenant
from tests.graphql.conftest import GraphQLClient

EXAMPLE = example_path("jinfeng-2015")
SCHEME = "jinfeng-2015"


def subject(
    tenant: Tenant,
    permissions: frozenset[str],
    *,
    name: str = "测试用户",
    roles: frozenset[str] = frozenset(),
    unit_id: uuid.UUID | None = None,
) -> Subject:
    return Subject(
        kind="user",
        tenant=TenantRef(tenant.id, tenant.code, tenant.name, tenant.level.value),
        user_id=uuid.uuid4(),
        display_name=name,
        username=f"u{uuid.uuid4().hex[:8]}",
        permissions=permissions,
        roles=roles,
        unit_id=unit_id,
        via="cookie",
        # as `policies.scopes` computes it: a unit's user sees that unit, the others every unit
        scope=DataScope(every_unit=True)
        if unit_id is None
        else DataScope(unit_ids=frozenset({unit_id})),
    )


def as_role(
    tenant: Tenant, role: str, *, name: str = "测试用户", unit_id: uuid.UUID | None = None
) -> Subject:
    """A user holding exactly the permissions of a default role."""
    return subject(
        tenant, BY_CODE[role].permissions, name=name, roles=frozenset({role}), unit_id=unit_id
    )


def everything(tenant: Tenant, *, name: str = "全权用户") -> Subject:
    """A user holding every tenant permission."""
    return subject(tenant, TENANT_CODES, name=name)


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


def run_count(database: Database, tenant: Tenant, **where: Any) -> int:
    with database.tenant_session(tenant.id) as session:
        statement = select(func.count()).select_from(ResultRun)
        for name, value in where.items():
            statement = statement.where(col(getattr(ResultRun, name)) == value)
        return int(session.exec(statement).one())


def status_of(database: Database, tenant: Tenant, run_id: uuid.UUID) -> RunStatus:
    with database.tenant_session(tenant.id) as session:
        return service.get_run(session, run_id).status


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
