"""A quarter through GraphQL: decomposition, a report with evidence, head approval, a return
and resubmission, verification with a changed value, and the engine input carrying it."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.identity.models import User
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.schemes.inputs import engine_inputs
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter
from tests.assignments.support import (
    ASSIGN,
    ASSIGN_GROUP,
    ASSIGNMENTS,
    GAPS,
    PDF,
    REPORT,
    SAVE,
    STEPS,
    done,
    gid,
    payload,
    step,
    upload,
)


def _assign_a2(quarter: Quarter) -> str:
    office = quarter.as_("office")
    result = done(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [
                gid("Unit", quarter.units["liangtian"]),
                gid("Unit", quarter.units["fengdeng"]),
            ],
            "targetValue": "100",
            "targetText": "固定资产投资完成率达到100%",
            "deadline": "2015-12-20",
            "milestones": [
                {"period": "Q1", "text": "完成25%", "value": "25"},
                {"period": "Q2", "text": "完成50%"},
            ],
        },
    )
    rows = {row["unitName"]: row for row in result["assignments"]}
    assert set(rows) == {"良田镇", "丰登镇"}
    row = rows["良田镇"]
    assert row["scorers"] == ["fagaiju"]  # the leaf's scorers by default
    assert row["milestones"] == [
        {"period": "Q1", "text": "完成25%", "value": "25"},
        {"period": "Q2", "text": "完成50%", "value": None},
    ]
    assert row["deadline"] == "2015-12-20"
    return str(row["id"])


def test_a_quarter_from_decomposition_to_verified_engine_input(quarter: Quarter) -> None:
    assignment = _assign_a2(quarter)
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    head, monitor = quarter.as_("lt-head"), quarter.as_("fgj")

    # Every applicable leaf of the towns group to its units; A2 kept as it was.
    grouped = done(office, ASSIGN_GROUP, id=gid("SchemeGroup", quarter.groups["towns"]))
    assert grouped["assignments"]
    assert all(
        a["indicatorCode"] != "A2" or a["unitName"] not in ("良田镇", "丰登镇")
        for a in grouped["assignments"]
    )
    page = office.gql(ASSIGNMENTS, {"first": 2})["data"]["assignments"]
    assert len(page["edges"]) == 2
    assert page["pageInfo"]["hasNextPage"]
    after = office.gql(ASSIGNMENTS, {"first": 2, "after": page["pageInfo"]["endCursor"]})
    assert {e["node"]["id"] for e in after["data"]["assignments"]["edges"]}.isdisjoint(
        e["node"]["id"] for e in page["edges"]
    )

    draft = {
        "assignmentId": assignment,
        "period": "Q1",
        "narrative": "一季度完成投资",
        "completion": "30",
        "actual": "80",
    }
    report = done(reporter, SAVE, input=draft)["report"]
    assert (report["status"], report["version"]) == ("DRAFT", 1)
    sent = upload(reporter, report["id"], "一季度台账.pdf", PDF)
    assert sent.status_code == 201, sent.text
    assert sent.json()["fileName"] == "一季度台账.pdf"
    step(reporter, "submitProgressReport", report["id"])

    # The head returns it with a reason; the unit writes a new version.
    returned = step(head, "returnProgressReport", report["id"], reason="缺少投资台账明细")
    assert returned["status"] == "RETURNED"
    assert returned["returnReason"] == "缺少投资台账明细"
    again = done(reporter, SAVE, input={**draft, "narrative": "补充台账明细"})["report"]
    assert again["version"] == 2
    assert again["id"] != report["id"]
    assert [f["fileName"] for f in again["evidence"]] == ["一季度台账.pdf"]
    step(reporter, "submitProgressReport", again["id"])
    # 审核通过 sends it up in the same step (the default, one-step approval).
    assert step(head, "approveProgressReport", again["id"])["status"] == "REPORTED"

    verified = step(
        monitor, "verifyProgressReport", again["id"], value="75.5", note="以统计局数据为准"
    )
    assert verified["status"] == "VERIFIED"
    assert (verified["actual"], verified["verifiedValue"]) == ("80", "75.5")
    assert [(e["action"], e["toStatus"]) for e in verified["history"]] == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("approve", "approved"),
        ("report", "reported"),
        ("verify", "verified"),
    ]
    assert all(e["actorName"] for e in verified["history"])

    # The first version stays as it was, with its history.
    first = office.gql(REPORT, {"id": report["id"]})["data"]["progressReport"]
    assert first["status"] == "RETURNED"
    assert first["narrative"] == "一季度完成投资"
    assert [e["action"] for e in first["history"]] == ["create", "submit", "return"]

    # Both values stay visible; the gap query finds it above a threshold only.
    gaps = office.gql(GAPS, {"threshold": "4"})["data"]["reportGaps"]["nodes"]
    assert [(g["actual"], g["verifiedValue"]) for g in gaps] == [("80", "75.5")]
    assert office.gql(GAPS, {"threshold": "5"})["data"]["reportGaps"]["nodes"] == []

    with quarter.database.tenant_session(quarter.tenant.id) as session:
        inputs = engine_inputs(session, "jinfeng-2015")
    [entry] = [
        s
        for s in inputs.data.scores
        if (s.unit, s.indicator, s.period) == ("liangtian", "A2", "Q1")
    ]
    assert entry.actual == Decimal("75.5")
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        actions = set(session.exec(select(AuditEvent.action)).all())
    assert {
        "assignment.create",
        "report.create",
        "report.evidence.upload",
        "report.submit",
        "report.return",
        "report.approve",
        "report.report",
        "report.verify",
    } <= actions


def test_a_verified_value_without_a_score_row_gets_one(quarter: Quarter) -> None:
    _assign_a2(quarter)
    reporter, head = quarter.as_("fd-reporter"), quarter.as_("lt-head")
    fengdeng = quarter.units["fengdeng"]
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        for row in session.exec(select(Score).where(Score.unit_id == fengdeng)).all():
            session.delete(row)
        session.commit()
    assignment = _assignment_of(quarter, "丰登镇", "A2")
    # Another unit's reporter does not even see fengdeng's assignment.
    refused = payload(
        quarter.as_("lt-reporter"), SAVE, input={"assignmentId": assignment, "period": "Q1"}
    )
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    draft = {"assignmentId": assignment, "period": "Q1", "actual": "12"}
    report = done(reporter, SAVE, input=draft)["report"]
    step(reporter, "submitProgressReport", report["id"])
    # liangtian's head is not fengdeng's head.
    wrong = payload(head, STEPS["approveProgressReport"], id=report["id"])
    assert wrong["errors"][0]["code"] == "NOT_FOUND"
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        user = session.exec(select(User).where(User.username == "lt-head")).one()
        session.add(UnitLink(unit_id=fengdeng, user_id=user.id, role=UnitLinkRole.HEAD))
        session.commit()
    head = quarter.as_("lt-head", fresh=True)  # a new sign-in sees the new unit
    step(head, "approveProgressReport", report["id"])  # and sent up (one-step approval)
    # zhaoshangju does not monitor A2: it neither sees nor verifies the report.
    other = payload(
        quarter.as_("zsj"), STEPS["verifyProgressReport"], id=report["id"], value="1", note=""
    )
    assert other["errors"][0]["code"] == "NOT_FOUND"
    rejected = step(
        quarter.as_("fgj"), "rejectProgressReport", report["id"], reason="与统计数据不符"
    )
    assert rejected["status"] == "RETURNED"
    again = done(reporter, SAVE, input={**draft, "actual": "15"})["report"]
    for name, who in (
        ("submitProgressReport", reporter),
        ("approveProgressReport", head),
    ):
        step(who, name, again["id"])
    step(quarter.as_("fgj"), "verifyProgressReport", again["id"], value="14", note="")
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        inputs = engine_inputs(session, "jinfeng-2015")
    [entry] = [
        s for s in inputs.data.scores if (s.unit, s.indicator, s.period) == ("fengdeng", "A2", "Q1")
    ]
    assert (entry.actual, entry.scorer) == (Decimal(14), None)


def _assignment_of(quarter: Quarter, unit: str, indicator: str) -> str:
    rows = quarter.as_("office").gql(ASSIGNMENTS, {"first": 100})["data"]["assignments"]["edges"]
    [found] = [
        r["node"]["id"]
        for r in rows
        if (r["node"]["unitName"], r["node"]["indicatorCode"]) == (unit, indicator)
    ]
    return str(found)


def test_a_scorer_the_indicator_does_not_name_is_refused_by_name(quarter: Quarter) -> None:
    office = quarter.as_("office")
    refused = payload(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
            "targetValue": "100",
            "scorers": ["caizhengju"],
        },
    )
    assert not refused["assignments"]
    [error] = refused["errors"]
    assert error["field"] == "scorers"
    assert error["message"] == "「财政局」不是指标「固定资产投资完成率」的评分主体"
