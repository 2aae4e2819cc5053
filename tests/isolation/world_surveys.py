"""金凤区's satisfaction surveys (群众满意度测评) for the isolation world: one by invitation code
and one by open link, both open, each answered once through the public endpoints; titles and
questions carry the marker."""

from __future__ import annotations

from typing import Any

CREATE = (
    "mutation($s: String!, $i: SurveyInput!) { createSurvey(schemeCode: $s, period: ANNUAL,"
    " input: $i) { survey { id publicPath } errors { message } } }"
)
OPEN = "mutation($id: ID!) { openSurvey(id: $id) { survey { state } errors { message } } }"
CODES = (
    'mutation($id: ID!) { generateSurveyCodes(id: $id, count: 2, baseUrl: "https://jf.example")'
    " { invitations { code } errors { message } } }"
)


def build_surveys(
    office: Any, respondent: Any, scheme_code: str, components: tuple[str, ...], marker: str
) -> None:
    """`office` is a signed-in `world.Client` of 金凤区's office; `respondent` any client."""
    for access in ("CODE", "LINK"):
        made = office.ok(
            CREATE,
            {
                "s": scheme_code,
                "i": {
                    "title": f"{marker} {access} 满意度测评",
                    "questions": [f"{marker} 服务态度"],
                    "access": access,
                    "minSample": 1,
                    "componentCode": next(
                        (c for c in components if c.endswith("public")), components[0]
                    ),
                },
            },
        )["createSurvey"]["survey"]
        office.ok(OPEN, {"id": made["id"]})
        key = made["publicPath"].rsplit("/", 1)[-1]
        proof: dict[str, str] = {}
        if access == "CODE":
            codes = office.ok(CODES, {"id": made["id"]})["generateSurveyCodes"]["invitations"]
            proof["code"] = codes[0]["code"]
        else:
            proof["ticket"] = respondent.http.get(f"/public/surveys/{key}").json()["ticket"]
        body = {"answers": [{"unit": 0, "values": [80]}], **proof}
        answered = respondent.http.post(f"/public/surveys/{key}/answers", json=body)
        assert answered.status_code == 201, answered.text
