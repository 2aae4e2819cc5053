"""金凤区's leader rating forms (领导评价表) for the isolation world: the office gives its 赋分领导
the units in their charge, the leader rates them and submits one, keeps a draft of the other."""

from __future__ import annotations

from typing import Any


def build_rating_forms(
    office: Any, leader: Any, rater: str, scheme_code: str, component_code: str
) -> None:
    """`office` and `leader` are signed-in `world.Client`s of 金凤区 (office, scoring_leader);
    `rater` is the leader's username."""
    added = office.ok(
        "mutation($s: String!, $c: String!) { assignRatingsFromScope(schemeCode: $s,"
        " componentCode: $c) { count errors { message } } }",
        {"s": scheme_code, "c": component_code},
    )["assignRatingsFromScope"]
    assert added["count"] >= 2, added
    form = leader.ok(
        "query($s: String!, $c: String!) { myRatingForm(schemeCode: $s, componentCode: $c)"
        " { lines { unitCode } } }",
        {"s": scheme_code, "c": component_code},
    )["myRatingForm"]
    units = [line["unitCode"] for line in form["lines"]]
    save = (
        "mutation($s: String!, $c: String!, $v: [RatingFormValueInput!]!, $b: Boolean!) {"
        " saveRatingForm(schemeCode: $s, componentCode: $c, values: $v, submit: $b)"
        " { form { submitted } errors { message } } }"
    )
    values = [{"unitCode": code, "value": f"9{n}.5"} for n, code in enumerate(units)]
    leader.ok(save, {"s": scheme_code, "c": component_code, "v": values, "b": True})
    # Returned by the office and a draft kept: a draft value on a line, a rating given.
    office.ok(
        "mutation($s: String!, $c: String!, $r: String!) { reopenRatingForm(schemeCode: $s,"
        ' componentCode: $c, rater: $r, reason: "复核") { count errors { message } } }',
        {"s": scheme_code, "c": component_code, "r": rater},
    )
    leader.ok(save, {"s": scheme_code, "c": component_code, "v": values[:1], "b": False})
