"""The rankings query costs the same number of SQL statements for 5 units as for 50."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from jixiao.platform.db import Database
from jixiao.schemes.interchange import import_files
from jixiao.tenants.models import Tenant
from tests.engine.builders import data_doc, manual_leaf, scheme_doc, write_yaml
from tests.factories import GraphQLClient, compute, everything, make_tenant

RANKINGS = """
query($scheme: String!) {
  rankings(schemeCode: $scheme, period: Q4) {
    run { id status newest }
    units {
      unitCode unitName total rank overallRank grade flags missing explain
      components { code value }
      breakdown { indicatorCode available score sourceScores { scorer value } }
    }
    groups { code units { unitCode } }
    overall { unitCode }
  }
}"""


def scheme_with(database: Database, tmp_path: Path, units: int) -> Tenant:
    """A tenant whose scheme `t` has `units` towns, two manual indicators, two scorers each."""
    tenant = make_tenant(database, f"{units}个单位")
    codes = [f"u{i}" for i in range(1, units + 1)]
    scheme = scheme_doc(units, indicators=[manual_leaf("M", 60), manual_leaf("N", 40)])
    scores = [
        {"unit": code, "indicator": leaf, "period": "Q4", "scorer": scorer, "value": value}
        for i, code in enumerate(codes)
        for leaf, top in (("M", 60), ("N", 40))
        for scorer, value in (("s1", top - i % 7), ("s2", top - i % 5))
    ]
    scheme_file = write_yaml(tmp_path / f"scheme{units}.yaml", scheme)
    data_file = write_yaml(tmp_path / f"data{units}.yaml", data_doc("t", scores=scores))
    with database.tenant_session(tenant.id) as session:
        import_files(session, scheme_file, data_file, everything(tenant))
        session.commit()
    compute(database, tenant, "Q4", everything(tenant), scheme="t")
    return tenant


def statements_of_rankings(database: Database, tenant: Tenant) -> tuple[int, Any]:
    gql = GraphQLClient(database)
    count = 0

    def counter(*_: Any) -> None:
        nonlocal count
        count += 1

    event.listen(database.engine, "before_cursor_execute", counter)
    try:
        result = gql.execute(RANKINGS, {"scheme": "t"}, subject=everything(tenant))
    finally:
        event.remove(database.engine, "before_cursor_execute", counter)
    assert "errors" not in result, result
    return count, result["data"]["rankings"]


def test_rankings_query_count_is_constant(database: Database, tmp_path: Path) -> None:
    small, small_result = statements_of_rankings(database, scheme_with(database, tmp_path, 5))
    large, large_result = statements_of_rankings(database, scheme_with(database, tmp_path, 50))
    assert len(small_result["units"]) == 5
    assert len(large_result["units"]) == 50
    lines = [line for unit in large_result["units"] for line in unit["breakdown"]]
    assert len(lines) == 100
    assert all(len(line["sourceScores"]) == 2 for line in lines)
    # Pointer, run, units, lines, scores, the tenant's audit chain head (the answer cache's key),
    # plus one transaction start per session (BEGIN IMMEDIATE on SQLite, the tenant setting on
    # PostgreSQL): 10 on both databases.
    assert small == large == 10
