"""Engine results to stored rows and back: a run's rows reproduce `jixiao.results/1` exactly.

Rows are plain value tuples for `jixiao.platform.bulk.write_rows` (one COPY per table).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from jixiao.engine.model import Scheme
from jixiao.engine.results import Detail, Results, UnitResult
from jixiao.scoring.runs.models import ResultRun, ResultUnit

# Besides the tenant, the run and a new id (`jixiao.platform.bulk.write_rows`).
UNIT_COLUMNS = (
    "lines_run_id",
    "lines_key",
    "position",
    "unit_id",
    "unit_code",
    "unit_name",
    "unit_kind",
    "headcount",
    "group_code",
    "group_name",
    "components",
    "bonus",
    "deductions",
    "total",
    "rank",
    "overall_rank",
    "base_grade",
    "grade",
    "flags",
    "bonus_amount",
    "base_per_head",
    "bonus_coefficient",
    "missing",
    "explain",
)
LINES_COLUMNS = ("unit_code", "lines")


def unit_rows(
    scheme: Scheme,
    results: Results,
    unit_ids: Mapping[str, uuid.UUID],
    lines_keys: Mapping[str, str] | None = None,
    lines_from: Mapping[str, uuid.UUID] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """One row per unit (`UNIT_COLUMNS`), in publication order, with the names and bonus basis
    of the scheme; `lines_keys` is the digest of what each unit's lines are computed from, and
    `lines_from` names the earlier run that already holds a unit's lines."""
    keys = lines_keys or {}
    units = {unit.code: unit for unit in scheme.units}
    groups = {group.code: group for group in scheme.groups}
    shared = lines_from or {}
    for position, result in enumerate(results.units):
        unit = units[result.unit]
        group = groups[result.group]
        coefficient = None
        if group.bonus is not None and result.grade is not None:
            coefficient = group.bonus.coefficients.get(result.grade)
        yield (
            shared.get(result.unit),
            keys.get(result.unit),
            position,
            unit_ids.get(result.unit),
            result.unit,
            unit.name,
            unit.kind.value,
            unit.headcount,
            group.code,
            group.name,
            {code: str(value) for code, value in result.components.items()},
            result.bonus,
            result.deductions,
            result.total,
            result.rank,
            result.overall_rank,
            result.base_grade,
            result.grade,
            list(result.flags),
            result.bonus_amount,
            group.bonus.base_per_head if group.bonus else None,
            coefficient,
            list(result.missing),
            list(result.explain),
        )


def lines_rows(results: Results, skip: Collection[str] = ()) -> Iterator[tuple[Any, ...]]:
    """The drill-down (`LINES_COLUMNS`): one row per unit with its lines for each leaf indicator
    and period in scope (units in `skip` keep the lines an earlier run stored)."""
    codes = [result.unit for result in results.units if result.unit not in skip]
    heads: dict[tuple[str, str], list[str]] = {}  # each leaf and period's first four fields
    for unit, facts in results.line_facts(codes):
        lines: list[list[str | None]] = []
        append = lines.append
        for leaf, period, available, score, raw, status in facts:
            head = heads.get((leaf.code, period))
            if head is None:
                head = heads[(leaf.code, period)] = [leaf.code, leaf.name, period, str(available)]
            append([*head, str(score), None if raw is None else str(raw), status.value])
        yield (unit, lines)


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
