"""金凤区's PDF reports for the isolation world: a 考评结果通报 of one of its runs, made by the
job before the walk, which no other tenant may list, ask for or download."""

from __future__ import annotations

from typing import Any

RUNS = "query($c: String!) { resultRuns(schemeCode: $c) { nodes { id status } } }"
REQUEST = (
    "mutation($r: ID!) { requestReport(runId: $r, kind: NOTICE)"
    " { report { id status } errors { message } } }"
)


def build_reports(office: Any, scheme_code: str) -> None:
    """`office` is a signed-in `world.Client` of 金凤区 holding result:read."""
    runs = office.ok(RUNS, {"c": scheme_code})["resultRuns"]["nodes"]
    assert runs, "金凤区 has no result run to report on"
    asked = office.ok(REQUEST, {"r": runs[-1]["id"]})["requestReport"]
    assert asked["report"]["status"] == "QUEUED", asked
