"""Results default to the newest published run for everyone who cannot compute (issue 16,
item 7): the drafts every entry makes never change a leader's or a unit's ranking; the office
sees them, marked, with the drafts a newer computation replaced folded away."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import col, select

from jixiao.audit.service import SYSTEM
from jixiao.graphql.relay import to_global_id
from jixiao.platform.auth import Subject
from jixiao.scoring.models import Score
from jixiao.scoring.runs import service
from tests.factories import SCHEME, GraphQLClient, Jinfeng, compute, publish

RUN = "id status newest publishedNow systemComputed provisional"
RANKINGS = f"""
query($scheme: String!, $runId: ID) {{
  rankings(schemeCode: $scheme, period: ANNUAL, runId: $runId) {{
    run {{ {RUN} }} units {{ unitCode total }} }}
}}"""
UNIT = """
query($scheme: String!) {
  unitResult(schemeCode: $scheme, unitCode: "liangtian", period: ANNUAL) { total }
  unitTrend(schemeCode: $scheme, unitCode: "liangtian") { period run { id status } }
  compareUnits(schemeCode: $scheme, unitCodes: ["liangtian"], period: ANNUAL) {
    run { id status } }
}"""
RUNS = f"""
query($scheme: String!, $all: Boolean!) {{
  resultRuns(schemeCode: $scheme, includeSupersededDrafts: $all, first: 100) {{
    supersededDrafts nodes {{ {RUN} }} }}
}}"""


def _change_and_recompute(jinfeng: Jinfeng, factor: int) -> str:
    """An entry changes a score; the system recomputes (as after every entry): a new draft."""
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        score = session.exec(
            select(Score).where(col(Score.actual).is_not(None)).order_by(col(Score.seq))
        ).first()
        assert score is not None
        score.actual = (score.actual or Decimal(0)) / factor
        session.add(score)
        session.commit()
    with db.tenant_session(tenant.id) as session:
        run = service.recompute(session, SCHEME, "annual", SYSTEM)
        session.commit()
    return str(to_global_id("ResultRun", run.id))


def _ask(gql: GraphQLClient, query: str, who: Subject, **variables: object) -> dict[str, object]:
    body = gql.execute(query, {"scheme": SCHEME, **variables}, subject=who)
    assert "errors" not in body, body
    data: dict[str, object] = body["data"]
    return data


def test_leaders_and_units_see_the_published_run_while_newer_drafts_exist(
    jinfeng: Jinfeng, gql: GraphQLClient
) -> None:
    db, tenant, office = jinfeng.database, jinfeng.tenant, jinfeng.office
    published = publish(db, tenant, compute(db, tenant, "annual", office).run.id, office)
    published_id = str(to_global_id("ResultRun", published.id))
    _change_and_recompute(jinfeng, 3)
    newest = _change_and_recompute(jinfeng, 7)

    for reader in (jinfeng.leadership, jinfeng.reporter()):
        shown: dict = _ask(gql, RANKINGS, reader)["rankings"]  # type: ignore[assignment]
        assert shown["run"]["id"] == published_id
        assert shown["run"]["status"] == "PUBLISHED"
        # The current published run is not history, though newer drafts exist.
        assert (shown["run"]["publishedNow"], shown["run"]["newest"]) == (True, False)
        found: dict = _ask(gql, UNIT, reader)  # type: ignore[assignment]
        assert found["compareUnits"]["run"]["id"] == published_id
        assert [p["run"]["id"] for p in found["unitTrend"]] == [published_id]
    office_shown: dict = _ask(gql, RANKINGS, office)["rankings"]  # type: ignore[assignment]

    # The office sees the newest computation: a system-computed draft, marked as such.
    assert office_shown["run"]["id"] == newest
    assert (office_shown["run"]["status"], office_shown["run"]["systemComputed"]) == (
        "DRAFT",
        True,
    )
    assert office_shown["run"]["publishedNow"] is False
    # A leader approving results may still open a draft by its id (from the runs list).
    asked = _ask(gql, RANKINGS, jinfeng.leadership, runId=newest)["rankings"]
    assert asked["run"]["id"] == newest  # type: ignore[index]
    # A unit may not.
    assert _ask(gql, RANKINGS, jinfeng.reporter(), runId=newest)["rankings"] is None


def test_the_runs_list_folds_the_drafts_a_newer_computation_replaced(
    jinfeng: Jinfeng, gql: GraphQLClient
) -> None:
    db, tenant, office = jinfeng.database, jinfeng.tenant, jinfeng.office
    published = publish(db, tenant, compute(db, tenant, "annual", office).run.id, office)
    first = _change_and_recompute(jinfeng, 3)
    second = _change_and_recompute(jinfeng, 5)
    newest = _change_and_recompute(jinfeng, 7)

    folded: dict = _ask(gql, RUNS, office, all=False)["resultRuns"]  # type: ignore[assignment]
    assert [(n["id"], n["status"]) for n in folded["nodes"]] == [
        (str(to_global_id("ResultRun", published.id)), "PUBLISHED"),
        (newest, "DRAFT"),
    ]
    assert folded["supersededDrafts"] == 2
    everything: dict = _ask(gql, RUNS, office, all=True)["resultRuns"]  # type: ignore[assignment]
    assert [n["id"] for n in everything["nodes"]][1:] == [first, second, newest]
    assert [n["newest"] for n in everything["nodes"]] == [False, False, False, True]
    assert everything["supersededDrafts"] == 2
    # A unit sees neither the drafts nor how many there are.
    unit: dict = _ask(gql, RUNS, jinfeng.reporter(), all=True)["resultRuns"]  # type: ignore[assignment]
    assert [n["status"] for n in unit["nodes"]] == ["PUBLISHED"]
    assert unit["supersededDrafts"] == 0
