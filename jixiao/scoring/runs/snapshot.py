"""Engine results to stored rows and back: a run's rows reproduce `jixiao.results/1` exactly."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from jixiao.engine.model import Scheme
from jixiao.engine.results import Detail, Results, UnitResult
from jixiao.scoring.runs.models import ResultLine, ResultRun, ResultUnit


def unit_rows(
    run: ResultRun, scheme: Scheme, results: Results, unit_ids: Mapping[str, uuid.UUID]
) -> list[ResultUnit]:
    """One row per unit, in publication order, with the names and bonus basis of the scheme."""
    units = {unit.code: unit for unit in scheme.units}
    groups = {group.code: group for group in scheme.groups}
    rows = []
    for position, result in enumerate(results.units):
        unit = units[result.unit]
        group = groups[result.group]
        coefficient = None
        if group.bonus is not None and result.grade is not None:
            coefficient = group.bonus.coefficients.get(result.grade)
        rows.append(
            ResultUnit(
                run_id=run.id,
                position=position,
                unit_id=unit_ids.get(result.unit),
                unit_code=result.unit,
                unit_name=unit.name,
                unit_kind=unit.kind.value,
                headcount=unit.headcount,
                group_code=group.code,
                group_name=group.name,
                components={code: str(value) for code, value in result.components.items()},
                bonus=result.bonus,
                deductions=result.deductions,
                total=result.total,
                rank=result.rank,
                overall_rank=result.overall_rank,
                base_grade=result.base_grade,
                grade=result.grade,
                flags=list(result.flags),
                bonus_amount=result.bonus_amount,
                base_per_head=group.bonus.base_per_head if group.bonus else None,
                bonus_coefficient=coefficient,
                missing=list(result.missing),
                explain=list(result.explain),
            )
        )
    return rows


def line_rows(run: ResultRun, results: Results) -> list[ResultLine]:
    """The drill-down: one row per unit, leaf indicator and period in scope."""
    rows = []
    for result in results.units:
        for position, line in enumerate(results.breakdown(result.unit)):
            rows.append(
                ResultLine(
                    run_id=run.id,
                    unit_code=result.unit,
                    position=position,
                    indicator_code=line.indicator,
                    indicator_name=line.name,
                    period=line.period,
                    available=line.available,
                    score=line.score,
                    raw_score=line.raw_score,
                    status=line.status.value,
                )
            )
    return rows


def unit_result(row: ResultUnit) -> UnitResult:
    """A stored unit row as the engine's published result."""
    return UnitResult(
        unit=row.unit_code,
        group=row.group_code,
        components={code: Decimal(value) for code, value in row.components.items()},
        bonus=row.bonus,
        deductions=row.deductions,
        total=row.total,
        rank=row.rank,
        overall_rank=row.overall_rank,
        base_grade=row.base_grade,
        grade=row.grade,
        flags=tuple(row.flags),
        bonus_amount=row.bonus_amount,
        missing=tuple(row.missing),
        explain=tuple(row.explain),
    )


_NO_DETAIL = Detail(scope=(), units={}, applicable={}, scores={}, failed_binding=frozenset())


def stored_results(run: ResultRun, rows: Sequence[ResultUnit]) -> Results:
    """A run's stored figures as engine `Results` (without the drill-down detail)."""
    ordered = sorted(rows, key=lambda row: row.position)
    return Results(
        scheme=run.scheme_code,
        period=run.period.value,
        provisional=run.provisional,
        units=tuple(unit_result(row) for row in ordered),
        detail=_NO_DETAIL,
    )
