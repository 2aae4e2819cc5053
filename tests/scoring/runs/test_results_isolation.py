"""Another tenant's user, holding every permission, can neither see nor change 金凤区's results."""

from __future__ import annotations

from jixiao.graphql.relay import to_global_id
from jixiao.platform.auth import Subject
from jixiao.scoring.runs.models import RunStatus
from tests.factories import SCHEME, GraphQLClient, Jinfeng, Office, compute
from tests.scoring.runs.support import run_count, status_of

READS = {
    "resultRuns": "resultRuns(schemeCode: $s) { nodes { id status } }",
    "rankings": "rankings(schemeCode: $s, runId: $run) { units { unitCode total } }",
    "unitResult": 'unitResult(schemeCode: $s, unitCode: "liangtian") { total }',
    "unitTrend": 'unitTrend(schemeCode: $s, unitCode: "liangtian") { period }',
    "compareUnits": 'compareUnits(schemeCode: $s, unitCodes: ["liangtian"]) { units { total } }',
}
MUTATION = "mutation($id: ID!) { NAME(runId: $id) { run { id } errors { code } } }"


def test_another_tenant_sees_nothing(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    published = office.publish()
    office.compute("Q1")
    for name, selection in READS.items():
        arguments = "$s: String!, $run: ID" if "$run" in selection else "$s: String!"
        variables = {"s": SCHEME, **({"run": published} if "$run" in selection else {})}
        result = gql.execute(f"query({arguments}) {{ {selection} }}", variables, subject=intruder)
        assert "errors" not in result, (name, result)
        assert result["data"][name] in (None, [], {"nodes": []}), (name, result)
    for query in ("bonusTable(schemeCode: $s) { total }", "bonusTableExcel(schemeCode: $s)"):
        refused = gql.execute(f"query($s: String!) {{ {query} }}", {"s": SCHEME}, subject=intruder)
        assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_another_tenant_changes_nothing(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    draft = compute(jinfeng.database, jinfeng.tenant, "Q2", jinfeng.office).run
    published = office.publish()
    for name in ("reviewResults", "approveResults", "publishResults"):
        for run_id in (to_global_id("ResultRun", draft.id), published):
            result = gql.execute(MUTATION.replace("NAME", name), {"id": run_id}, subject=intruder)
            assert result["data"][name] == {"run": None, "errors": [{"code": "NOT_FOUND"}]}
    computed = gql.execute(
        "mutation($s: String!) { computeResults(schemeCode: $s) { errors { code } } }",
        {"s": SCHEME},
        subject=intruder,
    )
    assert computed["data"]["computeResults"]["errors"] == [{"code": "NOT_FOUND"}]
    assert status_of(jinfeng.database, jinfeng.tenant, draft.id) is RunStatus.DRAFT
    assert run_count(jinfeng.database, jinfeng.tenant) == 2
