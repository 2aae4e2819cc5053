"""The survey list and a survey's results as Excel: the page's columns in words, figures as
numbers, audited; refused to anyone but the office and to another tenant."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime
from typing import Any

from openpyxl import load_workbook
from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from tests.surveys.support import Surveys

LIST = """mutation($s: String) { exportSurveys(schemeCode: $s) {
  file { fileName rowCount base64 } errors { code message } } }"""
RESULTS = """mutation($id: ID!) { exportSurveyResults(id: $id) {
  file { fileName rowCount base64 } errors { code message } } }"""


def sheet(payload: Any) -> Any:
    assert payload["errors"] == [], payload
    return load_workbook(io.BytesIO(base64.b64decode(payload["file"]["base64"]))).worksheets[0]


def values(found: Any) -> list[list[Any]]:
    return [list(row) for row in found.iter_rows(values_only=True)]


def test_the_office_exports_its_surveys_in_words(surveys: Surveys) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    surveys.answer(survey, {0: [100, 60]}, code=code)
    surveys.create()  # a draft, newest first
    found = sheet(surveys.run(LIST, {"s": "jinfeng-2015"}))
    rows = values(found)
    assert rows[0][:7] == ["测评名称", "考评方案", "考评期", "参与方式", "评分方式", "状态",
                           "答卷数"]  # fmt: skip
    assert [r[5] for r in rows[1:]] == ["草稿", "进行中"]
    opened = dict(zip(rows[0], rows[2], strict=True))
    assert opened["考评方案"] != "jinfeng-2015"  # its name, not its code
    assert opened["考评期"] == "全年"
    assert opened["答卷数"] == 1
    assert found.cell(row=3, column=7).data_type == "n"
    assert isinstance(opened["开始时间"], datetime)
    with surveys.jinfeng.database.tenant_session(surveys.jinfeng.tenant.id) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "survey.export")).one()
    assert json.loads(event.after or "{}") == {"what": "list", "scheme": "jinfeng-2015", "rows": 2}


def test_the_results_export_is_audited_with_numbers(surveys: Surveys) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    surveys.answer(survey, {0: [100, 60]}, code=code)
    payload = surveys.run(RESULTS, {"id": survey["id"]})
    found = sheet(payload)
    rows = values(found)
    assert rows[0] == ["序号", "考评对象", "有效答卷数", "满意度得分（0～100）", "是否暂定"]
    assert rows[1][:4] == [1, "良田镇", 1, 80]
    assert found.cell(row=2, column=4).number_format == "0.0000"
    assert payload["file"]["rowCount"] == len(rows) - 1
    with surveys.jinfeng.database.tenant_session(surveys.jinfeng.tenant.id) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "survey.export")).one()
    assert event.target_type == "survey"
    assert json.loads(event.after or "{}")["what"] == "results"


def test_refused_to_others_and_to_another_tenant(surveys: Surveys, intruder: Subject) -> None:
    survey = surveys.opened()
    reporter = surveys.jinfeng.reporter()
    for query, variables in ((LIST, {}), (RESULTS, {"id": survey["id"]})):
        body = surveys.gql.execute(query, variables, subject=reporter)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert values(sheet(surveys.run(LIST, {}, intruder)))[1:] == []
    foreign = surveys.run(RESULTS, {"id": survey["id"]}, intruder)
    assert foreign["file"] is None
    assert foreign["errors"][0]["code"] == "NOT_FOUND"
