"""金凤区's inspections (明查暗访), innovation awards (创新奖) and their evidence files for the
isolation world.

Made the way the government makes them: the office records an unannounced visit with a
deduction and its evidence; the reporter's unit applies for an award with an application file,
the office recognises it (a bonus adjustment) and adds its evidence to that adjustment; a second
application waits for a decision. Every text a person chose carries the marker.
"""

from __future__ import annotations

from typing import Any

from jixiao.platform.auth import CSRF_COOKIE
from tests.isolation.world_notices import PDF


def build_records(
    office: Any, reporter: Any, scheme_code: str, unit_code: str, marker: str
) -> None:
    """`office` and `reporter` are signed-in `world.Client`s of 金凤区; the reporter works in
    the unit `unit_code`."""
    inspection = office.ok(
        "mutation($s: String!, $u: String!, $i: InspectionInput!) {"
        " recordInspection(schemeCode: $s, unitCode: $u, input: $i)"
        " { inspection { id uploadUrl adjustmentId } errors { message } } }",
        {
            "s": scheme_code,
            "u": unit_code,
            "i": {
                "date": "2015-06-03",
                "kind": "UNANNOUNCED",
                "finding": f"{marker} 窗口无人值守",
                "deduction": "1.5",
            },
        },
    )["recordInspection"]["inspection"]
    _upload(office, inspection["uploadUrl"], f"{marker}-现场.pdf")
    apply = (
        "mutation($s: String!, $i: InnovationAwardInput!) {"
        " applyInnovationAward(schemeCode: $s, input: $i)"
        " { award { id uploadUrl } errors { message } } }"
    )
    award = reporter.ok(
        apply,
        {
            "s": scheme_code,
            "i": {
                "unitCode": unit_code,
                "kind": "INDIVIDUAL",
                "title": f"{marker} 一窗通办",
                "applicant": f"{marker} 张明",
                "description": f"{marker} 申报说明",
            },
        },
    )["applyInnovationAward"]["award"]
    _upload(reporter, award["uploadUrl"], f"{marker}-申报书.pdf")
    recognised = office.ok(
        'mutation($id: ID!, $n: String!) { recogniseInnovationAward(id: $id, points: "2",'
        " note: $n) { award { adjustmentId } errors { message } } }",
        {"id": award["id"], "n": f"{marker} 市考评办认定"},
    )["recogniseInnovationAward"]["award"]
    _upload(office, f"/files/records/{recognised['adjustmentId']}", f"{marker}-认定文件.pdf")
    reporter.ok(
        apply,
        {
            "s": scheme_code,
            "i": {"unitCode": unit_code, "kind": "COLLECTIVE", "title": f"{marker} 待认定"},
        },
    )


def _upload(client: Any, url: str, name: str) -> None:
    sent = client.http.post(
        url,
        params={"name": name},
        content=PDF,
        headers={"X-CSRF-Token": client.http.cookies[CSRF_COOKIE]},
    )
    assert sent.status_code == 201, sent.text
