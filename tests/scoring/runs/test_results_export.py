"""The rankings of any run a reader may see, as Excel: sheets, headers, numbers as numbers,
the reader's scope, an audited read; refused without result:read and to another tenant."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlmodel import select

from jixiao.audit.models import AuditEvent, AuditOutcome
from jixiao.org.models import Unit, UnitKind
from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient, Jinfeng, Office, subject

EXPORT = """
mutation($s: String!, $period: ResultPeriod!, $run: ID) {
  exportRankings(schemeCode: $s, period: $period, runId: $run) {
    file { fileName contentType base64 rowCount }
    errors { code message }
  }
}"""


def export(gql: GraphQLClient, who: Subject, period: str = "ANNUAL", run: str | None = None) -> Any:
    result = gql.execute(EXPORT, {"s": SCHEME, "period": period, "run": run}, subject=who)
    assert "errors" not in result, result
    return result["data"]["exportRankings"]


def book(payload: Any) -> Workbook:
    assert payload["errors"] == [], payload
    return load_workbook(io.BytesIO(base64.b64decode(payload["file"]["base64"])))


def rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_leader_exports_the_published_rankings_by_group_and_overall(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    office.publish()
    payload = export(gql, jinfeng.leadership)
    assert payload["file"]["fileName"].endswith(".xlsx")
    assert payload["file"]["rowCount"] == 24
    workbook = book(payload)
    assert workbook.sheetnames[-2:] == ["总排名", "说明"]
    group = workbook.worksheets[0]
    headers = rows(group)[0]
    assert headers[:3] == ["名次", "考评对象", "总分"]
    assert headers[-5:] == ["加分", "扣分", "等次", "奖惩标记", "绩效奖（元）"]
    assert all("%）" in h for h in headers[3:-5])  # each component with its weight
    total = group.cell(row=2, column=3)
    assert isinstance(total.value, int | float)
    assert total.number_format == "0.00"
    assert group.cell(row=2, column=1).value == 1
    overall = rows(workbook["总排名"])
    assert overall[0] == ["排序类别", "总分排名", "考评对象", "类型", "考评分组", "组内名次",
                          "总分", "等次"]  # fmt: skip
    names = {row[2] for row in overall[1:]}
    assert "良田镇" in names
    assert {row[0] for row in overall[1:]} == {"部门", "镇街"}
    assert "已公布" in " ".join(str(r[0]) for r in rows(workbook["说明"]))
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "result.export")).one()
    assert json.loads(event.after or "{}")["rows"] == 24
    assert event.actor_name == "领导小组 李组长"


def test_any_run_the_reader_may_read_and_only_its_units(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    draft = office.compute("Q1")["run"]["id"]
    office_export = export(gql, jinfeng.office, "Q1", draft)
    assert office_export["file"]["rowCount"] == 24
    quarter = book(office_export).worksheets[0]
    assert "加分" not in rows(quarter)[0]  # a quarter has no bonus columns, as on the page
    refused = export(gql, jinfeng.reporter(), "Q1", draft)  # drafts are for who manages
    assert refused["file"] is None
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    office.publish()
    own = book(export(gql, jinfeng.reporter("liangtian")))
    units = [row[2] for row in rows(own["总排名"])[1:]]
    assert units == ["良田镇"]
    assert "仅含您有权查看的考评对象。" in [r[0] for r in rows(own["说明"])]


def test_refused_without_result_read_and_to_another_tenant(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    office.publish()
    nobody = subject(jinfeng.tenant, frozenset({"notice:read"}))
    denied = gql.execute(EXPORT, {"s": SCHEME, "period": "ANNUAL"}, subject=nobody)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    foreign = export(gql, intruder)
    assert foreign == {"file": None, "errors": [foreign["errors"][0]]}
    assert foreign["errors"][0]["code"] == "NOT_FOUND"
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        exported = session.exec(select(AuditEvent).where(AuditEvent.action == "result.export"))
        assert [e.outcome for e in exported] == [AuditOutcome.REFUSED]  # the denied attempt


UNIT = """
mutation($s: String!, $u: String!, $period: ResultPeriod!, $run: ID) {
  exportUnitResult(schemeCode: $s, unitCode: $u, period: $period, runId: $run) {
    file { rowCount base64 }
    errors { code message }
  }
}"""


def test_a_units_result_with_its_lines_and_scorers_by_name(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    office.publish()
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        session.add(Unit(code="zhengfawei", name="区委政法委", kind=UnitKind.DEPARTMENT))
        session.commit()
    reporter = jinfeng.reporter("liangtian")
    variables = {"s": SCHEME, "u": "liangtian", "period": "ANNUAL"}
    payload = gql.execute(UNIT, variables, subject=reporter)["data"]["exportUnitResult"]
    workbook = book(payload)
    assert workbook.sheetnames == ["指标得分", "评分明细", "说明"]
    lines = rows(workbook["指标得分"])
    assert lines[0] == ["指标代码", "指标", "考评期", "可得分", "得分", "原始得分", "状态"]
    assert payload["file"]["rowCount"] == len(lines) - 1
    assert isinstance(lines[1][4], int | float)
    assert workbook["指标得分"].cell(row=2, column=5).number_format == "0.0000"
    entries = rows(workbook["评分明细"])
    assert entries[0][3:5] == ["评分人", "分值"]
    scorers = {row[3] for row in entries[1:]}
    assert "区委政法委" in scorers  # the scorer by name, not its code zhengfawei
    assert "zhengfawei" not in scorers
    assert "考评对象：良田镇" in rows(workbook["说明"])[0][0]
    other = {**variables, "u": "fengdeng"}  # another unit than the reporter's own
    refused = gql.execute(UNIT, other, subject=reporter)["data"]["exportUnitResult"]
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    foreign = gql.execute(UNIT, variables, subject=intruder)["data"]["exportUnitResult"]
    assert foreign["file"] is None
    assert foreign["errors"][0]["code"] == "NOT_FOUND"
