"""Result answers from the cache (jixiao/graphql/answers.py): the same answer again without
running the query, never across tenants or viewers, never after a change; persisted queries by
GET with ETags and 304."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from sqlmodel import col, select

from jixiao.platform.auth import Subject
from jixiao.scoring.models import Score
from tests.factories import (
    SCHEME,
    GraphQLClient,
    Jinfeng,
    compute,
    everything,
    make_tenant,
    publish,
)

RANKINGS = """
query Rankings($scheme: String!) {
  rankings(schemeCode: $scheme, period: ANNUAL) {
    run { id status } units { unitCode unitName total rank } }
}"""
NOT_CACHED = """
query Mixed($scheme: String!) {
  rankings(schemeCode: $scheme, period: ANNUAL) { units { unitCode } }
  viewer { authenticated }
}"""
MUTATION = """
mutation Compute($scheme: String!) {
  computeResults(schemeCode: $scheme, period: ANNUAL) { created errors { message } }
}"""


Response = Any  # what starlette's test client answers


def post(gql: GraphQLClient, who: Subject, body: dict[str, Any]) -> Response:
    gql.subject = who
    return gql.http.post("/graphql", json=body)


def ask(gql: GraphQLClient, who: Subject, query: str = RANKINGS) -> Response:
    response = post(gql, who, {"query": query, "variables": {"scheme": SCHEME}})
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text
    return response


def published(jinfeng: Jinfeng) -> None:
    db, tenant, office = jinfeng.database, jinfeng.tenant, jinfeng.office
    publish(db, tenant, compute(db, tenant, "annual", office).run.id, office)


def test_the_same_question_is_answered_from_the_cache_until_something_changes(
    jinfeng: Jinfeng, gql: GraphQLClient
) -> None:
    published(jinfeng)
    first = ask(gql, jinfeng.leadership)
    again = ask(gql, jinfeng.leadership)
    assert (first.headers["x-jixiao-cache"], again.headers["x-jixiao-cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "private, no-cache"

    # Another leader with the same roles shares the answer; the office (drafts) does not.
    other_leader = jinfeng.leadership
    assert ask(gql, other_leader).headers["x-jixiao-cache"] == "hit"
    assert ask(gql, jinfeng.office).headers["x-jixiao-cache"] == "miss"

    # A new computation (audited) is a change: the next answer is computed afresh, still of
    # the published run; once the new one is published, of that one.
    db, tenant, office = jinfeng.database, jinfeng.tenant, jinfeng.office
    with db.tenant_session(tenant.id) as session:
        score = session.exec(select(Score).where(col(Score.actual).is_not(None))).first()
        assert score is not None
        assert score.actual is not None
        score.actual = score.actual / 3
        session.add(score)
        session.commit()
    draft = compute(db, tenant, "annual", office).run
    after_draft = ask(gql, jinfeng.leadership)
    assert after_draft.headers["x-jixiao-cache"] == "miss"
    assert after_draft.json()["data"] == first.json()["data"]
    publish(db, tenant, draft.id, office)
    fresh = ask(gql, jinfeng.leadership)
    assert fresh.headers["x-jixiao-cache"] == "miss"
    assert fresh.headers["etag"] != first.headers["etag"]
    shown = fresh.json()["data"]["rankings"]["run"]["id"]
    assert shown != first.json()["data"]["rankings"]["run"]["id"]


def test_a_unit_never_reads_another_units_cached_answer(
    jinfeng: Jinfeng, gql: GraphQLClient
) -> None:
    published(jinfeng)
    mine = ask(gql, jinfeng.reporter("liangtian")).json()["data"]["rankings"]["units"]
    theirs = ask(gql, jinfeng.reporter("fengdeng"))
    assert theirs.headers["x-jixiao-cache"] == "miss"
    assert [u["unitCode"] for u in mine] == ["liangtian"]
    assert [u["unitCode"] for u in theirs.json()["data"]["rankings"]["units"]] == ["fengdeng"]
    assert ask(gql, jinfeng.reporter("liangtian")).headers["x-jixiao-cache"] == "hit"


def test_another_tenant_never_reads_a_cached_answer(jinfeng: Jinfeng, gql: GraphQLClient) -> None:
    published(jinfeng)
    ask(gql, jinfeng.leadership)
    other = make_tenant(jinfeng.database, "西夏区")
    answer = post(gql, everything(other), {"query": RANKINGS, "variables": {"scheme": SCHEME}})
    assert answer.headers.get("x-jixiao-cache") == "miss"
    assert answer.json()["data"] == {"rankings": None}  # 西夏区 has no such scheme


def test_only_result_reads_are_cached(jinfeng: Jinfeng, gql: GraphQLClient) -> None:
    published(jinfeng)
    for _ in range(2):
        mixed = ask(gql, jinfeng.leadership, NOT_CACHED)
        assert "x-jixiao-cache" not in mixed.headers
        assert "etag" not in mixed.headers
    for _ in range(2):
        done = post(gql, jinfeng.office, {"query": MUTATION, "variables": {"scheme": SCHEME}})
        assert "x-jixiao-cache" not in done.headers
        assert done.json()["data"]["computeResults"]["errors"] == []


def persisted_get(
    gql: GraphQLClient, who: Subject, digest: str, headers: dict[str, str] | None = None
) -> Response:
    gql.subject = who
    params = {
        "operationName": "Rankings",
        "variables": json.dumps({"scheme": SCHEME}),
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
    }
    return gql.http.get("/graphql", params=params, headers=headers or {})


def test_persisted_queries_by_get_with_etags(jinfeng: Jinfeng, gql: GraphQLClient) -> None:
    published(jinfeng)
    leader = jinfeng.leadership
    digest = hashlib.sha256(RANKINGS.encode()).hexdigest()

    unknown = persisted_get(gql, leader, digest)
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    wrong = post(
        gql,
        leader,
        {
            "query": RANKINGS,
            "variables": {"scheme": SCHEME},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}},
        },
    )
    assert wrong.status_code == 400
    registered = post(
        gql,
        leader,
        {
            "query": RANKINGS,
            "variables": {"scheme": SCHEME},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        },
    )
    assert registered.status_code == 200
    assert "errors" not in registered.json()

    by_get = persisted_get(gql, leader, digest)
    assert by_get.status_code == 200
    assert by_get.json() == registered.json()
    assert by_get.headers["x-jixiao-cache"] == "hit"
    unchanged = persisted_get(gql, leader, digest, {"If-None-Match": by_get.headers["etag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    # The hash alone by POST works too; a unit asking with the leader's ETag gets its own answer.
    by_hash = post(
        gql,
        leader,
        {
            "variables": {"scheme": SCHEME},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        },
    )
    assert by_hash.json() == registered.json()
    unit = persisted_get(gql, jinfeng.reporter(), digest, {"If-None-Match": by_get.headers["etag"]})
    assert unit.status_code == 200
    assert [u["unitCode"] for u in unit.json()["data"]["rankings"]["units"]] == ["liangtian"]


def test_a_mutation_is_never_run_by_get(jinfeng: Jinfeng, gql: GraphQLClient) -> None:
    digest = hashlib.sha256(MUTATION.encode()).hexdigest()
    office = jinfeng.office
    registered = post(
        gql,
        office,
        {
            "query": MUTATION,
            "variables": {"scheme": SCHEME},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        },
    )
    assert registered.json()["data"]["computeResults"]["created"] is True
    gql.subject = office
    params = {
        "variables": json.dumps({"scheme": SCHEME}),
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
    }
    refused = gql.http.get("/graphql", params=params)
    assert refused.status_code == 405
    assert refused.json()["errors"][0]["extensions"]["code"] == "METHOD"


@pytest.mark.parametrize("extensions", ["not json", json.dumps({"persistedQuery": {}})])
def test_a_bad_persisted_get_says_what_is_wrong(
    jinfeng: Jinfeng, gql: GraphQLClient, extensions: str
) -> None:
    gql.subject = jinfeng.leadership
    answer = gql.http.get("/graphql", params={"extensions": extensions})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["message"]
