"""scorerFairness over GraphQL: for the office and leadership before approval, by name, and
refused to others; another tenant's scheme is not found."""

from __future__ import annotations

from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient, Jinfeng

FAIRNESS = """
query Fairness($scheme: String!, $period: ResultPeriod!) {
  scorerFairness(schemeCode: $scheme, period: $period) {
    schemeCode period threshold minEntries
    scorers { scorer { code name kind } entries items units meanDeviation leaning leaningLabel }
  }
}"""


def _ask(gql: GraphQLClient, who: Subject, period: str = "ANNUAL") -> dict[str, object]:
    return gql.execute(FAIRNESS, {"scheme": SCHEME, "period": period}, subject=who)


def test_the_office_and_leadership_read_each_scorers_leaning(
    gql: GraphQLClient, jinfeng: Jinfeng
) -> None:
    answer = _ask(gql, jinfeng.office)
    assert "errors" not in answer, answer
    found = answer["data"]["scorerFairness"]  # type: ignore[index]
    assert (found["threshold"], found["minEntries"], found["period"]) == ("0.5", 5, "ANNUAL")
    rows = {row["scorer"]["code"]: row for row in found["scorers"]}
    one, two = rows["lingdao1"], rows["lingdao2"]
    assert one["entries"] == two["entries"] > 0
    assert one["leaningLabel"] in {"偏宽", "偏严", "正常"}
    assert one["leaning"] in {"LENIENT", "HARSH", "NORMAL"}
    assert one["meanDeviation"].lstrip("-") == two["meanDeviation"].lstrip("-")
    approving = _ask(gql, jinfeng.leadership, "Q2")
    assert "errors" not in approving, approving


def test_others_are_refused(gql: GraphQLClient, jinfeng: Jinfeng) -> None:
    for who in (jinfeng.finance, jinfeng.reporter()):
        refused = _ask(gql, who)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
        assert refused["data"] is None


def test_another_tenants_scheme_is_not_found(
    gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject
) -> None:
    answer = _ask(gql, intruder)
    assert answer["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # type: ignore[index]
    assert "lingdao1" not in str(answer)
