"""公示 over GraphQL: an approved run shown to every unit of the tenant for its 公示 period,
the mark and end date, and every refusal (not approved, already final, an open appeal when
ending early, a run in 公示 touched by the other steps, another tenant)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from jixiao.platform.db import Database
from jixiao.scoring.runs.models import RunStatus
from tests.factories import Jinfeng, Office
from tests.scoring.runs.publicity_support import (
    END,
    FOR_PUBLICITY,
    Publicity,
    approved,
    publicity,
)

__all__ = ["publicity"]

DAYS_QUERY = "query { publicityDays }"


def _working_days_between(start: datetime, end: datetime) -> int:
    """Working days (Mon–Fri) after `start`'s date up to the day before `end`'s date."""
    zone = ZoneInfo("Asia/Shanghai")
    day, last, count = start.astimezone(zone).date(), end.astimezone(zone).date(), 0
    while True:
        day += timedelta(days=1)
        if day >= last:
            return count
        count += day.weekday() < 5


def test_the_office_puts_an_approved_run_in_publicity_for_the_tenants_period(
    publicity: Publicity,
) -> None:
    # given the annual result put in 公示 (publicity_days defaults to 5 working days)
    run = publicity.rankings(publicity.appeals.office)
    assert run is not None
    shown = run["run"]
    # then it is marked 公示中 with an end date at the close of its fifth working day
    assert (shown["status"], shown["statusLabel"], shown["publishedNow"]) == (
        "PUBLICITY",
        "公示中",
        False,
    )
    started = datetime.fromisoformat(shown["publicityStartedAt"])
    ends = datetime.fromisoformat(shown["publicityEndsAt"])
    local = ends.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute) == (0, 0)
    assert _working_days_between(started, ends) == 5
    assert publicity.appeals.query(DAYS_QUERY, {}, publicity.appeals.office) == {"publicityDays": 5}
    # and every unit's people are told, and the step is audited
    for who in (publicity.appeals.reporter, publicity.other):
        assert any(t.startswith("考评结果公示：") for t in publicity.appeals.titles(who))
    with publicity.appeals.database.tenant_session(publicity.appeals.jinfeng.tenant.id) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "result.publicity")).one()
        assert '"publicity"' in (event.after or "")
        assert "5 个工作日" in (event.reason or "")


def test_every_unit_sees_the_whole_ranking_only_while_the_publicity_lasts(
    publicity: Publicity, jinfeng: Jinfeng, office: Office
) -> None:
    # given the run in 公示: 良田镇's and 丰登镇's reporters each see every unit the office sees
    everyone = publicity.rankings(publicity.appeals.office)
    assert everyone is not None
    units = len(everyone["units"])
    assert units > 20
    for who in (publicity.appeals.reporter, publicity.other):
        ranking = publicity.rankings(who)
        assert ranking is not None
        assert ranking["run"]["statusLabel"] == "公示中"
        assert len(ranking["units"]) == units
    other_unit = publicity.appeals.query(
        'query { unitResult(schemeCode: "jinfeng-2015", unitCode: "fengdeng") { unitCode } }',
        {},
        publicity.appeals.reporter,
    )
    assert other_unit == {"unitResult": {"unitCode": "fengdeng"}}

    trend = publicity.appeals.query(
        'query { unitTrend(schemeCode: "jinfeng-2015", unitCode: "liangtian")'
        " { period run { status } } }",
        {},
        publicity.appeals.reporter,
    )["unitTrend"]
    assert [p["run"]["status"] for p in trend if p["period"] == "ANNUAL"] == ["PUBLICITY"]

    # when the office ends the 公示 (no appeal open) and the result is final
    ended = publicity.mutate(END, publicity.run_id)
    assert ended["errors"] == [], ended
    assert (ended["run"]["status"], ended["run"]["publishedNow"]) == ("PUBLISHED", True)

    # then each unit sees its own row again, and another unit's result no more
    for who, code in ((publicity.appeals.reporter, "liangtian"), (publicity.other, "fengdeng")):
        ranking = publicity.rankings(who)
        assert ranking is not None
        assert ranking["run"]["status"] == "PUBLISHED"
        assert [u["unitCode"] for u in ranking["units"]] == [code]
    hidden = publicity.appeals.query(
        'query { unitResult(schemeCode: "jinfeng-2015", unitCode: "fengdeng") { unitCode } }',
        {},
        publicity.appeals.reporter,
    )
    assert hidden == {"unitResult": None}
    pointer = publicity.pointer()
    assert pointer.publicity_run_id is None
    assert str(pointer.published_run_id) == str(publicity.model().id)
    # the usual publication notice went out, and the step is audited as a publication
    assert any(t.startswith("考评结果已公布") for t in publicity.appeals.titles(publicity.other))
    with publicity.appeals.database.tenant_session(jinfeng.tenant.id) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "result.publish")).one()
        assert "提前结束公示" in (event.reason or "")


def test_a_quarter_not_in_publicity_stays_within_the_units_own_rows(
    publicity: Publicity, office: Office
) -> None:
    # given Q4 published finally while the year is in 公示
    office.publish("Q4")
    found = publicity.appeals.query(
        'query { rankings(schemeCode: "jinfeng-2015", period: Q4) { units { unitCode } } }',
        {},
        publicity.appeals.reporter,
    )
    assert found["rankings"]["units"] == [{"unitCode": "liangtian"}]


def test_refusals_not_approved_already_final_in_publicity_and_zero_days(
    database: Database, jinfeng: Jinfeng, office: Office
) -> None:
    built = Publicity.build(database, jinfeng, office)
    # a draft cannot be put in 公示
    draft = office.compute("Q1")["run"]["id"]
    refused = built.mutate(FOR_PUBLICITY, draft)
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert "只有已审定的结果可以公示" in refused["errors"][0]["message"]
    # a run already in 公示: neither again, nor published or reviewed by the other steps
    again = built.mutate(FOR_PUBLICITY, built.run_id)
    assert "已在公示中" in again["errors"][0]["message"]
    published = office.step("publishResults", built.run_id, jinfeng.office)
    assert "正在公示中" in published["data"]["publishResults"]["errors"][0]["message"]
    # a final result cannot be put in 公示, nor its 公示 ended twice
    assert built.mutate(END, built.run_id)["errors"] == []
    final = built.mutate(FOR_PUBLICITY, built.run_id)
    assert "已正式公布" in final["errors"][0]["message"]
    ended = built.mutate(END, built.run_id)
    assert "已正式公布" in ended["errors"][0]["message"]
    # a run never in 公示 has none to end
    quarter = approved(office, "Q2")
    assert "不在公示中" in built.mutate(END, quarter)["errors"][0]["message"]
    # a tenant without a 公示 period publishes directly
    built.set_days("0")
    zero = built.mutate(FOR_PUBLICITY, quarter)
    assert "公示期为 0" in zero["errors"][0]["message"]


def test_the_leadership_and_units_may_not_start_or_end_a_publicity(
    publicity: Publicity, jinfeng: Jinfeng
) -> None:
    for who in (jinfeng.leadership, publicity.appeals.reporter):
        for query, name in ((FOR_PUBLICITY, "publishResultsForPublicity"), (END, "endPublicity")):
            body = publicity.appeals.office_flow.gql.execute(
                query, {"id": publicity.run_id}, subject=who
            )
            assert body["data"] is None or body["data"][name] is None
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert publicity.model().status is RunStatus.PUBLICITY


def test_another_tenant_neither_sees_nor_moves_the_publicity(
    publicity: Publicity, intruder: Subject
) -> None:
    assert publicity.rankings(intruder) is None
    for query in (FOR_PUBLICITY, END):
        refused = publicity.mutate(query, publicity.run_id, who=intruder)
        assert refused["errors"][0]["code"] == "NOT_FOUND"
        assert refused["run"] is None
    window = publicity.appeals.query(
        'query { appealWindow(schemeCode: "jinfeng-2015") { runId } }', {}, intruder
    )
    assert window == {"appealWindow": None}
    assert publicity.model().status is RunStatus.PUBLICITY
