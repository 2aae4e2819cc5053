"""Builders for survey tests: the office over GraphQL, respondents over the public endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.platform.auth import Subject
from tests.factories import SCHEME, GraphQLClient, Jinfeng, root

SURVEY_FIELDS = """
  id title state stateLabel period scale access minSample publicPath codesIssued responses
  questions componentCode units { code name }
"""
ERRORS = "errors { code message field }"
CREATE = (
    "mutation($s: String!, $p: ResultPeriod!, $i: SurveyInput!) {"
    " createSurvey(schemeCode: $s, period: $p, input: $i) { survey {"
    + SURVEY_FIELDS
    + "} "
    + ERRORS
    + " } }"
)
EDIT = (
    "mutation($id: ID!, $i: SurveyInput!) { editSurvey(id: $id, input: $i) { survey {"
    + SURVEY_FIELDS
    + "} "
    + ERRORS
    + " } }"
)
STEP = "mutation($id: ID!) { %s(id: $id) { survey { state stateLabel } " + ERRORS + " } }"
CODES = (
    "mutation($id: ID!, $n: Int!, $b: String!) { generateSurveyCodes(id: $id, count: $n,"
    " baseUrl: $b) { survey { codesIssued } invitations { code url qrSvg } " + ERRORS + " } }"
)
RESULTS = (
    "query($id: ID!) { surveyResults(id: $id) { survey { responses minSample }"
    " units { unitCode unitName responses mean provisional } } }"
)
APPLY = (
    "mutation($id: ID!) { applySurveyResults(id: $id) { results { units { unitCode mean"
    " provisional } } " + ERRORS + " } }"
)
QUESTIONS = ["您对该单位的服务态度是否满意？", "您对该单位的办事效率是否满意？"]


def draft(**changes: Any) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        "title": "2015年度群众满意度测评",
        "questions": QUESTIONS,
        "scale": "FIVE_POINT",
        "access": "CODE",
        "minSample": 2,
        "units": ["liangtian", "fengdeng"],
    }
    wanted.update(changes)
    return wanted


def key_of(survey: dict[str, Any]) -> str:
    key: str = survey["publicPath"].rsplit("/", 1)[-1]
    return key


@dataclass
class Surveys:
    """The office of 金凤区 and a GraphQL client over the whole app."""

    gql: GraphQLClient
    jinfeng: Jinfeng
    office: Subject

    @property
    def http(self) -> Any:
        return self.gql.http

    def run(self, query: str, variables: dict[str, Any], who: Subject | None = None) -> Any:
        return root(self.gql, query, variables, who or self.office)

    def create(self, period: str = "ANNUAL", **changes: Any) -> dict[str, Any]:
        made = self.run(CREATE, {"s": SCHEME, "p": period, "i": draft(**changes)})
        assert made["errors"] == [], made
        survey: dict[str, Any] = made["survey"]
        return survey

    def step(self, name: str, survey_id: str, who: Subject | None = None) -> dict[str, Any]:
        found: dict[str, Any] = self.run(STEP % name, {"id": survey_id}, who)
        return found

    def opened(self, **changes: Any) -> dict[str, Any]:
        survey = self.create(**changes)
        assert self.step("openSurvey", survey["id"])["errors"] == []
        return survey

    def codes(self, survey_id: str, count: int = 3) -> list[str]:
        made = self.run(CODES, {"id": survey_id, "n": count, "b": "https://jx.example.cn"})
        assert made["errors"] == [], made
        return [item["code"] for item in made["invitations"]]

    def page(self, survey: dict[str, Any]) -> Any:
        return self.http.get(f"/public/surveys/{key_of(survey)}")

    def answer(self, survey: dict[str, Any], values: dict[int, list[int]], **proof: str) -> Any:
        return self.post_answer(key_of(survey), values, **proof)

    def post_answer(self, key: str, values: dict[int, list[int]], **proof: str) -> Any:
        body = {"answers": [{"unit": u, "values": v} for u, v in values.items()], **proof}
        response: Any = self.http.post(f"/public/surveys/{key}/answers", json=body)
        return response

    def results(self, survey_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.run(RESULTS, {"id": survey_id})
        return found
