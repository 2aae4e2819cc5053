"""Result scopes (ARCHITECTURE.md: data scopes): drafts are for those who compute, approve or
publish; a scoring leader reads the units in their charge, a unit itself, the office all."""

from __future__ import annotations

import dataclasses
import uuid

from jixiao.platform.auth import DataScope, Subject
from jixiao.scoring.runs.scope import ResultScope
from tests.factories import SCHEME, GraphQLClient, Jinfeng, as_role, compute, publish

RANKINGS = """
query($scheme: String!) {
  rankings(schemeCode: $scheme, period: ANNUAL) { run { status } units { unitCode } }
}"""
RUNS = """
query($scheme: String!) { resultRuns(schemeCode: $scheme) { edges { node { status } } } }"""


def scoped(subject: Subject, *units: uuid.UUID) -> Subject:
    return dataclasses.replace(subject, scope=DataScope(unit_ids=frozenset(units)))


def ranked(gql: GraphQLClient, subject: Subject) -> tuple[str | None, set[str]]:
    body = gql.execute(RANKINGS, {"scheme": SCHEME}, subject=subject)
    assert "errors" not in body, body
    found = body["data"]["rankings"]
    if found is None:
        return None, set()
    return found["run"]["status"], {unit["unitCode"] for unit in found["units"]}


def test_drafts_are_for_those_who_manage_results_and_leaders_see_their_units(
    jinfeng: Jinfeng, gql: GraphQLClient
) -> None:
    db, tenant, units = jinfeng.database, jinfeng.tenant, jinfeng.units
    leader = scoped(as_role(tenant, "scoring_leader"), units["liangtian"], units["fengdeng"])
    monitor = scoped(as_role(tenant, "monitoring_dept"), units["fagaiju"])
    finance = jinfeng.finance
    draft = compute(db, tenant, "annual", jinfeng.office).run
    # a draft: the office sees it whole, nobody else sees anything
    status, office_units = ranked(gql, jinfeng.office)
    assert status == "DRAFT"
    assert office_units == set(units) & office_units
    assert len(office_units) > 3
    for reader in (leader, monitor, finance, jinfeng.reporter()):
        assert ranked(gql, reader) == (None, set())
        runs = gql.execute(RUNS, {"scheme": SCHEME}, subject=reader)["data"]["resultRuns"]
        assert runs["edges"] == []
    # published: each reads its own part
    publish(db, tenant, draft.id, jinfeng.office)
    assert ranked(gql, leader) == ("PUBLISHED", {"liangtian", "fengdeng"})
    assert ranked(gql, monitor) == ("PUBLISHED", {"fagaiju"})
    assert ranked(gql, jinfeng.reporter()) == ("PUBLISHED", {"liangtian"})
    assert ranked(gql, finance) == ("PUBLISHED", office_units)


def test_the_scope_of_a_subject() -> None:
    unit = uuid.uuid4()
    nobody = Subject(kind="user", permissions=frozenset({"result:read"}))
    assert ResultScope.of(nobody) == ResultScope(unit_ids=frozenset(), drafts=False)
    linked = dataclasses.replace(nobody, unit_id=unit)
    assert ResultScope.of(linked) == ResultScope(unit_ids=frozenset({unit}), drafts=False)
    everyone = dataclasses.replace(nobody, scope=DataScope(every_unit=True))
    assert ResultScope.of(everyone) == ResultScope(unit_ids=None, drafts=False)
    manager = dataclasses.replace(linked, permissions=frozenset({"result:compute"}))
    assert ResultScope.of(manager) == ResultScope()
