"""Who may turn the public results page's switches, and the audit trail each change leaves."""

from __future__ import annotations

import json

from jixiao.audit.models import AuditOutcome
from tests.factories import SCHEME, operator
from tests.public_results.support import ACCESS, PAGE, WITHDRAW, Sunshine


def test_every_switch_change_is_audited_with_before_and_after(sunshine: Sunshine) -> None:
    sunshine.opened(rank=True, grade=False)
    sunshine.disclose(rank=True, grade=True)
    withdrawn = sunshine.office(WITHDRAW, {"s": SCHEME, "p": "ANNUAL"})
    assert withdrawn["errors"] == []
    assert withdrawn["settings"]["disclosures"] == []
    sunshine.turn_on(False)

    [opened] = sunshine.audited("tenant.public_results")
    assert (opened.actor_kind, opened.actor_name) == ("operator", "平台运营")
    assert json.loads(opened.after or "{}") == {"public_results": True}
    pages = sunshine.audited("public_results.page")
    assert [json.loads(e.after or "{}") for e in pages] == [{"enabled": True}, {"enabled": False}]
    assert {e.actor_name for e in pages} == {"考评办 王主任"}
    first, second = sunshine.audited("public_results.disclose")
    assert first.before is None
    assert json.loads(second.before or "{}") == {"rank": True, "grade": False, "total": False}
    assert json.loads(second.after or "{}") == {
        "scheme": SCHEME,
        "period": "annual",
        "rank": True,
        "grade": True,
        "total": False,
    }
    [gone] = sunshine.audited("public_results.withdraw")
    assert json.loads(gone.before or "{}")["scheme"] == SCHEME
    assert sunshine.tenant().public_results is True


def test_only_the_office_and_the_operator_turn_their_switches(sunshine: Sunshine) -> None:
    reporter = sunshine.jinfeng.reporter()
    refused = sunshine.gql.execute(PAGE, {"on": True}, subject=reporter)
    assert refused["data"] is None
    assert "result:publish" in refused["errors"][0]["message"]
    # A tenant's office cannot open its own page at the platform's level…
    office = sunshine.gql.execute(
        ACCESS, {"c": sunshine.slug, "on": True}, subject=sunshine.jinfeng.office
    )
    assert office["data"] is None
    assert sunshine.tenant().public_results is False
    # …and the operator reads and turns no tenant's own switch.
    for query in (PAGE, "{ publicResultsSettings { enabled } }"):
        variables = {"on": True} if query is PAGE else {}
        assert sunshine.gql.execute(query, variables, subject=operator())["data"] is None
    # The refused attempts are on the record as such; nothing changed.
    refusals = sunshine.audited("public_results.page")
    assert [e.outcome for e in refusals] == [AuditOutcome.REFUSED]
    assert refusals[0].actor_name == "liangtian 填报员"


def test_bad_choices_are_refused_saying_what_and_where(sunshine: Sunshine) -> None:
    nothing = sunshine.disclose(rank=False, grade=False, total=False)
    assert nothing["errors"] == [
        {
            "code": "INVALID",
            "message": "请至少选择一项公开内容：名次、等次或总分",
            "field": "showRank",
        }
    ]
    unknown = sunshine.office(
        'mutation { disclosePublicResults(input: {schemeCode: "nope", period: Q1})'
        " { errors { code message field } } }"
    )["errors"]
    assert unknown == [
        {"code": "NOT_FOUND", "message": "没有代码为「nope」的考评方案", "field": "schemeCode"}
    ]
    missing = sunshine.office(WITHDRAW, {"s": SCHEME, "p": "Q2"})["errors"]
    assert [(e["code"], e["field"]) for e in missing] == [("NOT_FOUND", "period")]
    assert "未公开" in missing[0]["message"]
    no_tenant = sunshine.call(ACCESS, {"c": "no-such", "on": True}, operator())["errors"]
    assert no_tenant == [
        {"code": "NOT_FOUND", "message": "没有代码为「no-such」的租户", "field": "code"}
    ]
