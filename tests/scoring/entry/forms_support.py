"""Helpers for the rating form and self-assessment tests: real people of 金凤区 (leaders linked
to the units in their charge, the office, a unit's reporter) and GraphQL steps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import select

from jixiao.identity.authenticate import subject_for_user
from jixiao.identity.models import User
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.platform.auth import Subject
from jixiao.schemes.models import Scheme
from jixiao.scoring.models import Rating
from jixiao.scoring.runs.models import ResultUnit
from jixiao.supervision.periods import close_period
from tests.factories import SCHEME, GraphQLClient, notification_titles, person, root
from tests.scoring.entry.support import Scorers

FORM = """
query($s: String!) { myRatingForm(schemeCode: $s) {
  componentName submitted readOnly readOnlyReason
  lines { unitCode unitName value state stateLabel } } }"""
SAVE = """
mutation($s: String!, $v: [RatingFormValueInput!]!, $submit: Boolean! = false) {
  saveRatingForm(schemeCode: $s, values: $v, submit: $submit) {
    form { submitted readOnly lines { unitCode value state } }
    errors { code message field } } }"""
MATRIX = """
query($s: String!) { ratingMatrix(schemeCode: $s) {
  componentName units { code name }
  leaders { username name unitCodes rated total submitted }
  cells { rater unitCode state stateLabel value } } }"""
ASSIGN_SCOPE = """
mutation($s: String!) { assignRatingsFromScope(schemeCode: $s) {
  count errors { code message field } } }"""
SET_UNITS = """
mutation($s: String!, $r: String!, $u: [String!]!) {
  setRatingUnits(schemeCode: $s, rater: $r, unitCodes: $u) {
    count errors { code message field } } }"""
REMIND = """
mutation($s: String!) { remindRatingForms(schemeCode: $s) { count errors { code message } } }"""
REOPEN = """
mutation($s: String!, $r: String!) {
  reopenRatingForm(schemeCode: $s, rater: $r, reason: "请复核丰登镇") {
    count errors { code message } } }"""


@dataclass
class Forms:
    """金凤区 with two 赋分领导 (张: 良田镇 and 丰登镇; 李: 发改局) and the office."""

    jinfeng: Scorers
    gql: GraphQLClient
    zhang: Subject
    li: Subject
    office: Subject

    @classmethod
    def build(cls, jinfeng: Scorers, gql: GraphQLClient) -> Forms:
        tag = uuid.uuid4().hex[:6]
        zhang = leader(jinfeng, f"zhang{tag}", "liangtian", "fengdeng")
        li = leader(jinfeng, f"li{tag}", "fagaiju")
        office = person(jinfeng.database, jinfeng.tenant, f"kb{tag}", "office")
        return cls(jinfeng, gql, zhang, li, office)

    def call(self, query: str, variables: dict[str, Any], who: Subject) -> Any:
        """The one root field's value of a request that must not fail as a whole."""
        return root(self.gql, query, {"s": SCHEME, **variables}, who)

    def failure(self, query: str, variables: dict[str, Any], who: Subject) -> dict[str, Any]:
        """The first GraphQL error of a request that must fail (a query's refusal)."""
        body = self.gql.execute(query, {"s": SCHEME, **variables}, subject=who)
        assert body.get("errors"), body
        error: dict[str, Any] = body["errors"][0]
        return error

    def save(self, who: Subject, submit: bool = False, **values: str) -> Any:
        wanted = [{"unitCode": unit, "value": value} for unit, value in values.items()]
        return self.call(SAVE, {"v": wanted, "submit": submit}, who)

    def ratings_of(self, rater: str) -> dict[str, Decimal]:
        """unit id → the value of this rater's `leaders` ratings (stored rows)."""
        with self.jinfeng.database.tenant_session(self.jinfeng.tenant.id) as session:
            rows = session.exec(select(Rating).where(Rating.rater == rater)).all()
            codes = {v: k for k, v in self.jinfeng.units.items()}
            return {codes[row.unit_id]: row.value for row in rows}

    def inputs_seq(self) -> int:
        with self.jinfeng.database.tenant_session(self.jinfeng.tenant.id) as session:
            scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
            return scheme.inputs_seq

    def close(self, period: str) -> None:
        with self.jinfeng.database.tenant_session(self.jinfeng.tenant.id) as session:
            close_period(session, self.office, SCHEME, period, "年度评价结束")
            session.commit()

    def titles(self, who: Subject) -> list[str]:
        return notification_titles(self.jinfeng.database, self.jinfeng.tenant, who)


def leader(jinfeng: Scorers, username: str, *charge: str) -> Subject:
    """A 赋分领导 linked (分管领导) to these units, signed in with their real scope."""
    database, tenant = jinfeng.database, jinfeng.tenant
    made = person(database, tenant, username, "scoring_leader")
    assert made.user_id is not None
    with database.tenant_session(tenant.id) as session:
        for code in charge:
            session.add(
                UnitLink(
                    unit_id=jinfeng.units[code], user_id=made.user_id, role=UnitLinkRole.LEADER
                )
            )
        session.commit()
        user = session.get(User, (tenant.id, made.user_id))
        assert user is not None
        return subject_for_user(session, tenant, user, via="cookie")


def component(jinfeng: Scorers, run_id: uuid.UUID, unit: str, code: str) -> Decimal:
    """A unit's component value in a run."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        row = session.exec(
            select(ResultUnit).where(ResultUnit.run_id == run_id, ResultUnit.unit_code == unit)
        ).one()
        return Decimal(row.components[code])
