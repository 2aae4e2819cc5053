"""Appeals over GraphQL: a unit's appeal through routing, answer and decision, and every
refusal (window closed, a second appeal on a line, another tenant's run, the wrong people)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import col, select

from jixiao.audit.models import AuditEvent
from jixiao.graphql.relay import from_global_id
from jixiao.platform.auth import Subject
from jixiao.scoring.runs.models import ResultRun, RunStatus
from tests.appeals.support import ANSWER, DECIDE, ROUTE, WITHDRAW, Appeals
from tests.assignments.support import PDF

MARKS = (
    "query($s: String!) { appealMarks(schemeCode: $s) { unitCode lineKind lineKey linePeriod"
    " stateLabel } }"
)
APPEALS = "query { appeals(first: 50) { nodes { id unitCode stateLabel } } }"
STATISTICS = (
    "query($s: String!) { appealStatistics(schemeCode: $s) { handler handlerName lineKey"
    " appeals open upheld rejected withdrawn upheldRate } }"
)


def test_an_upheld_appeal_corrects_the_score_and_republishes_the_result(
    appeals: Appeals,
) -> None:
    # given 良田镇's appeal on its A1 Q4 score, answered by 招商局
    raised = appeals.raise_on()
    assert raised["errors"] == []
    appeal = raised["appeal"]
    assert (appeal["stateLabel"], appeal["lineLabel"], appeal["linePeriod"]) == (
        "待分派",
        "招商引资到位资金",
        "Q4",
    )
    marks = appeals.query(MARKS, {"s": "jinfeng-2015"}, appeals.reporter)["appealMarks"]
    assert marks == [
        {
            "unitCode": "liangtian",
            "lineKind": "INDICATOR",
            "lineKey": "A1",
            "linePeriod": "Q4",
            "stateLabel": "待分派",
        }
    ]
    assert "申诉待分派：良田镇" in appeals.titles(appeals.office)
    routed = appeals.run(ROUTE, {"id": appeal["id"], "h": "zhaoshangju"}, appeals.office)
    assert routed["appeal"]["state"] == "ANSWERING"
    assert "请答复申诉：良田镇" in appeals.titles(appeals.scorer)
    answered = appeals.run(ANSWER, {"id": appeal["id"], "a": "经核实漏报属实"}, appeals.scorer)
    assert answered["appeal"]["state"] == "DECIDING"

    # when the office upholds it with the corrected actual value
    decided = appeals.run(
        DECIDE,
        {"id": appeal["id"], "u": True, "n": "漏报属实，予以更正", "c": {"actual": "100"}},
        appeals.office,
    )

    # then the entry is corrected with the appeal as its reason, and a new revision is out
    assert decided["errors"] == [], decided
    done = decided["appeal"]
    assert (done["state"], done["open"], done["stateLabel"]) == ("UPHELD", False, "已更正")
    tenant = appeals.jinfeng.tenant
    appeal_id = from_global_id(appeal["id"], "Appeal")
    with appeals.database.tenant_session(tenant.id) as session:
        old = session.get(ResultRun, (tenant.id, from_global_id(appeals.run_id, "ResultRun")))
        new = session.get(
            ResultRun, (tenant.id, from_global_id(done["correctedRunId"], "ResultRun"))
        )
        assert old is not None
        assert new is not None
        assert old.status is RunStatus.SUPERSEDED
        assert new.status is RunStatus.PUBLISHED
        assert old.superseded_by_run_id == new.id
        correction = session.exec(
            select(AuditEvent).where(AuditEvent.action == "score.correct")
        ).one()
        assert str(appeal_id) in (correction.reason or "")
        assert json.loads(correction.after or "{}")["actual"] == "100"
    assert appeals.query(MARKS, {"s": "jinfeng-2015"}, appeals.office)["appealMarks"] == []
    assert "申诉已更正：招商引资到位资金" in appeals.titles(appeals.reporter)
    assert any(t.startswith("考评结果已更正") for t in appeals.titles(appeals.reporter))
    # the unit raised the same line again on the new revision: the old run takes none
    again = appeals.raise_on()
    assert again["errors"][0]["code"] == "CONFLICT"
    assert "取代" in again["errors"][0]["message"]
    tally = appeals.query(STATISTICS, {"s": "jinfeng-2015"}, appeals.office)["appealStatistics"]
    assert tally == [
        {
            "handler": "zhaoshangju",
            "handlerName": "招商局",
            "lineKey": "A1",
            "appeals": 1,
            "open": 0,
            "upheld": 1,
            "rejected": 0,
            "withdrawn": 0,
            "upheldRate": "100.00",
        }
    ]


def test_a_rejected_appeal_sends_the_reason_back_to_the_unit(appeals: Appeals) -> None:
    appeal_id = appeals.answered()
    decided = appeals.run(
        DECIDE, {"id": appeal_id, "u": False, "n": "统计口径无误，维持原结果"}, appeals.office
    )
    assert decided["appeal"]["state"] == "REJECTED"
    assert decided["appeal"]["decisionNote"] == "统计口径无误，维持原结果"
    assert "申诉维持原结果：招商引资到位资金" in appeals.titles(appeals.reporter)
    with appeals.database.tenant_session(appeals.jinfeng.tenant.id) as session:
        published = session.exec(
            select(ResultRun).where(ResultRun.status == RunStatus.PUBLISHED)
        ).all()
        assert [str(r.id) for r in published] == [str(from_global_id(appeals.run_id, "ResultRun"))]
    # closed: the line takes a new appeal
    assert appeals.raise_on()["errors"] == []


def test_a_second_appeal_on_the_same_line_is_refused_until_the_first_is_withdrawn(
    appeals: Appeals,
) -> None:
    first = appeals.raise_on()["appeal"]
    second = appeals.raise_on()
    assert second["appeal"] is None
    assert second["errors"][0]["code"] == "CONFLICT"
    assert "已有申诉在处理中" in second["errors"][0]["message"]
    # another line is free
    assert appeals.raise_on(period="Q2")["errors"] == []
    withdrawn = appeals.run(WITHDRAW, {"id": first["id"]}, appeals.reporter)
    assert withdrawn["appeal"] == {"state": "WITHDRAWN", "open": False}
    assert appeals.raise_on()["errors"] == []


def test_appeals_are_refused_when_the_window_is_closed(appeals: Appeals) -> None:
    appeals.set_window("0")
    refused = appeals.raise_on()
    assert refused["errors"][0]["code"] == "CONFLICT"
    assert "不受理申诉" in refused["errors"][0]["message"]
    appeals.set_window("5")
    tenant = appeals.jinfeng.tenant
    with appeals.database.tenant_session(tenant.id) as session:
        run = session.get(ResultRun, (tenant.id, from_global_id(appeals.run_id, "ResultRun")))
        assert run is not None
        assert run.published_at is not None
        run.published_at = run.published_at - timedelta(days=10)  # 10 days: 6+ working days
        session.add(run)
        session.commit()
    late = appeals.raise_on()
    assert late["errors"][0]["code"] == "CONFLICT"
    assert "申诉期已过" in late["errors"][0]["message"]
    window = appeals.query(
        'query { appealWindow(schemeCode: "jinfeng-2015") { runId days open closesAt } }',
        {},
        appeals.reporter,
    )["appealWindow"]
    assert (window["runId"], window["days"], window["open"]) == (appeals.run_id, 5, False)


def test_another_tenants_run_is_not_found(appeals: Appeals, intruder: Subject) -> None:
    refused = appeals.raise_on(who=intruder)
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    assert refused["errors"][0]["field"] == "runId"
    own = appeals.raise_on()["appeal"]
    hidden = appeals.query(
        "query($id: ID!) { appeal(id: $id) { id } }", {"id": own["id"]}, intruder
    )
    assert hidden == {"appeal": None}
    assert appeals.query(APPEALS, {}, intruder)["appeals"]["nodes"] == []
    routed = appeals.run(ROUTE, {"id": own["id"], "h": "zhaoshangju"}, intruder)
    assert routed["errors"][0]["code"] == "NOT_FOUND"


def test_lines_units_and_steps_out_of_turn_are_refused(appeals: Appeals) -> None:
    # a line that is not in the unit's result; an indicator scored twice without its period
    assert appeals.raise_on(key="Z9")["errors"][0]["code"] == "NOT_FOUND"
    twice = appeals.raise_on(period=None)
    assert (twice["errors"][0]["code"], twice["errors"][0]["field"]) == ("INVALID", "linePeriod")
    # another unit's line, by the reporter of 良田镇
    other = appeals.run(
        "mutation($i: RaiseAppealInput!) { raiseAppeal(input: $i) { errors { code } } }",
        {
            "i": {
                "runId": appeals.run_id,
                "unitCode": "fengdeng",
                "lineKind": "INDICATOR",
                "lineKey": "A1",
                "linePeriod": "Q4",
                "reason": "别人的",
            }
        },
        appeals.reporter,
    )
    assert other["errors"][0]["code"] == "NOT_FOUND"
    appeal = appeals.raise_on()["appeal"]
    # answering before routing; deciding before answering; routing to a non-scorer of A1
    early = appeals.run(ANSWER, {"id": appeal["id"], "a": "x"}, appeals.scorer)
    assert early["errors"][0]["code"] == "NOT_FOUND"  # not routed to it: it does not see it
    undecided = appeals.run(DECIDE, {"id": appeal["id"], "u": False, "n": "x"}, appeals.office)
    assert undecided["errors"][0]["code"] == "CONFLICT"
    wrong = appeals.run(ROUTE, {"id": appeal["id"], "h": "fagaiju"}, appeals.office)
    assert (wrong["errors"][0]["code"], wrong["errors"][0]["field"]) == ("INVALID", "handler")
    # a unit's user reads its own appeals only; the office all
    seen = appeals.query(APPEALS, {}, appeals.office)["appeals"]["nodes"]
    assert [a["id"] for a in seen] == [appeal["id"]]
    # only the unit withdraws: the office holds no appeal:write
    body = appeals.office_flow.gql.execute(WITHDRAW, {"id": appeal["id"]}, subject=appeals.office)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_every_step_is_audited(appeals: Appeals) -> None:
    appeal_id = appeals.answered()
    appeals.run(DECIDE, {"id": appeal_id, "u": False, "n": "维持"}, appeals.office)
    with appeals.database.tenant_session(appeals.jinfeng.tenant.id) as session:
        actions = session.exec(
            select(AuditEvent.action)
            .where(col(AuditEvent.action).like("appeal.%"), AuditEvent.target_type == "appeal")
            .order_by(col(AuditEvent.seq))
        ).all()
    assert list(actions) == [
        "appeal.raise",
        "appeal.route",
        "appeal.answer",
        "appeal.decide",
    ]


def test_an_upheld_appeal_on_an_adjustment_withdraws_it(appeals: Appeals) -> None:
    adjustments = appeals.query(
        'query { adjustments(schemeCode: "jinfeng-2015", unitCode: "liangtian") { nodes { id } } }',
        {},
        appeals.office,
    )["adjustments"]["nodes"]
    raised = appeals.raise_on(key=adjustments[0]["id"], period=None, kind="ADJUSTMENT")
    assert raised["errors"] == [], raised
    appeal_id = raised["appeal"]["id"]
    assert raised["appeal"]["lineKey"] == adjustments[0]["id"]
    appeals.run(ROUTE, {"id": appeal_id, "h": "zhaoshangju"}, appeals.office)
    appeals.run(ANSWER, {"id": appeal_id, "a": "该奖项已另行计入"}, appeals.scorer)
    decided = appeals.run(
        DECIDE, {"id": appeal_id, "u": True, "n": "重复加分，撤销"}, appeals.office
    )
    assert decided["errors"] == [], decided
    assert decided["appeal"]["state"] == "UPHELD"
    left = appeals.query(
        'query { adjustments(schemeCode: "jinfeng-2015", unitCode: "liangtian") { nodes { id } } }',
        {},
        appeals.office,
    )["adjustments"]["nodes"]
    assert adjustments[0] not in left


def test_the_unit_adds_evidence_files_that_the_office_and_the_answerer_read(
    appeals: Appeals,
) -> None:
    raised = appeals.raise_on()["appeal"]
    http = appeals.office_flow.gql
    files_query = "query($id: ID!) { appeal(id: $id) { uploadUrl files { fileName url } } }"
    url = appeals.query(files_query, {"id": raised["id"]}, appeals.reporter)["appeal"]["uploadUrl"]

    http.subject = appeals.reporter
    stored = http.http.post(url, params={"name": "统计台账.pdf"}, content=PDF)
    assert stored.status_code == 201, stored.text
    http.subject = appeals.office
    assert http.http.post(url, params={"name": "x.pdf"}, content=PDF).status_code == 403

    for who in (appeals.office, appeals.reporter):
        shown = appeals.query(files_query, {"id": raised["id"]}, who)["appeal"]["files"]
        assert [f["fileName"] for f in shown] == ["统计台账.pdf"]
        http.subject = who
        assert http.http.get(shown[0]["url"]).content == PDF
    # the answerer reads them once routed to it
    appeals.run(ROUTE, {"id": raised["id"], "h": "zhaoshangju"}, appeals.office)
    seen = appeals.query(files_query, {"id": raised["id"]}, appeals.scorer)["appeal"]["files"]
    assert len(seen) == 1
    # a closed appeal takes no more files
    appeals.run(WITHDRAW, {"id": raised["id"]}, appeals.reporter)
    http.subject = appeals.reporter
    late = http.http.post(url, params={"name": "y.pdf"}, content=PDF)
    assert late.json()["errors"][0]["extensions"]["code"] == "CONFLICT"
