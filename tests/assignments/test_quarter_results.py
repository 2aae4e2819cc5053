"""One quarter end to end through GraphQL, ending in the results the engine gives.

Decomposition, a report with a file, a return and resubmission, head approval, verification
with a changed value, scoring by a leader (a reason below full points) and by a monitoring
department, the debounced recompute — and the Q1 ranking equals `jixiao.scoring.compute` over
the same stored inputs. On the way: who is notified, what the supervision board shows, and that
a leader cannot score a unit outside their charge.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from jixiao.engine import compute
from jixiao.identity.models import User
from jixiao.identity.service import create_user
from jixiao.notices.models import Notification
from jixiao.org.models import UnitLink, UnitLinkRole
from jixiao.platform.orm import utcnow
from jixiao.policies.service import assign_roles
from jixiao.schemes.inputs import engine_inputs
from jixiao.scoring.models import Score
from tests.assignments.conftest import Quarter
from tests.assignments.support import ASSIGN, PDF, SAVE, done, gid, step, upload
from tests.factories import PASSWORD

SCHEME = "jinfeng-2015"
ENTER = """
mutation Enter($entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: "jinfeng-2015", period: "Q1", entries: $entries) {
    scores { scorer value actual status } errors { code message field } } }"""
SUBMIT = """
mutation { submitScores(schemeCode: "jinfeng-2015", period: "Q1") {
  scores { scorer status } errors { code message } } }"""
BENCH = """
query { scoringWorkbench(schemeCode: "jinfeng-2015", period: "Q1", first: 500) {
  nodes { unitCode indicatorCode available scorer
          score { value actual status reason }
          progress { status actual verifiedValue evidenceCount } } } }"""
RANKINGS = """
query { rankings(schemeCode: "jinfeng-2015", period: Q1) {
  run { id status inputsVersion } units { unitCode total rank } } }"""
STEP = """
mutation($id: ID!) { %s(runId: $id) { run { status } errors { code message } } }"""
UNIT = """
query { unitResult(schemeCode: "jinfeng-2015", unitCode: "liangtian", period: Q1) {
  breakdown { indicatorCode score sourceScores { scorer value reason } } } }"""
DEADLINES = """
mutation { setPeriodDeadlines(schemeCode: "jinfeng-2015",
    deadlines: [{period: "Q1", reportDue: "2015-04-10"}]) {
  deadlines { period reportDue } errors { code message field } } }"""
BOARD = """
query($light: SupervisionLight) {
  supervisionBoard(schemeCode: "jinfeng-2015", period: "Q1", light: $light, first: 500) {
    nodes { unitCode indicatorCode light why overdue missing reported approved verified scored
            progress milestoneValue } } }"""
SUMMARY = """
query { supervisionSummary(schemeCode: "jinfeng-2015", period: "Q1") {
  total green yellow red overdue verified scored due } }"""


def _person(
    quarter: Quarter, username: str, role: str, link: tuple[str, UnitLinkRole] | None
) -> None:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        user, _ = create_user(session, username=username, display_name=username, password=PASSWORD)
        user.must_change_password, user.password_changed_at = False, utcnow()
        session.add(user)
        if link is not None:
            session.add(UnitLink(unit_id=quarter.units[link[0]], user_id=user.id, role=link[1]))
        session.flush()
        assign_roles(session, None, user.id, [role])
        session.commit()


def _notified(quarter: Quarter, username: str) -> list[str]:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        rows = session.exec(select(Notification.title).where(Notification.user_id == user.id)).all()
    return sorted(rows)


def _data(result: dict[str, Any]) -> Any:
    assert "errors" not in result, result
    return result["data"]


def test_a_quarter_through_graphql_ends_in_the_engines_results(
    quarter: Quarter, drain: Callable[[], None]
) -> None:
    # lingdao1 scores B1 (a manual key project) for the units in their charge: liangtian.
    _person(quarter, "lingdao1", "scoring_leader", ("liangtian", UnitLinkRole.LEADER))
    _person(quarter, "ducha", "supervision", None)
    _person(quarter, "lingdao", "leadership", None)
    # Q1 of liangtian's A2 and B1 not scored yet (the example holds a whole year).
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        for row in session.exec(
            select(Score).where(
                Score.unit_id == quarter.units["liangtian"],
                Score.period == "Q1",
                col(Score.indicator_id).in_([quarter.indicators[c] for c in ("A2", "B1")]),
            )
        ).all():
            session.delete(row)
        session.commit()
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    head, monitor = quarter.as_("lt-head"), quarter.as_("fgj")
    leader, supervisor = quarter.as_("lingdao1"), quarter.as_("ducha")

    # Decomposition: A2 to two towns with a Q1 milestone; the Q1 report deadline.
    made = done(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units[u]) for u in ("liangtian", "fengdeng")],
            "targetValue": "100",
            "milestones": [{"period": "Q1", "text": "完成80%", "value": "80"}],
        },
    )
    assignment = next(a["id"] for a in made["assignments"] if a["unitName"] == "良田镇")
    assert _data(office.gql(DEADLINES))["setPeriodDeadlines"]["deadlines"] == [
        {"period": "Q1", "reportDue": "2015-04-10"}
    ]

    # The report: a file, a return by the head, a second version, approval, sent up.
    draft = {"assignmentId": assignment, "period": "Q1", "narrative": "一季度", "actual": "80"}
    first = done(reporter, SAVE, input=draft)["report"]
    assert upload(reporter, first["id"], "台账.pdf", PDF).status_code == 201
    step(reporter, "submitProgressReport", first["id"])
    step(head, "returnProgressReport", first["id"], reason="缺少台账明细")
    second = done(reporter, SAVE, input={**draft, "narrative": "补充明细"})["report"]
    step(reporter, "submitProgressReport", second["id"])
    step(head, "approveProgressReport", second["id"])  # sent up too (one-step approval)
    # The monitoring department verifies a different value: the engine will use it.
    verified = step(monitor, "verifyProgressReport", second["id"], value="76", note="统计口径")
    assert (verified["actual"], verified["verifiedValue"]) == ("80", "76")

    # Each step told those it concerns.
    # (the head returned it himself: no notice of his own step)
    assert _notified(quarter, "lt-head") == [
        "已核实：「固定资产投资完成率」Q1 进度填报",
        "待审核：「固定资产投资完成率」Q1 进度填报",
        "待审核：「固定资产投资完成率」Q1 进度填报",
    ]
    assert "被退回：「固定资产投资完成率」Q1 进度填报" in _notified(quarter, "lt-reporter")

    # The verified value is the monitoring department's draft score of A2: it submits it.
    bench = _data(monitor.gql(BENCH))["scoringWorkbench"]["nodes"]
    a2 = next(c for c in bench if (c["unitCode"], c["indicatorCode"]) == ("liangtian", "A2"))
    assert a2["progress"] == {
        "status": "verified",
        "actual": "80",
        "verifiedValue": "76",
        "evidenceCount": 1,
    }
    assert a2["score"]["actual"] == "76"
    entered = _data(
        monitor.gql(
            ENTER, {"entries": [{"unitCode": "liangtian", "indicatorCode": "A2", "actual": "76"}]}
        )
    )["enterScores"]
    assert entered["errors"] == []
    assert _data(monitor.gql(SUBMIT))["submitScores"]["errors"] == []

    # The leader: a unit outside their charge is refused; below full points needs a reason.
    outside = _data(
        leader.gql(
            ENTER, {"entries": [{"unitCode": "fengdeng", "indicatorCode": "B1", "value": "3"}]}
        )
    )["enterScores"]
    assert outside["errors"][0]["code"] == "FORBIDDEN"
    no_reason = _data(
        leader.gql(
            ENTER, {"entries": [{"unitCode": "liangtian", "indicatorCode": "B1", "value": "3"}]}
        )
    )["enterScores"]
    assert "理由" in no_reason["errors"][0]["message"]
    scored = _data(
        leader.gql(
            ENTER,
            {
                "entries": [
                    {
                        "unitCode": "liangtian",
                        "indicatorCode": "B1",
                        "value": "3",
                        "reason": "征地拆迁滞后",
                    }
                ]
            },
        )
    )["enterScores"]
    assert scored["errors"] == []
    assert _data(leader.gql(SUBMIT))["submitScores"]["errors"] == []

    # The recompute follows; the draft run is what the engine computes from the stored inputs.
    drain()
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        inputs = engine_inputs(session, SCHEME)
    expected = compute(inputs.scheme, inputs.data, "Q1")
    found = _data(office.gql(RANKINGS))["rankings"]
    run = found.pop("run")
    assert (run["status"], run["inputsVersion"]) == ("DRAFT", inputs.version)
    assert {u["unitCode"]: (Decimal(u["total"]), u["rank"]) for u in found["units"]} == {
        u.unit: (u.total, u.rank) for u in expected.units
    }
    lines = {
        line["indicatorCode"]: line for line in _data(office.gql(UNIT))["unitResult"]["breakdown"]
    }
    assert lines["B1"]["sourceScores"] == [
        {"scorer": "lingdao1", "value": "3", "reason": "征地拆迁滞后"}
    ]
    engine_a2 = next(x for x in expected.breakdown("liangtian") if x.indicator == "A2")
    assert Decimal(lines["A2"]["score"]) == engine_a2.score

    # Reviewed, approved, published: the unit's people hear of it and see their result.
    for name, who in (
        ("reviewResults", office),
        ("approveResults", quarter.as_("lingdao")),
        ("publishResults", office),
    ):
        assert _data(who.gql(STEP % name, {"id": run["id"]}))[name]["errors"] == []
    assert "考评结果已公布" in " ".join(_notified(quarter, "lt-reporter"))
    seen = _data(reporter.gql(RANKINGS))["rankings"]
    assert [u["unitCode"] for u in seen["units"]] == ["liangtian"]
    assert Decimal(seen["units"][0]["total"]) == expected.unit("liangtian").total

    # The supervision board: liangtian verified and scored (76 of 80 = 95% ≥ 90: green);
    # fengdeng never reported before the deadline (red, overdue).
    board = {
        (row["unitCode"], row["indicatorCode"]): row
        for row in _data(supervisor.gql(BOARD))["supervisionBoard"]["nodes"]
    }
    mine = board[("liangtian", "A2")]
    assert (mine["light"], mine["progress"], mine["verified"], mine["scored"]) == (
        "GREEN",
        "95.0",
        True,
        True,
    )
    theirs = board[("fengdeng", "A2")]
    assert (theirs["light"], theirs["overdue"], theirs["missing"]) == ("RED", True, True)
    assert "2015-04-10" in theirs["why"]
    summary = _data(supervisor.gql(SUMMARY))["supervisionSummary"]
    assert (summary["total"], summary["green"], summary["red"], summary["overdue"]) == (2, 1, 1, 1)
    assert (summary["verified"], summary["due"]) == (1, "2015-04-10")
    reds = _data(supervisor.gql(BOARD, {"light": "RED"}))["supervisionBoard"]["nodes"]
    assert [r["unitCode"] for r in reds] == ["fengdeng"]
    # A unit's reporter has no board.
    refused = reporter.gql(BOARD)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
