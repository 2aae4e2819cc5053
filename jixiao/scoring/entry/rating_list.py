"""Reading ratings back: the values of a rating component for the units the viewer sees,
each with who gave it (imported and survey values have no rater)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.schemes.lookup import find_component, get_scheme
from jixiao.scoring.entry.queries import ratings_with_units
from jixiao.scoring.models import DataSource


@dataclass(frozen=True)
class RatingRow:
    unit_code: str
    unit_name: str
    rater: str
    value: Decimal
    source: DataSource


def ratings(
    session: JixiaoSession, subject: Subject, scheme_code: str, component_code: str
) -> list[RatingRow]:
    """A component's ratings of the units in the subject's scope, by unit then rater."""
    scheme = get_scheme(session, scheme_code)
    component = find_component(session, scheme.id, component_code)
    if component is None or component.code == "indicators":
        raise InvalidInput(f"方案中没有评价类组成部分「{component_code}」", field="componentCode")
    rows = ratings_with_units(session, scheme.id, component.id)
    return [
        RatingRow(unit.code, unit.name, rating.rater, rating.value, rating.source)
        for rating, unit in rows
        if subject.scope.sees_unit(unit.id)
    ]
