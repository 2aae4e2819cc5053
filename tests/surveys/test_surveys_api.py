"""The office's survey over GraphQL and respondents' answers by invitation code: counted once,
every refusal in Chinese, results exact, applied as the `public` component, exported."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlmodel import select

from jixiao.audit.models import AuditEvent, AuditOutcome
from jixiao.schemes.models import Scheme, SchemeComponent, SchemeStatus, SchemeUnit
from jixiao.scoring.models import Rating
from jixiao.surveys.models import SurveyCode
from tests.factories import SCHEME
from tests.surveys.support import APPLY, CODES, EDIT, RESULTS, Surveys, draft, key_of


def test_a_survey_takes_all_appraised_units_by_default(surveys: Surveys) -> None:
    survey = surveys.create(units=None)
    assert survey["stateLabel"] == "草稿"
    with surveys.jinfeng.database.tenant_session(surveys.jinfeng.tenant.id) as session:
        members = session.exec(select(SchemeUnit.unit_id)).all()
    assert len(survey["units"]) == len(members) > 2
    assert {"code": "liangtian", "name": "良田镇"} in survey["units"]


def test_codes_are_kept_only_as_hashes_and_answer_once_each(surveys: Surveys) -> None:
    survey = surveys.opened()
    made = surveys.run(CODES, {"id": survey["id"], "n": 2, "b": "https://jx.example.cn/"})
    assert made["errors"] == []
    assert made["survey"]["codesIssued"] == 2
    first = made["invitations"][0]
    assert first["url"] == f"https://jx.example.cn{survey['publicPath']}?code={first['code']}"
    assert first["qrSvg"].startswith("data:image/svg+xml")
    with surveys.jinfeng.database.tenant_session(surveys.jinfeng.tenant.id) as session:
        kept = session.exec(select(SurveyCode)).all()
    assert len(kept) == 2
    assert all(first["code"] not in str(row.model_dump()) for row in kept)

    answered = surveys.answer(survey, {0: [100, 80], 1: [60, 60]}, code=first["code"].lower())
    assert answered.status_code == 201, answered.text
    again = surveys.answer(survey, {0: [20, 20]}, code=first["code"])
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "该邀请码已使用过，每个邀请码只能提交一次答卷"
    unknown = surveys.answer(survey, {0: [20, 20]}, code="ZZZZZ-ZZZZZ")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "邀请码无效，请核对后重新输入"
    missing = surveys.answer(survey, {0: [20, 20]})
    assert missing.status_code == 400
    assert missing.json()["error"]["field"] == "code"

    found = surveys.results(survey["id"])
    assert found["survey"]["responses"] == 1
    assert found["units"][0] == {
        "unitCode": "liangtian",
        "unitName": "良田镇",
        "responses": 1,
        "mean": "90",
        "provisional": True,
    }


def test_the_page_shows_only_questions_names_and_scale(surveys: Surveys) -> None:
    survey = surveys.opened()
    page = surveys.page(survey)
    assert page.status_code == 200
    body = page.json()
    assert set(body) == {
        "title", "intro", "questions", "scale", "options", "units", "access", "ticket"
    }  # fmt: skip
    assert body["units"] == [{"position": 0, "name": "良田镇"}, {"position": 1, "name": "丰登镇"}]
    assert next(o["label"] for o in body["options"]) == "非常满意"
    assert body["ticket"] is None  # invitation codes: no ticket
    assert "liangtian" not in page.text


def test_a_draft_is_unknown_and_a_closed_survey_refuses(surveys: Surveys) -> None:
    draft_survey = surveys.create()
    assert surveys.page(draft_survey).status_code == 404
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    assert surveys.step("closeSurvey", survey["id"])["survey"]["stateLabel"] == "已结束"
    refused = surveys.answer(survey, {0: [100, 100]}, code=code)
    assert refused.status_code == 409
    assert "已结束" in refused.json()["error"]["message"]
    edited = surveys.run(EDIT, {"id": survey["id"], "i": draft(title="改")})
    assert edited["errors"][0]["code"] == "CONFLICT"
    assert "已结束" in edited["errors"][0]["message"]
    again = surveys.step("openSurvey", survey["id"])
    assert again["errors"][0]["code"] == "CONFLICT"


def test_bad_answers_are_refused_and_nothing_is_kept(surveys: Surveys) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    for values in ({0: [100]}, {0: [90, 80]}, {7: [100, 100]}, {}):
        refused = surveys.answer(survey, values, code=code)
        assert refused.status_code == 400, (values, refused.text)
    assert surveys.answer(survey, {1: [100, 100]}, code=code).status_code == 201


def test_the_means_become_the_public_component_audited(surveys: Surveys) -> None:
    survey = surveys.opened()
    codes = surveys.codes(survey["id"], 3)
    surveys.answer(survey, {0: [100, 80], 1: [60, 40]}, code=codes[0])
    surveys.answer(survey, {0: [80, 80]}, code=codes[1])
    surveys.answer(survey, {0: [100, 80]}, code=codes[2])
    units = {u["unitCode"]: u for u in surveys.results(survey["id"])["units"]}
    # 良田镇: (180 + 160 + 180) / 6; 丰登镇 one response of 2 (the minimum): provisional
    assert units["liangtian"]["mean"] == "86.66666666666666666666666667"
    assert (units["liangtian"]["responses"], units["liangtian"]["provisional"]) == (3, False)
    assert (units["fengdeng"]["mean"], units["fengdeng"]["provisional"]) == ("50", True)

    early = surveys.run(APPLY, {"id": survey["id"]})
    assert early["errors"][0]["code"] == "CONFLICT"
    assert "请先结束" in early["errors"][0]["message"]
    surveys.step("closeSurvey", survey["id"])
    database, tenant = surveys.jinfeng.database, surveys.jinfeng.tenant
    with database.tenant_session(tenant.id) as session:
        before = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one().inputs_seq
    applied = surveys.run(APPLY, {"id": survey["id"]})
    assert applied["errors"] == [], applied
    with database.tenant_session(tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        public = session.exec(
            select(SchemeComponent).where(
                SchemeComponent.scheme_id == scheme.id, SchemeComponent.code == "public"
            )
        ).one()
        ratings = session.exec(
            select(Rating).where(
                Rating.component_id == public.id,
                Rating.unit_id == surveys.jinfeng.units["liangtian"],
            )
        ).all()
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "survey.apply", AuditEvent.outcome == AuditOutcome.SUCCESS
            )
        ).one()
    assert scheme.inputs_seq > before
    assert [(r.rater, r.value) for r in ratings] == [("", Decimal("86.66666666666666666666666667"))]
    assert "liangtian" in str(event.after)


def test_the_results_export_has_chinese_headers_and_numbers(surveys: Surveys) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    surveys.answer(survey, {0: [100, 60]}, code=code)
    body = surveys.gql.execute(
        "query($id: ID!) { surveyResultsExcel(id: $id) }", {"id": survey["id"]},
        subject=surveys.office,
    )  # fmt: skip
    book = load_workbook(io.BytesIO(base64.b64decode(body["data"]["surveyResultsExcel"])))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("序号", "考评对象", "有效答卷数", "满意度得分（0～100）", "是否暂定")
    assert rows[1] == (1, "良田镇", 1, 80, "暂定（少于最低样本 2 份）")
    assert rows[2][2:5] == (0, None, "无答卷")


def test_another_tenant_sees_and_changes_nothing(surveys: Surveys, intruder: object) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    gql = surveys.gql
    seen = gql.execute("query($id: ID!) { survey(id: $id) { title } surveys { id } }",
                       {"id": survey["id"]}, subject=intruder)  # type: ignore[arg-type]  # fmt: skip
    assert seen["data"] == {"survey": None, "surveys": []}
    for name in ("closeSurvey", "openSurvey"):
        body = gql.execute(
            f"mutation($id: ID!) {{ {name}(id: $id) {{ errors {{ code }} }} }}",
            {"id": survey["id"]}, subject=intruder,  # type: ignore[arg-type]
        )  # fmt: skip
        assert body["data"][name]["errors"] == [{"code": "NOT_FOUND"}]
    results = gql.execute(RESULTS, {"id": survey["id"]}, subject=intruder)  # type: ignore[arg-type]
    assert results["data"]["surveyResults"] is None
    # A key naming the intruder's tenant with 金凤区's random part finds nothing.
    intruder_tenant = intruder.tenant.id  # type: ignore[attr-defined]
    raw = base64.urlsafe_b64decode(key_of(survey) + "==")
    forged = base64.urlsafe_b64encode(intruder_tenant.bytes + raw[16:]).rstrip(b"=").decode()
    assert surveys.http.get(f"/public/surveys/{forged}").status_code == 404
    assert surveys.post_answer(forged, {0: [100, 100]}, code=code).status_code == 404
    assert surveys.http.get("/public/surveys/not-a-key").status_code == 404


def test_only_the_office_manages_surveys(surveys: Surveys) -> None:
    reporter = surveys.jinfeng.reporter()
    body = surveys.gql.execute("{ surveys { id } }", subject=reporter)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_closed_period_takes_no_new_survey(surveys: Surveys) -> None:
    database, tenant = surveys.jinfeng.database, surveys.jinfeng.tenant
    with database.tenant_session(tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        scheme.status = SchemeStatus.CLOSED
        session.add(scheme)
        session.commit()
    made = surveys.run(
        f'mutation($i: SurveyInput!) {{ createSurvey(schemeCode: "{SCHEME}", period: ANNUAL, input: $i)'
        " { errors { code message } } }",
        {"i": draft()},
    )
    assert made["errors"][0]["code"] == "CONFLICT"
    assert "已关闭" in made["errors"][0]["message"]


def test_a_survey_of_a_closed_scheme_takes_no_answer(surveys: Surveys) -> None:
    survey = surveys.opened()
    code = surveys.codes(survey["id"], 1)[0]
    database, tenant = surveys.jinfeng.database, surveys.jinfeng.tenant
    with database.tenant_session(tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        scheme.status = SchemeStatus.CLOSED
        session.add(scheme)
        session.commit()
    refused = surveys.answer(survey, {0: [100, 100]}, code=code)
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == f"「{survey['title']}」已截止，感谢您的关注"
    assert surveys.results(survey["id"])["survey"]["responses"] == 0
