"""The workbench over GraphQL: scores under full points, criteria beside the cell, and the
met switch of a binding indicator that is not pass/fail (平安建设, manual) driving the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import col, delete, select

from jixiao.platform.auth import DataScope, Subject
from jixiao.schemes.models import Indicator
from jixiao.scoring.models import Score
from jixiao.scoring.runs import queries
from jixiao.scoring.runs.models import Period, ResultPointer, ResultUnit
from tests.factories import SCHEME, GraphQLClient, as_role, with_scope
from tests.scoring.entry.support import Scorers

BENCH = """
query Bench($period: String!) {
  scoringWorkbench(schemeCode: "jinfeng-2015", period: $period, first: 500) {
    nodes { unitCode indicatorCode method available points binding criteria evidenceRequired
            scorer scorerName scorePoints score { scorer scorerName value actual met } }
  }
}"""
ENTER = """
mutation Enter($entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: "jinfeng-2015", period: "Q4", entries: $entries) {
    scores { scorer value met status }
    errors { code message field }
  }
}"""
S3 = "社会管理综合治理（平安建设）"


def _cells(gql: GraphQLClient, who: Subject, period: str) -> dict[tuple[str, str], Any]:
    result = gql.execute(BENCH, {"period": period}, subject=who)
    assert "errors" not in result, result
    return {
        (c["unitCode"], c["indicatorCode"]): c for c in result["data"]["scoringWorkbench"]["nodes"]
    }


def _politics(jinfeng: Scorers) -> Subject:
    """A user of 政法委, which the tree names as the scorer of 平安建设 (S3)."""
    base = as_role(jinfeng.tenant, "monitoring_dept", name="政法委 科员")
    scope = DataScope(every_unit=False, scorer_codes=frozenset({"zhengfawei"}))
    return with_scope(base, "zhengfawei-user", scope)


def _annual(jinfeng: Scorers, unit: str) -> tuple[list[str], dict[tuple[str, str], Any]]:
    """The unit's flags in the newest annual run, and its drill-down lines by indicator, period."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        pointer = session.exec(
            select(ResultPointer).where(
                ResultPointer.scheme_code == SCHEME, ResultPointer.period == Period.ANNUAL
            )
        ).one()
        row = session.exec(
            select(ResultUnit).where(
                ResultUnit.run_id == pointer.run_id, ResultUnit.unit_code == unit
            )
        ).one()
        (lines,) = queries.lines_of(session, [(pointer.run_id, unit)])
    return list(row.flags), {(x.indicator_code, x.period): x for x in lines}


def test_cells_carry_the_score_the_points_and_the_criteria(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        a2 = session.exec(select(Indicator).where(Indicator.code == "A2")).one()
        a2.criteria, a2.evidence = "完成率100%得满分，60%以下不得分", "投资台账、统计局月报"
        session.add(a2)
        session.commit()
    cell = _cells(gql, jinfeng.department("fagaiju"), "Q1")[("liangtian", "A2")]
    # The year's 10 points, 2.50 in Q1: the actual stays the actual, the score is the score.
    assert (cell["points"], cell["available"], cell["method"]) == ("10", "2.50", "linear")
    assert cell["criteria"] == "完成率100%得满分，60%以下不得分"
    assert cell["evidenceRequired"] == "投资台账、统计局月报"
    actual = cell["score"]["actual"]
    assert actual is not None
    assert cell["scorePoints"] != actual
    assert 0 <= float(cell["scorePoints"]) <= 2.5
    assert cell["binding"] is False
    assert cell["scorerName"] is None  # linear cells have one entry, without a scorer


def test_a_binding_manual_indicator_marked_not_met_is_stored_and_fails_the_year(
    gql: GraphQLClient, jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        s3 = session.exec(select(Indicator).where(Indicator.code == "S3")).one()
        session.exec(
            delete(Score).where(
                col(Score.indicator_id) == s3.id, col(Score.unit_id) == jinfeng.units["liangtian"]
            )
        )
        session.commit()
    scorer = _politics(jinfeng)
    cell = _cells(gql, scorer, "Q4")[("liangtian", "S3")]
    assert (cell["binding"], cell["method"], cell["score"]) == (True, "manual", None)
    assert cell["scorer"] == "zhengfawei"

    # Without 达标/未达标 the entry would be one the engine refuses: it is refused here.
    silent = {"unitCode": "liangtian", "indicatorCode": "S3", "value": "5"}
    refused = gql.execute(ENTER, {"entries": [silent]}, subject=scorer)["data"]["enterScores"]
    assert refused["errors"] == [
        {
            "code": "INVALID",
            "message": f"「良田镇」的「{S3}」是约束性指标，须选择是否达标",
            "field": "entries",
        }
    ]

    entered = gql.execute(ENTER, {"entries": [{**silent, "met": False}]}, subject=scorer)
    assert entered["data"]["enterScores"]["errors"] == []
    assert entered["data"]["enterScores"]["scores"] == [
        {"scorer": "zhengfawei", "value": "5", "met": False, "status": "DRAFT"}
    ]
    cell = _cells(gql, scorer, "Q4")[("liangtian", "S3")]
    assert cell["score"]["met"] is False
    assert cell["scorePoints"] == "0.00"  # full points entered, but not met: the rule gives 0

    drain()
    flags, lines = _annual(jinfeng, "liangtian")
    assert "binding_failed" in flags
    assert lines[("S3", "Q4")].status == "binding_failed"
    assert lines[("S3", "Q4")].score == 0

    # Marked met again, the year no longer fails on it.
    met = {**silent, "met": True}
    assert (
        gql.execute(ENTER, {"entries": [met]}, subject=scorer)["data"]["enterScores"]["errors"]
        == []
    )
    drain()
    _, lines = _annual(jinfeng, "liangtian")
    assert lines[("S3", "Q4")].status == "scored"
    assert lines[("S3", "Q4")].score == 5
    assert _cells(gql, scorer, "Q4")[("liangtian", "S3")]["scorePoints"] == "5.00"
