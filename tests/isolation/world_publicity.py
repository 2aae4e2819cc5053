"""金凤区's 公示 for the isolation world: a Q3 result approved and shown to every unit of the
tenant for its 公示 period, which no other tenant may see, end or publish."""

from __future__ import annotations

from typing import Any

RUN = "mutation($r: ID!) { %s(runId: $r) { run { status } errors { message } } }"


def build_publicity(office: Any, leadership: Any, scheme_code: str) -> None:
    """`office` and `leadership` are signed-in `world.Client`s of 金凤区."""
    computed = office.ok(
        "mutation($c: String!) { computeResults(schemeCode: $c, period: Q3)"
        " { run { id } errors { message } } }",
        {"c": scheme_code},
    )["computeResults"]
    assert computed["errors"] == [], computed
    run_id = computed["run"]["id"]
    for who, step in ((office, "reviewResults"), (leadership, "approveResults")):
        assert who.ok(RUN % step, {"r": run_id})[step]["errors"] == []
    shown = office.ok(RUN % "publishResultsForPublicity", {"r": run_id})
    assert shown["publishResultsForPublicity"] == {
        "run": {"status": "PUBLICITY"},
        "errors": [],
    }, shown
