"""Builders for appeal tests: real people (so notifications reach them) and GraphQL steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.tenants.service import update_setting
from tests.factories import Jinfeng, Office, notification_titles, person, root

APPEAL_FIELDS = """
  id state stateLabel open unitCode lineKind lineKey linePeriod lineLabel lineFigure reason
  handler handlerName answer decisionNote correctedRunId runId
"""
RAISE = (
    "mutation($i: RaiseAppealInput!) { raiseAppeal(input: $i) { appeal {"
    + APPEAL_FIELDS
    + "} errors { code message field } } }"
)
ROUTE = (
    'mutation($id: ID!, $h: String!) { routeAppeal(id: $id, handler: $h, note: "请核实")'
    " { appeal { state handler handlerName } errors { code message field } } }"
)
ANSWER = (
    "mutation($id: ID!, $a: String!) { answerAppeal(id: $id, answer: $a)"
    " { appeal { state answer } errors { code message field } } }"
)
DECIDE = (
    "mutation($id: ID!, $u: Boolean!, $n: String!, $c: AppealCorrectionInput) {"
    " decideAppeal(id: $id, upheld: $u, note: $n, correction: $c) { appeal {"
    + APPEAL_FIELDS
    + "} errors { code message field } } }"
)
WITHDRAW = (
    "mutation($id: ID!) { withdrawAppeal(id: $id) { appeal { state open }"
    " errors { code message field } } }"
)


@dataclass
class Appeals:
    """A published annual result and the people who take an appeal through."""

    database: Database
    jinfeng: Jinfeng
    office_flow: Office
    run_id: str
    reporter: Subject
    office: Subject
    scorer: Subject

    @classmethod
    def build(cls, database: Database, jinfeng: Jinfeng, office_flow: Office) -> Appeals:
        run_id = office_flow.publish("ANNUAL")
        tenant, units = jinfeng.tenant, jinfeng.units
        tag = uuid.uuid4().hex[:6]
        reporter = person(database, tenant, f"lt{tag}", "unit_reporter", unit_id=units["liangtian"])
        with database.tenant_session(tenant.id) as session:
            assert reporter.user_id is not None
            session.add(
                UnitLink(
                    unit_id=units["liangtian"],
                    user_id=reporter.user_id,
                    role=UnitLinkRole.REPORTER,
                )
            )
            session.commit()
        office = person(database, tenant, f"kb{tag}", "office")
        scorer = person(
            database, tenant, f"zs{tag}", "monitoring_dept", unit_id=units["zhaoshangju"]
        )
        return cls(database, jinfeng, office_flow, run_id, reporter, office, scorer)

    def run(self, query: str, variables: dict[str, Any], who: Subject) -> dict[str, Any]:
        """The payload of a mutation (its one root field)."""
        payload: dict[str, Any] = root(self.office_flow.gql, query, variables, who)
        return payload

    def query(self, query: str, variables: dict[str, Any], who: Subject) -> dict[str, Any]:
        body = self.office_flow.gql.execute(query, variables, subject=who)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def raise_on(
        self,
        key: str = "A1",
        period: str | None = "Q4",
        kind: str = "INDICATOR",
        who: Subject | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        wanted = {
            "runId": run_id or self.run_id,
            "unitCode": "liangtian",
            "lineKind": kind,
            "lineKey": key,
            "reason": "招商引资到位资金统计漏报了第四季度的两个项目",
        }
        if period:
            wanted["linePeriod"] = period
        return self.run(RAISE, {"i": wanted}, who or self.reporter)

    def answered(self) -> str:
        """An appeal on A1 Q4 raised, routed to 招商局 and answered; its id."""
        raised = self.raise_on()
        assert raised["errors"] == [], raised
        appeal_id: str = raised["appeal"]["id"]
        routed = self.run(ROUTE, {"id": appeal_id, "h": "zhaoshangju"}, self.office)
        assert routed["errors"] == [], routed
        answered = self.run(ANSWER, {"id": appeal_id, "a": "经核实确有漏报"}, self.scorer)
        assert answered["errors"] == [], answered
        return appeal_id

    def set_window(self, days: str) -> None:
        with self.database.tenant_session(self.jinfeng.tenant.id) as session:
            update_setting(session, "appeal_window_days", days)
            session.commit()

    def titles(self, who: Subject) -> list[str]:
        """The titles of a user's notifications, oldest first."""
        return notification_titles(self.database, self.jinfeng.tenant, who)
