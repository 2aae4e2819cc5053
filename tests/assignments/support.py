"""GraphQL documents and helpers of the assignment tests."""

from __future__ import annotations

import uuid
from typing import Any

from jixiao.graphql.relay import to_global_id
from tests.factories import Browser

REPORT_FIELDS = """id status version period narrative completion actual verifiedValue
  verifyNote returnReason
  history { action fromStatus toStatus reason actorName at value }
  evidence { id fileName contentType sizeBytes url }"""
ASSIGN = """
mutation Assign($input: AssignInput!) {
  assignIndicator(input: $input) {
    assignments { id unitName indicatorCode targetValue targetText deadline scorers
      milestones { period text value } }
    errors { code message field }
  }
}"""
ASSIGN_GROUP = """
mutation Group($id: ID!) {
  assignGroup(groupId: $id) { assignments { id unitName indicatorCode } errors { code message } }
}"""
SAVE = f"""
mutation Save($input: ProgressReportInput!) {{
  saveProgressReport(input: $input) {{ report {{ {REPORT_FIELDS} }} errors {{ code message field }} }}
}}"""
ASSIGNMENTS = """
query List($first: Int, $after: String) {
  assignments(first: $first, after: $after) {
    edges { cursor node { id unitName indicatorCode } } pageInfo { hasNextPage endCursor }
  }
}"""
REPORTS = f"""
query Reports {{ progressReports(first: 50) {{ nodes {{ {REPORT_FIELDS} }} }} }}"""
REPORT = f"query One($id: ID!) {{ progressReport(id: $id) {{ {REPORT_FIELDS} }} }}"
GAPS = """
query Gaps($threshold: Decimal!) {
  reportGaps(threshold: $threshold) { nodes { id actual verifiedValue } }
}"""
STEPS = {
    name: f"""
mutation Step($id: ID!{extra_args}) {{
  {name}(id: $id{extra_pass}) {{ report {{ {REPORT_FIELDS} }} errors {{ code message field }} }}
}}"""
    for name, extra_args, extra_pass in (
        ("submitProgressReport", "", ""),
        ("approveProgressReport", "", ""),
        ("sendUpProgressReport", "", ""),
        ("returnProgressReport", ", $reason: String!", ", reason: $reason"),
        ("rejectProgressReport", ", $reason: String!", ", reason: $reason"),
        (
            "verifyProgressReport",
            ", $value: Decimal!, $note: String!",
            ", value: $value, note: $note",
        ),
    )
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def gid(kind: str, local: uuid.UUID) -> str:
    return str(to_global_id(kind, local))


def payload(browser: Browser, query: str, **variables: Any) -> dict[str, Any]:
    """The payload of a single root mutation (GraphQL errors fail the test)."""
    body = browser.gql(query, variables)
    assert "errors" not in body, body
    [value] = body["data"].values()
    result: dict[str, Any] = value
    return result


def done(browser: Browser, query: str, **variables: Any) -> dict[str, Any]:
    """The payload of a mutation that must succeed."""
    result = payload(browser, query, **variables)
    assert result["errors"] == [], result["errors"]
    return result


def step(browser: Browser, name: str, report_id: str, **extra: Any) -> dict[str, Any]:
    report: dict[str, Any] = done(browser, STEPS[name], id=report_id, **extra)["report"]
    return report


def upload(browser: Browser, report_id: str, name: str, content: bytes) -> Any:
    headers = {"X-CSRF-Token": browser.http.cookies.get("jixiao_csrf") or ""}
    return browser.http.post(
        f"/files/reports/{report_id}", params={"name": name}, content=content, headers=headers
    )


def assign_a2(office: Browser, indicator_id: uuid.UUID, unit_id: uuid.UUID) -> str:
    """The office gives 固定资产投资完成率 (A2) to one unit; the task's id."""
    task = done(
        office,
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", indicator_id),
            "unitIds": [gid("Unit", unit_id)],
            "targetValue": "100",
            "targetText": "固定资产投资完成率达到100%",
        },
    )
    task_id: str = task["assignments"][0]["id"]
    return task_id
