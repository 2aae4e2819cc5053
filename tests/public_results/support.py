"""Builders for public results page tests: the operator's and the office's switches over
GraphQL, and the page as the public reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from jixiao.scoring.runs.models import Period, ResultRun, RunStatus
from jixiao.tenants.models import Tenant
from tests.factories import SCHEME, GraphQLClient, Jinfeng, Office, operator, root

ERRORS = "errors { code message field }"
SETTINGS = (
    "allowed enabled path disclosures { schemeCode schemeName period periodName showRank"
    " showGrade showTotal publishedAt updatedBy }"
)
READ = "{ publicResultsSettings { " + SETTINGS + " } }"
PAGE = (
    "mutation($on: Boolean!) { setPublicResultsPage(enabled: $on) { settings { "
    + SETTINGS
    + " } "
    + ERRORS
    + " } }"
)
DISCLOSE = (
    "mutation($i: PublicDisclosureInput!) { disclosePublicResults(input: $i) { settings { "
    + SETTINGS
    + " } "
    + ERRORS
    + " } }"
)
WITHDRAW = (
    "mutation($s: String!, $p: ResultPeriod!) { withdrawPublicResults(schemeCode: $s,"
    " period: $p) { settings { " + SETTINGS + " } " + ERRORS + " } }"
)
ACCESS = (
    "mutation($c: String!, $on: Boolean!) { setTenantPublicResults(code: $c, enabled: $on)"
    " { tenant { code publicResults } " + ERRORS + " } }"
)


@dataclass
class Sunshine:
    """金凤区's office and the platform operator over GraphQL, the public over HTTP."""

    gql: GraphQLClient
    jinfeng: Jinfeng
    flow: Office

    @property
    def slug(self) -> str:
        return self.jinfeng.tenant.code

    def call(self, query: str, variables: dict[str, Any], who: Subject) -> Any:
        return root(self.gql, query, variables, who)

    def office(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return self.call(query, variables or {}, self.jinfeng.office)

    def allow(self, enabled: bool = True, code: str | None = None) -> Any:
        """The platform operator opens (or closes) 阳光考核 for the tenant."""
        return self.call(ACCESS, {"c": code or self.slug, "on": enabled}, operator())

    def turn_on(self, enabled: bool = True) -> Any:
        done = self.office(PAGE, {"on": enabled})
        assert done["errors"] == [], done
        return done["settings"]

    def disclose(self, period: str = "ANNUAL", **columns: bool) -> Any:
        wanted = {"schemeCode": SCHEME, "period": period, **_camel(columns)}
        return self.office(DISCLOSE, {"i": wanted})

    def opened(self, **columns: bool) -> str:
        """Both switches on, the annual result published and disclosed; the run id."""
        run_id = self.flow.publish("ANNUAL")
        self.allow()
        self.turn_on()
        assert self.disclose(**columns)["errors"] == []
        return run_id

    def page(self, slug: str | None = None, **headers: str) -> Any:
        return self.gql.http.get(f"/public/results/{slug or self.slug}", headers=headers)

    def audited(self, action: str) -> list[AuditEvent]:
        tenant = self.jinfeng.tenant
        with self.jinfeng.database.tenant_session(tenant.id) as session:
            found = session.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.seq))
            ).all()
            for event in found:
                session.expunge(event)
            return list(found)

    def published_on(self, zone: ZoneInfo) -> str:
        """The day the annual result was published, as read in `zone`."""
        tenant = self.jinfeng.tenant
        with self.jinfeng.database.tenant_session(tenant.id) as session:
            run = session.exec(
                select(ResultRun).where(
                    ResultRun.status == RunStatus.PUBLISHED, ResultRun.period == Period.ANNUAL
                )
            ).one()
            assert run.published_at is not None
            return run.published_at.astimezone(zone).date().isoformat()

    def tenant(self) -> Tenant:
        with self.jinfeng.database.platform_session() as session:
            found = session.get(Tenant, self.jinfeng.tenant.id)
            assert found is not None
            return found


def _camel(columns: dict[str, bool]) -> dict[str, bool]:
    names = {"rank": "showRank", "grade": "showGrade", "total": "showTotal"}
    return {names[name]: on for name, on in columns.items()}
