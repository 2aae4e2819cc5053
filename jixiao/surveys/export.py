"""Satisfaction surveys as Excel for the office (survey:manage): the list of surveys as the page
shows it, and one survey's results per unit. Both are audited reads (`survey.export`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.export import record_export
from jixiao.engine.model import period_name
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.platform.spreadsheet import (
    FOUR_PLACES,
    INTEGER,
    Column,
    ExportFile,
    Sheet,
    export_file,
    workbook_bytes,
)
from jixiao.schemes.lookup import scheme_names
from jixiao.surveys.models import Survey
from jixiao.surveys.results import UnitResult, respondents, unit_results
from jixiao.surveys.service import get_survey, list_surveys, require_manager, units_of


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    scheme_name: str
    units: int
    responses: int


SURVEY_COLUMNS = (
    Column("测评名称", lambda r: r.survey.title, 28),
    Column("考评方案", lambda r: r.scheme_name, 24),
    Column("考评期", lambda r: period_name(r.survey.period), 10),
    Column("参与方式", lambda r: r.survey.access.label, 10),
    Column("评分方式", lambda r: r.survey.scale.label, 18),
    Column("状态", lambda r: r.survey.state.label, 8),
    Column("答卷数", lambda r: r.responses, 8, INTEGER),
    Column("考评对象数", lambda r: r.units, 10, INTEGER),
    Column("最低有效样本", lambda r: r.survey.min_sample, 12, INTEGER),
    Column("创建时间", lambda r: r.survey.created_at, 20),
    Column("开始时间", lambda r: r.survey.opened_at, 20),
    Column("结束时间", lambda r: r.survey.closed_at, 20),
    Column("应用时间", lambda r: r.survey.applied_at, 20),
)


def _mark(survey: Survey, result: UnitResult) -> str | None:
    if result.mean is None:
        return "无答卷"
    if result.provisional:
        return f"暂定（少于最低样本 {survey.min_sample} 份）"
    return None


def result_columns(survey: Survey) -> tuple[Column, ...]:
    """序号, the unit by name, its responses and exact mean (four places), and its mark."""
    return (
        Column("序号", lambda r: r.position, 6, INTEGER),
        Column("考评对象", lambda r: r.unit_name, 24),
        Column("有效答卷数", lambda r: r.responses, 12, INTEGER),
        Column(
            "满意度得分（0～100）",
            lambda r: None if r.mean is None else r.mean.quantize(Decimal("0.0001")),
            20,
            FOUR_PLACES,
        ),
        Column("是否暂定", lambda r: _mark(survey, r), 28),
    )


def _result_notes(survey: Survey, total: int) -> list[str]:
    return [
        f"测评：{survey.title}（{survey.scheme_code}，{period_name(survey.period)}）",
        f"答卷总数：{total}；最低有效样本：{survey.min_sample} 份",
        "满意度得分为该对象全部答题的平均分（非常满意 100、满意 80、基本满意 60、"
        "不满意 40、非常不满意 20；或百分制原值），保留 4 位小数。",
    ]


def _results(session: JixiaoSession, survey: Survey) -> tuple[Sheet, list[str]]:
    found = unit_results(session, survey)
    numbered = [  # 序号 counts the rows as the dialog does
        UnitResult(n, r.unit_id, r.unit_code, r.unit_name, r.responses, r.mean, r.provisional)
        for n, r in enumerate(found, start=1)
    ]
    sheet = Sheet("满意度测评结果", result_columns(survey), numbered)
    return sheet, _result_notes(survey, respondents(session, survey.id))


def results_workbook(session: JixiaoSession, survey: Survey) -> bytes:
    """A survey's results per unit as .xlsx bytes (the deprecated surveyResultsExcel)."""
    sheet, notes = _results(session, survey)
    return workbook_bytes([sheet], tenant_zone(session), notes)


def export_survey_results(
    session: JixiaoSession, subject: Subject, survey_id: uuid.UUID
) -> ExportFile:
    """One survey's results as an .xlsx file; recorded as `survey.export`."""
    require_manager(subject)
    survey = get_survey(session, survey_id)
    sheet, notes = _results(session, survey)
    name = f"满意度测评结果-{survey.title}"
    exported = export_file(name, [sheet], tenant_zone(session), utcnow(), notes)
    record_export(
        session,
        subject,
        "survey.export",
        target_type="survey",
        target_id=str(survey.id),
        details={"what": "results", "title": survey.title},
        rows=exported.rows,
    )
    return exported


def export_surveys(
    session: JixiaoSession, subject: Subject, scheme_code: str | None = None
) -> ExportFile:
    """The surveys (newest first, of one scheme or all) as an .xlsx file; audited."""
    require_manager(subject)
    surveys = list_surveys(session, scheme_code)
    codes = sorted({s.scheme_code for s in surveys})
    names = scheme_names(session, codes)
    rows = [
        SurveyRow(
            s,
            names.get(s.scheme_code, s.scheme_code),
            len(units_of(session, s.id)),
            respondents(session, s.id),
        )
        for s in surveys
    ]
    sheet = Sheet("满意度测评", SURVEY_COLUMNS, rows)
    exported = export_file("满意度测评", [sheet], tenant_zone(session), utcnow())
    record_export(
        session,
        subject,
        "survey.export",
        target_type="survey",
        details={"what": "list", "scheme": scheme_code},
        rows=exported.rows,
    )
    return exported
