"""The public results page (阳光考核) as the public reads it: only what the office discloses, of
published runs only, of its own tenant only, behind both switches, and cached."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest

from jixiao.graphql.public_results import public
from jixiao.platform.auth import Subject
from jixiao.tenants.models import TenantStatus
from tests.factories import GraphQLClient, operator
from tests.public_results.support import Sunshine
from tests.scoring.runs.publicity_support import FOR_PUBLICITY, approved


def _units(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [unit for result in answer["results"] for g in result["groups"] for unit in g["units"]]


def test_the_page_holds_exactly_the_disclosed_columns(sunshine: Sunshine) -> None:
    sunshine.opened(rank=True, grade=True, total=False)

    answer = sunshine.page().json()

    assert set(answer) == {"tenant", "results"}
    assert answer["tenant"] == "金凤区"
    [result] = answer["results"]
    assert set(result) == {"scheme", "period", "periodName", "publishedOn", "columns", "groups"}
    assert (result["period"], result["periodName"], result["columns"]) == (
        "annual",
        "全年",
        ["rank", "grade"],
    )
    # The day of publication in the tenant's time zone (Asia/Shanghai), not UTC's.
    assert result["publishedOn"] == sunshine.published_on(ZoneInfo("Asia/Shanghai"))
    assert all(set(group) == {"name", "units"} for group in result["groups"])
    units = _units(answer)
    assert len(units) > 5
    assert all(set(unit) == {"name", "rank", "grade"} for unit in units)
    assert "良田镇" in {unit["name"] for unit in units}
    assert all(isinstance(unit["rank"], int) for unit in units)

    sunshine.disclose(rank=False, grade=False, total=True)
    units = _units(sunshine.page().json())
    assert all(set(unit) == {"name", "total"} for unit in units)
    assert all("." in unit["total"] or unit["total"].isdigit() for unit in units)


def test_nothing_personal_or_internal_leaves_through_the_page(sunshine: Sunshine) -> None:
    sunshine.opened(rank=True, grade=True, total=True)

    text = sunshine.page().text

    for secret in ("考评办 王主任", "领导小组 李组长", "liangtian", "jinfeng-2015", "bonus"):
        assert secret not in text


def test_either_switch_off_or_a_suspended_or_unknown_tenant_is_404(sunshine: Sunshine) -> None:
    sunshine.opened(rank=True)
    assert sunshine.page().status_code == 200

    sunshine.turn_on(False)
    assert sunshine.page().status_code == 404
    sunshine.turn_on(True)
    assert sunshine.page().status_code == 200

    assert sunshine.allow(False)["tenant"] == {"code": sunshine.slug, "publicResults": False}
    closed = sunshine.page()
    assert closed.status_code == 404
    assert closed.json()["error"]["message"] == public.UNKNOWN
    sunshine.allow(True)
    assert sunshine.page().status_code == 200

    suspended = sunshine.call(
        "mutation($c: String!) { suspendTenant(code: $c) { tenant { status } } }",
        {"c": sunshine.slug},
        operator(),
    )
    assert suspended["tenant"]["status"] == TenantStatus.SUSPENDED.name
    assert sunshine.page().status_code == 404
    assert sunshine.page("no-such-tenant").status_code == 404
    assert sunshine.page("金凤区").status_code == 404


def test_a_draft_approved_or_publicity_run_never_shows(sunshine: Sunshine) -> None:
    sunshine.allow()
    sunshine.turn_on()
    for period in ("ANNUAL", "Q1", "Q2"):
        assert sunshine.disclose(period, rank=True)["errors"] == []
    sunshine.flow.compute("Q1")  # a draft
    approved(sunshine.flow, "Q2")  # approved, not published
    assert sunshine.page().json()["results"] == []

    in_publicity = approved(sunshine.flow, "ANNUAL")
    started = sunshine.gql.execute(
        FOR_PUBLICITY, {"id": in_publicity}, subject=sunshine.jinfeng.office
    )
    assert started["data"]["publishResultsForPublicity"]["errors"] == [], started
    assert sunshine.page().json()["results"] == []

    settings = sunshine.office("{ publicResultsSettings { disclosures { period publishedAt } } }")
    assert [d["publishedAt"] for d in settings["disclosures"]] == [None, None, None]


def test_only_the_published_run_of_a_disclosed_period_shows(sunshine: Sunshine) -> None:
    sunshine.opened(rank=True)
    sunshine.flow.publish("Q1")  # published but not disclosed

    results = sunshine.page().json()["results"]

    assert [r["period"] for r in results] == ["annual"]


def test_a_tenants_page_never_shows_another_tenants_results(
    sunshine: Sunshine, gql: GraphQLClient, intruder: Subject
) -> None:
    sunshine.opened(rank=True, grade=True)
    assert intruder.tenant is not None
    xixia = intruder.tenant.code
    sunshine.allow(code=xixia)
    on = gql.execute(
        "mutation { setPublicResultsPage(enabled: true) { settings { path } } }",
        subject=intruder,
    )
    assert on["data"]["setPublicResultsPage"]["settings"]["path"] == f"/p/{xixia}"

    theirs = sunshine.page(xixia).json()
    assert theirs == {"tenant": "西夏区", "results": []}
    # 西夏区's office cannot disclose or withdraw 金凤区's scheme, nor read its settings.
    for query, variables in (
        (
            "mutation($i: PublicDisclosureInput!) { disclosePublicResults(input: $i)"
            " { errors { code field } } }",
            {"i": {"schemeCode": "jinfeng-2015", "period": "Q1", "showTotal": True}},
        ),
        (
            'mutation { withdrawPublicResults(schemeCode: "jinfeng-2015", period: ANNUAL)'
            " { errors { code field } } }",
            {},
        ),
    ):
        refused = next(iter(gql.execute(query, variables, subject=intruder)["data"].values()))
        assert refused["errors"] == [{"code": "NOT_FOUND", "field": "schemeCode"}]
    read = gql.execute("{ publicResultsSettings { disclosures { schemeCode } } }", subject=intruder)
    assert read["data"]["publicResultsSettings"]["disclosures"] == []
    mine = sunshine.page().json()
    assert [r["columns"] for r in mine["results"]] == [["rank", "grade"]]


def test_answers_come_from_the_cache_until_the_tenant_changes(
    sunshine: Sunshine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sunshine.opened(rank=True)
    first = sunshine.page()
    assert first.headers["X-Jixiao-Cache"] == "miss"
    assert first.headers["Cache-Control"] == "public, no-cache"

    def no_database(*_args: object) -> None:
        raise AssertionError("a cached answer reads no result")

    monkeypatch.setattr(public, "public_answer", no_database)
    again = sunshine.page()
    assert again.headers["X-Jixiao-Cache"] == "hit"
    assert again.content == first.content
    assert sunshine.page(**{"If-None-Match": first.headers["ETag"]}).status_code == 304
    monkeypatch.undo()

    sunshine.disclose(
        rank=False, grade=False, total=True
    )  # audited: the head moves, the key with it
    changed = sunshine.page(**{"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.headers["X-Jixiao-Cache"] == "miss"
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert _units(changed.json())[0].keys() == {"name", "total"}
