"""The end of a 公示: objections raised as appeals while it lasts, an upheld one applied before
the result is final, the office ending it early only with no appeal open, and the scheduler's
job making it final when its period is over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from jixiao.audit.service import SYSTEM
from jixiao.scoring.runs import publicity as service
from jixiao.scoring.runs.models import Period, RunStatus
from jixiao.workers.broker import send
from tests.appeals.support import ANSWER, DECIDE, ROUTE, WITHDRAW
from tests.factories import SCHEME
from tests.scoring.runs.publicity_support import END, Publicity, publicity

__all__ = ["publicity"]
WINDOW = 'query { appealWindow(schemeCode: "jinfeng-2015") { runId days open publishedAt closesAt publicity } }'


def _end_job(publicity: Publicity, drain: Callable[[], None]) -> None:
    send("results.end_publicity", tenant_id=str(publicity.appeals.jinfeng.tenant.id))
    drain()


def test_an_objection_during_publicity_is_an_appeal_until_the_publicity_ends(
    publicity: Publicity,
) -> None:
    # given the run in 公示: the unit's window is the 公示's own
    window = publicity.appeals.query(WINDOW, {}, publicity.appeals.reporter)["appealWindow"]
    run = publicity.model()
    assert (window["runId"], window["open"], window["days"], window["publicity"]) == (
        publicity.run_id,
        True,
        5,
        True,
    )
    assert run.publicity_ends_at is not None
    assert datetime.fromisoformat(window["closesAt"]) == run.publicity_ends_at
    # when 良田镇 objects to its A1 Q4 score, it is an appeal on the run in 公示
    raised = publicity.appeals.raise_on()
    assert raised["errors"] == [], raised
    assert (raised["appeal"]["stateLabel"], raised["appeal"]["runId"]) == (
        "待分派",
        publicity.run_id,
    )
    assert "申诉待分派：良田镇" in publicity.appeals.titles(publicity.appeals.office)
    # then, its 公示 over (and not yet made final), objections are refused
    publicity.appeals.run(WITHDRAW, {"id": raised["appeal"]["id"]}, publicity.appeals.reporter)
    publicity.end_by()
    late = publicity.appeals.raise_on()
    assert late["errors"][0]["code"] == "CONFLICT"
    assert "申诉期已过" in late["errors"][0]["message"]


def test_the_office_ends_a_publicity_early_only_with_no_appeal_open(
    publicity: Publicity,
) -> None:
    raised = publicity.appeals.raise_on()
    refused = publicity.mutate(END, publicity.run_id)
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert "还有 1 件申诉未办结" in refused["errors"][0]["message"]
    assert publicity.model().status is RunStatus.PUBLICITY
    publicity.appeals.run(WITHDRAW, {"id": raised["appeal"]["id"]}, publicity.appeals.reporter)
    ended = publicity.mutate(END, publicity.run_id)
    assert ended["errors"] == [], ended
    assert ended["run"]["statusLabel"] == "已公布"


def test_an_upheld_objection_is_applied_before_the_result_is_final(
    publicity: Publicity, drain: Callable[[], None]
) -> None:
    # given 良田镇's objection answered by 招商局, and the 公示's end
    appeal_id = publicity.appeals.answered()
    ends = publicity.model().publicity_ends_at
    # when the office upholds it during the 公示
    decided = publicity.appeals.run(
        DECIDE,
        {"id": appeal_id, "u": True, "n": "漏报属实，予以更正", "c": {"actual": "100"}},
        publicity.appeals.office,
    )
    assert decided["errors"] == [], decided
    corrected = decided["appeal"]["correctedRunId"]
    # then the corrected run takes the place of the one in 公示, to the same end date
    old, new = publicity.model(), publicity.model(corrected)
    assert old.status is RunStatus.SUPERSEDED
    assert old.superseded_by_run_id == new.id
    assert (new.status, new.publicity_ends_at) == (RunStatus.PUBLICITY, ends)
    assert publicity.pointer().publicity_run_id == new.id
    assert publicity.pointer().published_run_id is None  # nothing final yet
    seen = publicity.rankings(publicity.other)
    assert seen is not None
    assert (seen["run"]["id"], seen["run"]["statusLabel"]) == (corrected, "公示中")
    assert len(seen["units"]) > 1
    # and when the 公示 is over, the scheduler's job publishes the corrected run as final
    publicity.end_by(corrected)
    _end_job(publicity, drain)
    final = publicity.model(corrected)
    assert final.status is RunStatus.PUBLISHED
    assert publicity.pointer().published_run_id == final.id
    assert publicity.model().status is RunStatus.SUPERSEDED


def test_the_scheduler_makes_the_result_final_when_the_publicity_is_over(
    publicity: Publicity, drain: Callable[[], None]
) -> None:
    # given the 公示 still running: the job leaves it alone
    _end_job(publicity, drain)
    assert publicity.model().status is RunStatus.PUBLICITY
    # given an objection still open when the 公示 ends
    raised = publicity.appeals.raise_on()
    assert raised["errors"] == [], raised
    publicity.end_by(ago=timedelta(hours=2))
    # when the scheduler's job runs (twice: it is idempotent)
    _end_job(publicity, drain)
    _end_job(publicity, drain)
    # then the run is the final published result, every unit is back to its own rows
    run = publicity.model()
    assert run.status is RunStatus.PUBLISHED
    assert run.published_by == "系统"
    pointer = publicity.pointer()
    assert (pointer.published_run_id, pointer.publicity_run_id) == (run.id, None)
    ranking = publicity.rankings(publicity.other)
    assert ranking is not None
    assert [u["unitCode"] for u in ranking["units"]] == ["fengdeng"]
    titles = publicity.appeals.titles(publicity.other)
    assert sum(t.startswith("考评结果已公布") for t in titles) == 1
    # the open objection carries on as an appeal on the final result, in the usual window
    window = publicity.appeals.query(WINDOW, {}, publicity.appeals.reporter)["appealWindow"]
    assert (window["runId"], window["open"], window["publicity"]) == (publicity.run_id, True, False)
    assert datetime.fromisoformat(window["publishedAt"]) == run.published_at
    appeal_id, people = raised["appeal"]["id"], publicity.appeals
    people.run(ROUTE, {"id": appeal_id, "h": "zhaoshangju"}, people.office)
    people.run(ANSWER, {"id": appeal_id, "a": "统计无误"}, people.scorer)
    rejected = people.run(DECIDE, {"id": appeal_id, "u": False, "n": "维持"}, people.office)
    assert rejected["errors"] == [], rejected
    assert rejected["appeal"]["stateLabel"] == "已维持原结果"


def test_end_due_ends_only_the_tenants_publicity_that_is_over(publicity: Publicity) -> None:
    tenant = publicity.appeals.jinfeng.tenant
    ends = publicity.model().publicity_ends_at
    assert ends is not None
    with publicity.appeals.database.tenant_session(tenant.id) as session:
        assert service.end_due(session, actor=SYSTEM, now=ends - timedelta(seconds=1)) == 0
        assert service.end_due(session, actor=SYSTEM, now=ends) == 1
        session.commit()
    assert publicity.model().status is RunStatus.PUBLISHED
    assert publicity.model().scheme_code == SCHEME


def test_the_demo_leaves_a_period_in_publicity_to_the_office(publicity: Publicity) -> None:
    from jixiao.demo.results import _publish

    office = publicity.appeals.jinfeng.office
    with publicity.appeals.database.tenant_session(publicity.appeals.jinfeng.tenant.id) as s:
        assert _publish(s, Period.ANNUAL, office, publicity.appeals.jinfeng.leadership) is False
        s.commit()
    assert publicity.model().status is RunStatus.PUBLICITY
