"""Last year's scheme and this year's run side by side: a desk asks for one scheme's reports."""

from __future__ import annotations

from sqlmodel import select

from jixiao.schemes.models import Scheme
from tests.assignments.conftest import Quarter
from tests.assignments.support import SAVE, assign_a2, done, gid

COPY = """mutation($input: SchemeSettingsInput!) {
  copyScheme(sourceCode: "jinfeng-2015", input: $input) { scheme { id code } errors { message } } }"""
DESK = """query($scheme: ID) { progressReports(schemeId: $scheme, first: 50) {
  nodes { id period actual } } }"""


def test_progress_reports_of_one_scheme_leave_the_other_years_out(quarter: Quarter) -> None:
    office, reporter = quarter.as_("office"), quarter.as_("lt-reporter")
    task = assign_a2(office, quarter.indicators["A2"], quarter.units["liangtian"])
    saved = done(reporter, SAVE, input={"assignmentId": task, "period": "Q1", "actual": "80"})
    copied = office.gql(COPY, {"input": {"code": "jinfeng-2016", "name": "2016年", "year": 2016}})
    assert copied["data"]["copyScheme"]["errors"] == []
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        last_year = session.exec(select(Scheme).where(Scheme.code == "jinfeng-2015")).one()

    def desk(scheme: str | None) -> list[str]:
        answer = reporter.gql(DESK, {"scheme": scheme})
        assert "errors" not in answer, answer
        return [node["id"] for node in answer["data"]["progressReports"]["nodes"]]

    assert desk(gid("Scheme", last_year.id)) == [saved["report"]["id"]]
    assert desk(copied["data"]["copyScheme"]["scheme"]["id"]) == []  # this year's: none yet
    assert desk(None) == [saved["report"]["id"]]  # no scheme named: every report one may see
    wrong = reporter.gql(DESK, {"scheme": gid("Unit", quarter.units["liangtian"])})
    assert "schemeId 不是有效的 Scheme 标识" in wrong["errors"][0]["message"], wrong
