"""Entries of a closed period or scheme over GraphQL: scores of a closed quarter, and the year's
ratings, adjustments, inspections, awards and data imports once 全年 is closed, are refused with
a message saying which period, since when, by whom and why; reopening lets them in again."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from jixiao.platform.auth import Subject
from jixiao.schemes.models import Scheme, SchemeStatus
from tests.factories import SCHEME, GraphQLClient
from tests.scoring.entry.support import Scorers

NAME = "金凤区2015年绩效考评方案"
CLOSE = """
mutation($p: String!, $r: String!) { closePeriod(schemeCode: "jinfeng-2015", period: $p,
  reason: $r) { period { state } errors { code message field } } }"""
REOPEN = CLOSE.replace("closePeriod", "reopenPeriod")
ENTER = """
mutation($p: String!, $entries: [ScoreEntryInput!]!) {
  enterScores(schemeCode: "jinfeng-2015", period: $p, entries: $entries) {
    scores { status } errors { code message field } } }"""
SUBMIT = """
mutation { submitScores(schemeCode: "jinfeng-2015", period: "Q3") {
  scores { status } errors { code message field } } }"""
REOPEN_SCORES = """
mutation { reopenScores(schemeCode: "jinfeng-2015", period: "Q3", reason: "更正") {
  reopened errors { code message field } } }"""
RATE = """
mutation { enterRatings(schemeCode: "jinfeng-2015", componentCode: "leaders",
  entries: [{unitCode: "liangtian", value: "95"}]) { errors { code message field } } }"""
ADJUST = """
mutation { addAdjustment(schemeCode: "jinfeng-2015", unitCode: "liangtian", kind: BONUS,
  points: "1", reason: "市级表彰") { adjustment { points } errors { code message field } } }"""
INSPECT = """
mutation { recordInspection(schemeCode: "jinfeng-2015", unitCode: "liangtian",
  input: {date: "2015-11-02", kind: OPEN, finding: "台账不全", deduction: "0.5"}) {
  errors { code message field } } }"""
AWARD = """
mutation { applyInnovationAward(schemeCode: "jinfeng-2015",
  input: {unitCode: "liangtian", kind: COLLECTIVE, title: "一网通办"}) {
  errors { code message field } } }"""
IMPORT = """
mutation($d: String!) { importSchemeData(code: "jinfeng-2015", dataText: $d) {
  errors { code message field } } }"""
REPLACE = IMPORT.replace("dataText: $d", "dataText: $d, mode: REPLACE")
RATINGS_DATA = """format: jixiao.data/1
scheme: jinfeng-2015
ratings:
- unit: liangtian
  component: leaders
  value: 90
"""


def _run(gql: GraphQLClient, who: Subject, query: str, **variables: Any) -> dict[str, Any]:
    body = gql.execute(query, variables, subject=who)
    assert "errors" not in body, body
    [value] = body["data"].values()
    found: dict[str, Any] = value
    return found


def _errors(gql: GraphQLClient, who: Subject, query: str, **variables: Any) -> list[Any]:
    errors: list[Any] = _run(gql, who, query, **variables)["errors"]
    return errors


def _closed(period: str, why: str, what: str) -> str:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    return (
        f"「{NAME}」{period} 已于 {today} 由 考评办 王主任 关闭：{why}，不能再{what}"
        "（如需更正，请考评办重新开放该期间）"
    )


def test_a_closed_quarter_refuses_scores_until_reopened(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    jinfeng.clear("Q3")
    leader, office = jinfeng.leader("liangtian"), jinfeng.office
    cell = {"unitCode": "liangtian", "indicatorCode": "B1", "value": "3.75"}
    assert _errors(gql, leader, ENTER, p="Q3", entries=[cell]) == []
    assert _errors(gql, office, CLOSE, p="Q3", r="第三季度评分结束") == []

    assert _errors(gql, leader, ENTER, p="Q3", entries=[cell]) == [
        {
            "code": "CONFLICT",
            "message": _closed("第三季度", "第三季度评分结束", "评分"),
            "field": "period",
        }
    ]
    [submit] = _errors(gql, leader, SUBMIT)
    assert submit["message"] == _closed("第三季度", "第三季度评分结束", "提交评分")
    [reopen] = _errors(gql, office, REOPEN_SCORES)
    assert reopen["message"] == _closed("第三季度", "第三季度评分结束", "退回评分")

    # Replacing the year's data would remove the closed quarter's scores too: refused, though
    # the file holds none of them; merging the file's ratings is fine.
    [replaced] = _errors(gql, office, REPLACE, d=RATINGS_DATA)
    assert replaced["message"] == _closed("第三季度", "第三季度评分结束", "替换导入数据")
    assert _errors(gql, office, IMPORT, d=RATINGS_DATA) == []

    assert _errors(gql, office, REOPEN, p="Q3", r="补评良田镇") == []
    assert _errors(gql, leader, ENTER, p="Q3", entries=[cell]) == []
    assert [s["status"] for s in _run(gql, leader, SUBMIT)["scores"]] == ["RECORDED"]


def test_a_closed_year_refuses_ratings_adjustments_inspections_awards_and_imports(
    gql: GraphQLClient, jinfeng: Scorers
) -> None:
    office = jinfeng.office
    assert _errors(gql, office, CLOSE, p="annual", r="年度考评结束") == []
    leader = jinfeng.leader("liangtian")
    refused = {
        "录入评价结果": (leader, RATE),
        "录入加减分": (office, ADJUST),
        "录入明查暗访": (office, INSPECT),
        "申报创新奖": (office, AWARD),
    }
    for what, (who, query) in refused.items():
        assert _errors(gql, who, query) == [
            {
                "code": "CONFLICT",
                "message": _closed("全年", "年度考评结束", what),
                "field": "period",
            }
        ], what
    [imported] = _errors(gql, office, IMPORT, d=RATINGS_DATA)
    assert imported["message"] == _closed("全年", "年度考评结束", "导入数据")
    # A quarter stays open.
    cell = {"unitCode": "liangtian", "indicatorCode": "B1", "value": "3.75"}
    jinfeng.clear("Q3")
    assert _errors(gql, leader, ENTER, p="Q3", entries=[cell]) == []

    assert _errors(gql, office, REOPEN, p="annual", r="补录市级表彰") == []
    assert _run(gql, office, ADJUST) == {"adjustment": {"points": "1"}, "errors": []}


def test_a_closed_scheme_refuses_every_entry(gql: GraphQLClient, jinfeng: Scorers) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        scheme.status, scheme.closed_by = SchemeStatus.CLOSED, "考评办 王主任"
        session.add(scheme)
        session.commit()
    office, leader = jinfeng.office, jinfeng.leader("liangtian")
    closed = f"方案「{NAME}」已关闭（由 考评办 王主任 关闭），不能再"
    cell = {"unitCode": "liangtian", "indicatorCode": "B1", "value": "3"}
    [score] = _errors(gql, leader, ENTER, p="Q3", entries=[cell])
    assert (score["code"], score["message"], score["field"]) == (
        "CONFLICT",
        f"{closed}评分",
        "schemeCode",
    )
    assert _errors(gql, office, ADJUST)[0]["message"] == f"{closed}录入加减分"
    assert _errors(gql, leader, RATE)[0]["message"] == f"{closed}录入评价结果"
    assert _errors(gql, office, CLOSE, p="Q4", r="年终")[0]["message"] == f"{closed}关闭期间"
    assert _errors(gql, office, IMPORT, d=RATINGS_DATA)[0]["code"] == "CONFLICT"


def test_another_tenant_neither_reads_nor_closes_the_periods(
    gql: GraphQLClient, jinfeng: Scorers, intruder: Subject
) -> None:
    assert _errors(gql, jinfeng.office, CLOSE, p="Q1", r="金凤区 第一季度结束") == []
    periods = 'query { schemePeriods(schemeCode: "jinfeng-2015") { period closeReason } }'
    seen = gql.execute(periods, subject=intruder)
    assert "金凤区 第一季度结束" not in str(seen)
    assert seen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    [reopen] = _errors(gql, intruder, REOPEN, p="Q1", r="越权")
    assert reopen["code"] == "NOT_FOUND"
    mine = gql.execute(periods, subject=jinfeng.office)["data"]["schemePeriods"][0]
    assert mine == {"period": "Q1", "closeReason": "金凤区 第一季度结束"}
