"""Excel import of task decomposition: all rows or none, every wrong cell named."""

from __future__ import annotations

import base64
import io
from typing import Any

from openpyxl import load_workbook
from sqlmodel import select

from jixiao.assignments.models import Assignment
from jixiao.org.sheets import new_sheet, to_base64
from jixiao.schemes.models import Scheme
from tests.assignments.conftest import Quarter
from tests.assignments.support import gid, payload

IMPORT = """
mutation Import($schemeId: ID!, $content: String!) {
  importAssignmentsWorkbook(schemeId: $schemeId, content: $content) {
    assignments { unitName indicatorCode targetValue deadline milestones { period text value } }
    errors { code message field }
  }
}"""
HEADERS = ("单位代码", "指标代码", "目标值", "目标说明", "完成时限", "Q1节点", "Q1节点值")


def _workbook(rows: list[tuple[Any, ...]]) -> str:
    book, sheet = new_sheet("任务分解", HEADERS, [12] * len(HEADERS))
    for row in rows:
        sheet.append(list(row))
    return to_base64(book)


def _scheme(quarter: Quarter) -> str:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        scheme = session.exec(select(Scheme)).one()
        return gid("Scheme", scheme.id)


def _count(quarter: Quarter) -> int:
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        return len(session.exec(select(Assignment)).all())


def test_a_workbook_assigns_its_rows(quarter: Quarter) -> None:
    content = _workbook(
        [
            ("liangtian", "A2", 100, "完成率100%", "2015-12-20", "完成25%", 25),
            ("fengdeng", "A1", 5000, "到位资金", None, None, None),
        ]
    )
    result = payload(quarter.as_("office"), IMPORT, schemeId=_scheme(quarter), content=content)
    assert result["errors"] == []
    rows = {(a["unitName"], a["indicatorCode"]): a for a in result["assignments"]}
    assert rows[("良田镇", "A2")]["milestones"] == [
        {"period": "Q1", "text": "完成25%", "value": "25"}
    ]
    assert rows[("良田镇", "A2")]["deadline"] == "2015-12-20"
    assert rows[("丰登镇", "A1")]["targetValue"] == "5000"


def test_one_wrong_row_refuses_the_workbook(quarter: Quarter) -> None:
    content = _workbook(
        [
            ("liangtian", "A2", 100, "", "", "", ""),
            ("nowhere", "A", "很多", "", "明年", "", "x"),
        ]
    )
    office = quarter.as_("office")
    result = payload(office, IMPORT, schemeId=_scheme(quarter), content=content)
    [error] = result["errors"]
    assert error["code"] == "INVALID"
    for part in ("第3行 单位代码", "第3行 指标代码", "第3行 目标值", "第3行 完成时限", "Q1节点值"):
        assert part in error["message"], part
    assert _count(quarter) == 0
    # A unit reporter may not import.
    refused = quarter.as_("lt-reporter").gql(
        IMPORT, {"schemeId": _scheme(quarter), "content": content}
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


EXPORT = "query($id: ID!, $t: Boolean!) { assignmentsWorkbook(schemeId: $id, template: $t) }"


def test_the_export_imports_back_unchanged_and_the_template_is_empty(quarter: Quarter) -> None:
    office = quarter.as_("office")
    content = _workbook(
        [
            ("liangtian", "A2", 100, "完成率100%", "2015-12-20", "完成25%", "25.5"),
            ("fengdeng", "A1", 5000, "到位资金", None, None, None),
        ]
    )
    first = payload(office, IMPORT, schemeId=_scheme(quarter), content=content)
    assert first["errors"] == []
    exported = office.gql(EXPORT, {"id": _scheme(quarter), "t": False})["data"]
    again = payload(
        office, IMPORT, schemeId=_scheme(quarter), content=exported["assignmentsWorkbook"]
    )
    assert again["errors"] == []

    def key(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted(
            (
                a["unitName"],
                a["indicatorCode"],
                a["targetValue"],
                a["deadline"],
                str(a["milestones"]),
            )
            for a in rows
        )

    assert key(again["assignments"]) == key(first["assignments"])
    assert _count(quarter) == 2
    template = office.gql(EXPORT, {"id": _scheme(quarter), "t": True})["data"]
    rows = list(
        load_workbook(io.BytesIO(base64.b64decode(template["assignmentsWorkbook"])))[
            "任务分解"
        ].values
    )
    assert rows == [
        (
            "单位代码",
            "指标代码",
            "目标值",
            "目标说明",
            "完成时限",
            "Q1节点",
            "Q1节点值",
            "Q2节点",
            "Q2节点值",
            "Q3节点",
            "Q3节点值",
            "Q4节点",
            "Q4节点值",
        )
    ]
    # Units may not export every unit's targets.
    refused = quarter.as_("lt-reporter").gql(EXPORT, {"id": _scheme(quarter), "t": True})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
