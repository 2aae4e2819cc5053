"""金凤区's appeals (申诉) for the isolation world: the reporter's unit appeals a line of its
published annual result, with a reason carrying the marker."""

from __future__ import annotations

from typing import Any


def build_appeal(reporter: Any, scheme_code: str, unit_code: str, marker: str) -> None:
    """`reporter` is a signed-in `world.Client` of 金凤区 working in `unit_code`."""
    result = reporter.ok(
        "query($s: String!, $u: String!) { rankings(schemeCode: $s) { run { id } }"
        " unitResult(schemeCode: $s, unitCode: $u) { breakdown { indicatorCode period } } }",
        {"s": scheme_code, "u": unit_code},
    )
    line = result["unitResult"]["breakdown"][0]
    raised = reporter.ok(
        "mutation($i: RaiseAppealInput!) { raiseAppeal(input: $i)"
        " { appeal { id stateLabel } errors { message } } }",
        {
            "i": {
                "runId": result["rankings"]["run"]["id"],
                "unitCode": unit_code,
                "lineKind": "INDICATOR",
                "lineKey": line["indicatorCode"],
                "linePeriod": line["period"],
                "reason": f"{marker} 得分有误",
            }
        },
    )["raiseAppeal"]
    assert raised["appeal"] == {"id": raised["appeal"]["id"], "stateLabel": "待分派"}, raised
