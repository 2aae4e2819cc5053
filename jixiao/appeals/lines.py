"""The line of a published result an appeal names: found in the run, with its figure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.appeals.models import LineKind
from jixiao.engine.model import AdjustmentKind
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.scoring.models import Adjustment
from jixiao.scoring.runs.models import ResultRun, ResultUnit
from jixiao.scoring.runs.queries import lines_of


@dataclass(frozen=True)
class Line:
    """One line of a unit's result: what it is called and the figure published."""

    kind: LineKind
    key: str
    period: str
    label: str
    figure: Decimal


def parse_kind(value: str) -> LineKind:
    try:
        return LineKind(value)
    except ValueError:
        choices = "、".join(k.value for k in LineKind)
        raise InvalidInput(
            f"申诉事项类型「{value}」无效，可选：{choices}", field="lineKind"
        ) from None


def find_line(
    session: JixiaoSession,
    run: ResultRun,
    unit: ResultUnit,
    kind: LineKind,
    key: str,
    period: str | None = None,
) -> Line:
    """The line `key` of kind `kind` in the unit's result of `run` (NotFound when absent).

    An indicator scored in several periods has a line per period in the annual result:
    `period` says which (needed only then)."""
    key = key.strip()
    if kind is LineKind.INDICATOR:
        lines = lines_of(session, [(run.id, unit.unit_code)])[0]
        found = [line for line in lines if line.indicator_code == key]
        if not found:
            raise NotFound(f"本单位这次结果中没有指标「{key}」", field="lineKey")
        if period:
            found = [line for line in found if line.period == period]
            if not found:
                raise NotFound(
                    f"本单位这次结果中没有指标「{key}」{period}的得分", field="linePeriod"
                )
        if len(found) > 1:
            choices = "、".join(line.period for line in found)
            raise InvalidInput(
                f"指标「{found[0].indicator_name}」分多个周期计分，请指明申诉哪个周期（{choices}）",
                field="linePeriod",
            )
        line = found[0]
        return Line(kind, key, line.period, line.indicator_name, line.score)
    if kind is LineKind.ADJUSTMENT:
        try:
            adjustment_id = uuid.UUID(key)
        except ValueError:
            raise NotFound("本单位没有这条加减分记录", field="lineKey") from None
        row = session.get(Adjustment, (session.require_tenant(), adjustment_id))
        if row is None or row.unit_id != unit.unit_id or row.scheme_id != run.scheme_id:
            raise NotFound("本单位没有这条加减分记录", field="lineKey")
        points = row.points if row.kind is AdjustmentKind.BONUS else -row.points
        return Line(kind, str(row.id), "", row.reason[:200], points)
    component = next((c for c in run.components if c["code"] == key), None)
    if component is None or key == "indicators":
        raise NotFound(f"这次结果中没有评价类组成部分「{key}」", field="lineKey")
    figure = unit.components.get(key) or "0"
    return Line(kind, key, "", component["name"], Decimal(figure))
