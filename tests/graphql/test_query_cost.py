"""Query cost (graphql/cost.py): priced from the document before it runs, refused past the
per-request maximum (QUERY_TOO_COSTLY, nothing run), counted per minute per user and per tenant
with the request limits (429 past a budget), and told in X-Query-Cost / X-QueryCost-* headers."""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import uuid
from pathlib import Path

import orjson
import pytest
from graphql import OperationDefinitionNode, parse
from sqlmodel import col, func, select
from starlette.requests import HTTPConnection
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.audit.models import AuditEvent
from jixiao.graphql import cost as cost_module
from jixiao.graphql.cost import DEFAULT_LIST_SIZE, PAGE_MAX, UNITS, Plan, Pricer
from jixiao.graphql.schema import build_schema
from jixiao.graphql.scoring.entry import queries as scoring_queries
from jixiao.graphql.supervision import queries as supervision_queries
from jixiao.org.models import Unit
from jixiao.platform.auth import ANONYMOUS, Subject
from jixiao.platform.config import Settings, SettingsError
from jixiao.platform.db import Database
from jixiao.platform.pagination import DEFAULT_PAGE, keyset_page
from jixiao.platform.ratelimit import MemoryLimiter, RedisLimiter, Standing, make_limiter
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.security.test_rate_limits import run

PORTAL_API = Path(__file__).resolve().parents[2] / "portal" / "src" / "api"
VIEWER = "{ viewer { authenticated } }"  # costs 2
UNITS_PAGE = "query($first: Int) { units(first: $first) { nodes { code name } } }"
CREATE_UNIT = """
mutation($input: UnitInput!) { createUnit(input: $input) {
  unit { id code name kind kindLabel headcount monitoring active }
  errors { code message field } } }"""


@pytest.fixture(scope="module")
def pricer() -> Pricer:
    return Pricer(build_schema(Settings())._schema, max_tokens=Settings().graphql_max_tokens)


def test_a_connection_counts_its_selection_once_per_item_of_its_page(pricer: Pricer) -> None:
    assert pricer.price(VIEWER) == 2
    # units 1 + nodes 1 + 10 × (code + name)
    assert pricer.price("{ units(first: 10) { nodes { code name } } }") == 22
    # + pageInfo 1 + hasNextPage 1: counted once, not per item
    assert (
        pricer.price("{ units(first: 10) { nodes { code name } pageInfo { hasNextPage } } }") == 24
    )
    # units + edges + 10 × (node 1 + 2 fields + cursor 1)
    assert pricer.price("{ units(first: 10) { edges { node { code name } cursor } } }") == 42
    # no `first`: the resolvers' default page; past the maximum: the resolver refuses it
    assert pricer.price("{ units { nodes { code } } }") == 2 + DEFAULT_PAGE
    assert pricer.price("{ units(first: 5000) { nodes { code } } }") == 2 + PAGE_MAX
    # a field's own maximum (the scoring workbench pages up to 500)
    workbench = (
        '{ scoringWorkbench(schemeCode: "s", period: "Q1", first: 900) { nodes { unitCode } } }'
    )
    assert pricer.price(workbench) == 2 + 500


def test_lists_without_first_count_their_assumed_size_and_scalars_and_typename_nothing_more(
    pricer: Pricer,
) -> None:
    rankings = '{ rankings(schemeCode: "s", period: ANNUAL) { overall { unitCode total } } }'
    assert pricer.price(rankings) == 2 + UNITS * 2
    assert pricer.price("{ roles { code permissions } }") == 1 + DEFAULT_LIST_SIZE * 2
    assert pricer.price("{ viewer { authenticated __typename } __typename }") == 2
    # introspection (development only): one field each, its answer not counted
    assert pricer.price("{ __schema { types { name fields { name type { name } } } } }") == 1


def test_fragments_and_variables_are_resolved(pricer: Pricer) -> None:
    spread = """
    query Units($first: Int) { units(first: $first) { ...Page } }
    fragment Page on UnitConnection { nodes { ...Named } pageInfo { hasNextPage } }
    fragment Named on Unit { code name }"""
    inline = "{ units(first: 10) { ... on UnitConnection { nodes { code ... { name } } } } }"
    assert pricer.price(spread, "Units", {"first": 10}) == 24
    assert pricer.price(inline) == 22
    assert pricer.price(UNITS_PAGE, None, {"first": 3}) == 2 + 3 * 2
    assert pricer.price(UNITS_PAGE, None, {}) == 2 + DEFAULT_PAGE * 2  # absent: the default
    assert pricer.price(UNITS_PAGE, None, {"first": None}) == 2 + DEFAULT_PAGE * 2
    assert pricer.price(UNITS_PAGE, None, {"first": 10_000}) == 2 + PAGE_MAX * 2
    defaulted = "query($n: Int = 7) { units(first: $n) { nodes { code } } }"
    assert pricer.price(defaulted) == 2 + 7
    assert pricer.price(defaulted, None, {"n": 2}) == 2 + 2
    # the operation GraphQL would run; nothing for what it refuses anyway
    two = "query A { viewer { authenticated } } query B { units(first: 1) { nodes { code } } }"
    assert (pricer.price(two, "A"), pricer.price(two, "B"), pricer.price(two)) == (2, 3, 0)
    assert pricer.price("{ viewer { ") == 0
    cyclic = (
        "{ units { ...A } } fragment A on UnitConnection { ...B }"
        " fragment B on UnitConnection { ...A }"
    )
    assert pricer.price(cyclic) == 1  # refused by GraphQL; priced without looping


def test_fragments_spread_again_and_again_are_planned_once(pricer: Pricer) -> None:
    """F39 spreads F38 twice, which spreads F37 twice…: 2^39 copies of F0, priced at once (a
    walk of each copy would never end)."""
    fragments = ["fragment F0 on UnitConnection { nodes { code } }"] + [
        f"fragment F{i} on UnitConnection {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 40)
    ]
    text = "query($first: Int) { units(first: $first) { ...F39 } } " + " ".join(fragments)
    assert pricer.price(text, None, {"first": 10}) == 1 + 2**39 * (1 + 10)


def test_a_document_is_planned_once_and_its_cost_kept_per_page_size(
    pricer: Pricer, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = UNITS_PAGE + " # kept"
    planned: list[str] = []
    plan = pricer.plan

    def planning(text: str) -> dict[str | None, Plan]:
        planned.append(text)
        return plan(text)

    monkeypatch.setattr(pricer, "plan", planning)
    for first in (1, 2, 1, 2, 1):
        assert (
            pricer.price(text, None, {"first": first, "after": str(uuid.uuid4())}) == 2 + 2 * first
        )
    assert planned == [text]
    kept = pricer.costs.keys()  # (digest, operation, page sizes)
    digest = next(key for key in kept if key[2] == (1,))[0]
    assert {key[2] for key in kept if key[0] == digest} == {(1,), (2,)}


def test_the_page_maxima_are_the_resolvers() -> None:
    assert inspect.signature(keyset_page).parameters["max_first"].default == PAGE_MAX
    assert cost_module.PAGE_MAXIMA["Query.scoringWorkbench"] == scoring_queries.MAX_PAGE
    assert cost_module.PAGE_MAXIMA["Query.supervisionBoard"] == supervision_queries.MAX_PAGE


def test_every_portal_operation_fits_in_the_default_maximum(pricer: Pricer) -> None:
    """The portal's own operations, at the largest pages it asks for, stay well within one
    request's maximum (half of it)."""
    text = "\n".join(path.read_text("utf-8") for path in sorted(PORTAL_API.glob("*.graphql")))
    big = Pricer(pricer.schema, max_tokens=10**6)
    names = [
        node.name.value
        for node in parse(text).definitions
        if isinstance(node, OperationDefinitionNode) and node.name
    ]
    assert len(names) > 100
    costs = {name: big.price(text, name, {"first": 500}) for name in names}
    assert all(costs.values())
    costly = {name: cost for name, cost in costs.items() if cost > Settings().query_cost_max // 2}
    assert not costly


def test_a_budget_below_the_maximum_is_refused() -> None:
    settings = Settings.from_env(
        {"JIXIAO_QUERY_COST_MAX": "1000", "JIXIAO_QUERY_COST_TENANT_PER_MINUTE": "0"}
    )
    assert (settings.query_cost_max, settings.query_cost_tenant_per_minute) == (1000, 0)
    with pytest.raises(SettingsError, match="JIXIAO_QUERY_COST_PER_MINUTE"):
        Settings.from_env({"JIXIAO_QUERY_COST_MAX": "1000", "JIXIAO_QUERY_COST_PER_MINUTE": "999"})


def _client(database: Database, **limits: int) -> GraphQLClient:
    return GraphQLClient(Database(database.settings.with_changes(**limits), engine=database.engine))


def test_an_operation_over_the_maximum_is_refused_before_it_runs(database: Database) -> None:
    client = _client(database, query_cost_max=20)
    tenant = make_tenant(database, "金凤区")
    admin = tenant_user(tenant, "unit:write", "unit:read")

    def audited() -> int:
        with database.tenant_session(tenant.id) as session:
            return session.exec(select(func.count()).select_from(AuditEvent)).one()

    before = audited()
    client.subject = admin
    unit = {"code": "fagaiju", "name": "发展和改革局", "kind": "DEPARTMENT"}
    answer = client.http.post("/graphql", json={"query": CREATE_UNIT, "variables": {"input": unit}})
    assert answer.status_code == 200
    # createUnit, unit and its 8 fields, errors and 5 assumed errors × 3 fields
    assert answer.headers["X-Query-Cost"] == "26"
    (error,) = answer.json()["errors"]
    assert "data" not in answer.json()
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert (error["extensions"]["cost"], error["extensions"]["maximum"]) == (26, 20)
    assert "查询成本 26 超过单次上限 20" in error["message"]
    assert error["extensions"]["requestId"]
    with database.tenant_session(tenant.id) as session:
        assert not session.exec(select(Unit).where(col(Unit.code) == "fagaiju")).all()
    assert audited() == before  # not even a refused attempt: the mutation never started
    # within the maximum the same mutation runs (and is audited)
    cheap = "mutation($input: UnitInput!) { createUnit(input: $input) { unit { code } } }"
    made = client.execute(cheap, {"input": unit}, subject=admin)
    assert made["data"]["createUnit"]["unit"] == {"code": "fagaiju"}
    assert audited() == before + 1
    # anyone's request is priced, signed in or not; headers only for a signed-in caller
    client.subject = ANONYMOUS
    costly = client.http.post("/graphql", json={"query": UNITS_PAGE, "variables": {"first": 20}})
    assert costly.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "X-Query-Cost" not in costly.headers


def test_the_budget_of_a_minute_refuses_with_429_and_the_headers_say_where_it_stands(
    database: Database,
) -> None:
    client = _client(
        database,
        rate_limit_per_minute=100,
        query_cost_max=100,
        query_cost_per_minute=100,
        query_cost_tenant_per_minute=1000,
    )
    tenant = make_tenant(database, "金凤区")
    client.subject = tenant_user(tenant, "unit:read")

    def units(first: int) -> object:
        return client.http.post(
            "/graphql", json={"query": UNITS_PAGE, "variables": {"first": first}}
        )

    first = units(20)  # 2 + 20 × 2 = 42
    assert first.status_code == 200
    assert first.headers["X-Query-Cost"] == "42"
    assert first.headers["X-QueryCost-Limit"] == "100"  # the user's, tighter than the tenant's
    assert first.headers["X-QueryCost-Remaining"] == "58"
    assert 1 <= int(first.headers["X-QueryCost-Reset"]) <= 60
    assert "X-RateLimit-Limit" in first.headers  # the request limits are told as before
    assert units(20).headers["X-QueryCost-Remaining"] == "16"
    refused = units(20)  # 42 does not fit in 16: refused, nothing spent
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "查询成本超出每分钟额度：本次 42，剩余 16" in refused.json()["errors"][0]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert (refused.headers["X-Query-Cost"], refused.headers["X-QueryCost-Remaining"]) == (
        "42",
        "16",
    )
    smaller = units(7)  # 16 exactly
    assert (smaller.status_code, smaller.headers["X-QueryCost-Remaining"]) == (200, "0")
    viewer = client.http.post("/graphql", json={"query": VIEWER})
    assert viewer.status_code == 429  # 2 more do not fit
    # another user of the same tenant has a budget of their own; the tenant's is shared
    client.subject = tenant_user(tenant, "unit:read")
    other = units(20)
    assert other.status_code == 200
    assert other.headers["X-QueryCost-Limit"] == "100"
    assert other.headers["X-QueryCost-Remaining"] == "58"


def test_one_tenant_spending_its_budget_does_not_stop_another(database: Database) -> None:
    client = _client(
        database, query_cost_max=50, query_cost_per_minute=0, query_cost_tenant_per_minute=50
    )
    spender, other = make_tenant(database, "金凤区"), make_tenant(database, "西夏区")
    client.subject = tenant_user(spender, "unit:read")
    body = {"query": UNITS_PAGE, "variables": {"first": 20}}  # 42
    answer = client.http.post("/graphql", json=body)
    assert (answer.status_code, answer.headers["X-QueryCost-Limit"]) == (200, "50")
    client.subject = tenant_user(spender, "unit:read")  # a colleague: the tenant's budget is spent
    refused = client.http.post("/graphql", json=body)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["message"].startswith("本单位查询成本超出每分钟额度")
    client.subject = tenant_user(other, "unit:read")
    elsewhere = client.http.post("/graphql", json=body)
    assert (elsewhere.status_code, elsewhere.headers["X-QueryCost-Remaining"]) == (200, "8")


def test_no_limits_still_tells_the_cost(database: Database) -> None:
    client = _client(
        database, query_cost_max=0, query_cost_per_minute=0, query_cost_tenant_per_minute=0
    )
    client.subject = tenant_user(make_tenant(database, "金凤区"), "unit:read")
    answer = client.http.post("/graphql", json={"query": UNITS_PAGE, "variables": {"first": 100}})
    assert answer.status_code == 200
    assert answer.headers["X-Query-Cost"] == "202"
    assert "X-QueryCost-Limit" not in answer.headers
    # a large body is priced off the event loop, alike
    padded = {"query": UNITS_PAGE, "variables": {"first": 3, "pad": "填" * 300_000}}
    large = client.http.post("/graphql", json=padded)
    assert (large.status_code, large.headers["X-Query-Cost"]) == (200, "8")


def test_persisted_queries_are_priced_by_their_text(database: Database) -> None:
    client = _client(database)
    client.subject = tenant_user(make_tenant(database, "金凤区"), "unit:read")
    digest = hashlib.sha256(UNITS_PAGE.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    sent = {"query": UNITS_PAGE, "variables": {"first": 5}, "extensions": extensions}
    assert client.http.post("/graphql", json=sent).headers["X-Query-Cost"] == "12"
    by_hash = client.http.post(
        "/graphql", json={"variables": {"first": 3}, "extensions": extensions}
    )
    assert (by_hash.status_code, by_hash.headers["X-Query-Cost"]) == (200, "8")
    params = {"extensions": orjson.dumps(extensions).decode(), "variables": '{"first": 1}'}
    by_get = client.http.get("/graphql", params=params)
    assert (by_get.status_code, by_get.headers["X-Query-Cost"]) == (200, "4")
    assert "errors" not in by_get.json()


def test_the_app_counts_cost_in_redis_when_it_has_one(database: Database, redis_url: str) -> None:
    settings = database.settings.with_changes(
        redis_url=redis_url,
        queue_namespace=f"test-{uuid.uuid4().hex}",
        rate_limit_per_minute=100,
        query_cost_max=50,
        query_cost_per_minute=100,
        query_cost_tenant_per_minute=0,
    )
    subject = tenant_user(make_tenant(database, "金凤区"), "unit:read")

    async def authenticate(_connection: HTTPConnection) -> Subject:
        return subject

    app = create_app(
        settings,
        database=Database(settings, engine=database.engine),
        authenticate=authenticate,
        run_worker=False,
    )
    body = {"query": UNITS_PAGE, "variables": {"first": 20}}  # 42
    with TestClient(app) as http:  # one event loop for the requests, as under uvicorn
        answers = [http.post("/graphql", json=body) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["X-QueryCost-Remaining"] for a in answers] == ["58", "16", "16"]
    assert answers[0].headers["X-RateLimit-Remaining"] == "99"


def test_concurrent_charges_on_redis_spend_exactly_the_budget(redis_url: str) -> None:
    """Of 100 simultaneous requests costing 10 against a budget of 500, exactly 50 pass; the
    refused ones spend nothing, and a request window past its limit is counted first."""

    async def charges() -> tuple[list[Standing], Standing]:
        limiter = make_limiter(redis_url, f"test-{uuid.uuid4().hex}")  # the app's bounded pool
        assert isinstance(limiter, RedisLimiter)
        try:
            done = await asyncio.gather(
                *(limiter.charge([("user:one", 1000)], [("cost:one", 500)], 10) for _ in range(100))
            )
            return list(done), await limiter.charge([("user:one", 100)], [("cost:one", 500)], 1)
        finally:
            await limiter.client.aclose()

    done, past_window = run(charges())
    assert sum(s.budgets[0].allowed for s in done) == 50
    assert min(s.budgets[0].remaining for s in done) == 0
    assert [v.allowed for v in past_window.windows] == [False]  # its 101st request of 100
    assert past_window.budgets == []


def test_memory_charges_alike() -> None:
    now = [1000.0]
    limiter = MemoryLimiter(clock=lambda: now[0])
    windows, budgets = [("user:x", 3), ("tenant:t", 10)], [("cost:x", 50), ("cost:t", 60)]
    first = limiter.count_charge(windows, budgets, 40)
    assert [v.remaining for v in first.budgets] == [10, 20]
    refused = limiter.count_charge(windows, budgets, 15)  # fits the tenant's 20, not the user's 10
    assert [v.allowed for v in refused.budgets] == [False, False]
    assert [v.remaining for v in refused.budgets] == [10, 20]  # nothing spent
    assert refused.budgets[0].retry_after_s == 60
    assert limiter.count_charge(windows, budgets, 10).budgets[0].remaining == 0
    past = limiter.count_charge(windows, budgets, 0)  # the user's 4th request of 3
    assert ([v.allowed for v in past.windows], past.budgets) == ([False], [])
    now[0] += 60
    fresh = limiter.count_charge(windows, budgets, 50)
    assert [v.remaining for v in fresh.budgets] == [0, 10]
