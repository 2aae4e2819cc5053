"""金凤区's supervision (督查督办) for the isolation world: the office's deadlines of a period and
a closed period (its reason), and a supervision notice the group sends to the reporter's unit,
which replies. Every text a person chose carries the marker."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def build_supervision(
    office: Any, supervisor: Any, reporter: Any, scheme_code: str, unit_code: str, marker: str
) -> None:
    """`office`, `supervisor` (the supervision group) and `reporter` (working in `unit_code`)
    are signed-in `world.Client`s of 金凤区."""
    office.ok(
        "mutation($s: String!) { setPeriodDeadlines(schemeCode: $s,"
        ' deadlines: [{period: "Q2", reportDue: "2015-07-10", verifyDue: "2015-07-20",'
        ' scoreDue: "2015-07-31"}]) { deadlines { period } errors { message } } }',
        {"s": scheme_code},
    )
    closed = office.ok(
        'mutation($s: String!, $r: String!) { closePeriod(schemeCode: $s, period: "Q3",'
        " reason: $r) { period { state } errors { message } } }",
        {"s": scheme_code, "r": f"{marker} 第三季度考评结束"},
    )["closePeriod"]
    assert closed["period"] == {"state": "CLOSED"}, closed
    sent = supervisor.ok(
        "mutation($i: SupervisionNoticeInput!) { sendSupervisionNotice(input: $i)"
        " { notice { id } errors { message } } }",
        {
            "i": {
                "schemeCode": scheme_code,
                "unitCode": unit_code,
                "title": f"{marker} 督办事项",
                "body": f"{marker} 请说明进度滞后原因",
                "replyDue": (date.today() + timedelta(days=30)).isoformat(),
                "period": "Q2",
            }
        },
    )["sendSupervisionNotice"]
    assert sent["notice"], sent
    replied = reporter.ok(
        "mutation($id: ID!, $r: String!) { replySupervisionNotice(id: $id, reply: $r)"
        " { notice { state } errors { message } } }",
        {"id": sent["notice"]["id"], "r": f"{marker} 已整改"},
    )["replySupervisionNotice"]
    assert replied["notice"] == {"state": "REPLIED"}, replied
