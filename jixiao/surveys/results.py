"""A survey's results per unit, their use as the scheme's rating component, and the export.

- Results: per unit, the responses that rated it, the mean of its answers on 0–100 (exact) and
  whether that is provisional (fewer responses than the minimum sample).
- Applying (survey:manage, a closed survey): each rated unit's mean becomes its value of the
  survey's component (by default `public`, 群众满意度) as the survey's rating (rater ""),
  replacing an earlier imported or survey value; units nobody rated keep theirs. It is an
  audited change of the annual inputs (the scheme's inputs revision moves, and the annual
  result is recomputed after the commit). The annual period must still be open.
- Export: the results as an Excel workbook with Chinese headers, figures as numbers.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.schemes import periods
from jixiao.schemes.lookup import find_component
from jixiao.scoring.entry import follow
from jixiao.scoring.models import DataSource, Rating
from jixiao.scoring.queries import next_seq, survey_ratings
from jixiao.surveys import scale
from jixiao.surveys.models import Survey, SurveyState
from jixiao.surveys.queries import answers_of, response_count
from jixiao.surveys.service import get_survey, name_of, require_manager, units_of


@dataclass(frozen=True)
class UnitResult:
    position: int
    unit_id: uuid.UUID
    unit_code: str
    unit_name: str
    responses: int
    mean: Decimal | None
    provisional: bool


def respondents(session: JixiaoSession, survey_id: uuid.UUID) -> int:
    """How many responses the survey received."""
    return response_count(session, survey_id)


def unit_results(session: JixiaoSession, survey: Survey) -> list[UnitResult]:
    """Each unit of the survey, in its order, with its figure."""
    rows = answers_of(session, survey.id)
    totals: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    answers: dict[uuid.UUID, int] = defaultdict(int)
    responses: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for unit_id, response_id, value in rows:
        totals[unit_id] += value
        answers[unit_id] += 1
        responses[unit_id].add(response_id)
    found = []
    for unit in units_of(session, survey.id):
        tally = scale.UnitTally(
            len(responses[unit.unit_id]), answers[unit.unit_id], totals[unit.unit_id]
        )
        figure = scale.figure(tally, survey.min_sample)
        found.append(
            UnitResult(
                unit.position,
                unit.unit_id,
                unit.unit_code,
                unit.unit_name,
                figure.responses,
                figure.mean,
                figure.provisional,
            )
        )
    return found


def apply_results(
    session: JixiaoSession, subject: Subject, survey_id: uuid.UUID
) -> tuple[Survey, list[UnitResult]]:
    """The closed survey's means become the units' values of its component."""
    require_manager(subject)
    survey = get_survey(session, survey_id, lock=True)
    if survey.state is not SurveyState.CLOSED:
        raise Conflict(
            f"测评「{survey.title}」{survey.state.label}，请先结束测评再应用结果", field="id"
        )
    scheme = periods.require_open(
        session, survey.scheme_id, periods.ANNUAL, what="应用满意度测评结果"
    )
    component = find_component(session, scheme.id, survey.component_code)
    if component is None:
        raise InvalidInput(
            f"方案「{scheme.name}」中已没有组成部分「{survey.component_code}」", field="id"
        )
    results = unit_results(session, survey)
    rated = [r for r in results if r.mean is not None]
    if not rated:
        raise Conflict(f"测评「{survey.title}」还没有有效答卷，没有可应用的结果", field="id")
    seq = next_seq(session, Rating, scheme.id)
    changes: list[dict[str, object]] = []
    for result in rated:
        assert result.mean is not None
        old = survey_ratings(session, scheme.id, result.unit_id, component.id)
        for row in old:
            session.delete(row)
        session.add(
            Rating(
                scheme_id=scheme.id,
                unit_id=result.unit_id,
                component_id=component.id,
                value=result.mean,
                rater="",
                seq=seq,
                source=DataSource.ENTRY,
            )
        )
        seq += 1
        changes.append(
            {
                "unit": result.unit_code,
                "before": [row.value for row in old],
                "after": result.mean,
                "responses": result.responses,
                "provisional": result.provisional,
            }
        )
    survey.applied_at, survey.applied_by = utcnow(), name_of(subject)
    session.add(survey)
    session.flush()
    record(
        session,
        actor=subject,
        action="survey.apply",
        target_type="survey",
        target_id=survey.id,
        after={
            "scheme": scheme.code,
            "component": component.code,
            "title": survey.title,
            "entries": changes,
        },
        reason=f"群众满意度测评「{survey.title}」",
    )
    follow.schedule(session, scheme.code, follow.ANNUAL)
    return survey, results
