"""An open-link survey: a one-time ticket per page load, redeemed once; each address throttled."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.graphql.surveys import public as public_routes
from tests.surveys.support import Surveys, key_of


def test_a_ticket_is_redeemed_once(surveys: Surveys) -> None:
    survey = surveys.opened(access="LINK")
    page = surveys.page(survey).json()
    assert page["access"] == "link"
    assert page["ticket"]
    first = surveys.answer(survey, {0: [100, 80]}, ticket=page["ticket"])
    assert first.status_code == 201, first.text
    again = surveys.answer(survey, {0: [100, 80]}, ticket=page["ticket"])
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "这份答卷已经提交过，请勿重复提交"
    assert surveys.results(survey["id"])["survey"]["responses"] == 1


def test_a_forged_or_foreign_ticket_is_refused(surveys: Surveys) -> None:
    survey = surveys.opened(access="LINK")
    other = surveys.opened(access="LINK", title="另一次测评")
    ticket = surveys.page(other).json()["ticket"]
    for wrong in (ticket, ticket[:-2] + "xx", "", "a.b.c"):
        refused = surveys.answer(survey, {0: [100, 80]}, ticket=wrong)
        assert refused.status_code == 400, wrong
        assert refused.json()["error"]["message"] == "答卷凭证无效或已过期，请刷新页面后重新作答"
    assert surveys.results(survey["id"])["survey"]["responses"] == 0


def test_each_address_is_throttled(surveys: Surveys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(public_routes, "ANSWERS_PER_MINUTE", 2)
    survey = surveys.opened(access="LINK")
    database = surveys.jinfeng.database

    def client(address: str) -> TestClient:
        return TestClient(create_app(database.settings, database=database), client=(address, 1))

    near, far = client("10.7.7.7"), client("10.8.8.8")
    key = key_of(survey)
    statuses = []
    for _ in range(3):
        ticket = near.get(f"/public/surveys/{key}").json()["ticket"]
        body = {"answers": [{"unit": 0, "values": [60, 60]}], "ticket": ticket}
        statuses.append(near.post(f"/public/surveys/{key}/answers", json=body))
    assert [r.status_code for r in statuses] == [201, 201, 429]
    assert statuses[2].json()["error"]["message"].startswith("提交过于频繁")
    assert int(statuses[2].headers["Retry-After"]) >= 1
    ticket = far.get(f"/public/surveys/{key}").json()["ticket"]
    body = {"answers": [{"unit": 0, "values": [60, 60]}], "ticket": ticket}
    assert far.post(f"/public/surveys/{key}/answers", json=body).status_code == 201
    assert surveys.results(survey["id"])["survey"]["responses"] == 3
