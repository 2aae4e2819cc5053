"""The appeal list as Excel: the page's columns in words, the reader's appeals under its
filters, an audited read; refused without an appeal permission and to another tenant."""

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
from tests.appeals.support import Appeals

EXPORT = """
mutation($s: String, $states: [AppealState!]) {
  exportAppeals(schemeCode: $s, states: $states) {
    file { fileName rowCount base64 }
    errors { code message }
  }
}"""


def exported(appeals: Appeals, who: Subject, **variables: Any) -> list[list[Any]]:
    payload = appeals.run(EXPORT, variables, who)
    assert payload["errors"] == [], payload
    book = load_workbook(io.BytesIO(base64.b64decode(payload["file"]["base64"])))
    sheet = book["申诉列表"]
    assert payload["file"]["rowCount"] == sheet.max_row - 1
    if sheet.max_row > 1:
        assert sheet.cell(row=2, column=7).number_format == "0.00"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_office_exports_the_appeals_in_words(appeals: Appeals) -> None:
    appeals.answered()  # 良田镇 on A1 Q4, routed to 招商局 and answered
    rows = exported(appeals, appeals.office)
    assert rows[0][:9] == ["考评方案", "考评期", "考评对象", "申诉事项", "事项类型",
                           "事项所属期", "公布分值", "申诉理由", "状态"]  # fmt: skip
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["考评对象"] == "良田镇"
    assert row["申诉事项"] == "招商引资到位资金"
    assert row["事项所属期"] == "第四季度"
    assert "绩效考评" in row["考评方案"]  # the scheme's name, not its code
    assert isinstance(row["公布分值"], int | float)
    assert isinstance(row["提出时间"], datetime)
    assert row["状态"] == "待裁定"
    assert row["承办单位"] == "招商局"
    assert row["答复"] == "经核实确有漏报"
    assert len(exported(appeals, appeals.office, states=["UPHELD", "REJECTED"])) == 1
    with appeals.database.tenant_session(appeals.jinfeng.tenant.id) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "appeal.export"))
        details = [json.loads(e.after or "{}") for e in events]
    assert [(d["rows"], d["states"]) for d in details] == [(1, []), (0, ["upheld", "rejected"])]


def test_a_unit_exports_its_own_appeals_only(appeals: Appeals) -> None:
    appeals.answered()
    assert [r[2] for r in exported(appeals, appeals.reporter)[1:]] == ["良田镇"]
    other = appeals.jinfeng.reporter("fengdeng")
    assert exported(appeals, other)[1:] == []


def test_refused_without_permission_and_to_another_tenant(
    appeals: Appeals, intruder: Subject
) -> None:
    appeals.answered()
    body = appeals.office_flow.gql.execute(EXPORT, {}, subject=appeals.jinfeng.finance)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert exported(appeals, intruder) == [exported(appeals, appeals.office)[0]]  # headers only
