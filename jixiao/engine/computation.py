"""The pure computation `(scheme, data, period) -> results` of DOMAIN.md §4."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext

from jixiao.engine.grading import base_grades, competition_ranks
from jixiao.engine.indicators import (
    Tally,
    UnitIndicators,
    applicable_leaves,
    key_project_averages,
    tally_scores,
    unit_indicator_totals,
)
from jixiao.engine.model import (
    ANNUAL,
    INDICATORS_COMPONENT,
    AdjustmentKind,
    Data,
    Leaf,
    Scheme,
    Unit,
    period_name,
)
from jixiao.engine.numbers import ENGINE_CONTEXT, HUNDRED, ZERO, plain, publish
from jixiao.engine.penalties import (
    PenaltyFacts,
    bonus_amount,
    key_project_bottom,
    settle,
)
from jixiao.engine.results import Detail, Results, UnitResult


class PeriodError(ValueError):
    """The period asked for is neither `annual` nor a period of the scheme."""


def compute(
    scheme: Scheme, data: Data, period: str = ANNUAL, *, tally: Tally | None = None
) -> Results:
    """Compute the results of a scheme for `annual` or one of its quarters; pure and exact.

    `tally`, when given, must be what `tally_scores(scheme.leaves(), data.scores, scope(...))`
    gives (a caller holding the inputs in memory re-tallies only the units that changed).
    """
    if period != ANNUAL and period not in scheme.periods:
        allowed = "、".join((ANNUAL, *scheme.periods))
        raise PeriodError(f"考评周期“{period}”不在方案中（可选：{allowed}）")
    with localcontext(ENGINE_CONTEXT):
        return _compute(scheme, data, period, tally)


def scope_of(scheme: Scheme, period: str) -> tuple[str, ...]:
    """The periods whose scores count for `period` (all of them for `annual`)."""
    return tuple(scheme.periods) if period == ANNUAL else (period,)


def _compute(scheme: Scheme, data: Data, period: str, given: Tally | None) -> Results:
    scope = scope_of(scheme, period)
    leaves = scheme.leaves()
    applicable = applicable_leaves(scheme, leaves)
    tally = given if given is not None else tally_scores(leaves, data.scores, scope)
    indicators = unit_indicator_totals(scheme.units, applicable, tally, scope)
    percent = {code: _percent(totals) for code, totals in indicators.items()}
    explain: dict[str, list[str]] = {unit.code: [] for unit in scheme.units}
    _explain_binding(scheme, applicable, tally, scope, period, explain)
    if period == ANNUAL:
        results = _annual(scheme, data, applicable, tally, indicators, percent, explain)
    else:
        results = _quarter(scheme, indicators, percent, explain)
    detail = Detail(
        scope=tuple(scope),
        units={unit.code: unit for unit in scheme.units},
        applicable=applicable,
        scores=tally.by_unit,
        failed_binding=tally.failed_binding,
    )
    ordered = _in_publication_order(scheme, results)
    return Results(
        scheme=scheme.code,
        period=period,
        provisional=any(result.missing for result in ordered),
        units=ordered,
        detail=detail,
    )


def _percent(totals: UnitIndicators) -> Decimal:
    if not totals.available:
        return ZERO
    return HUNDRED * totals.score / totals.available


def _explain_binding(
    scheme: Scheme,
    applicable: Mapping[str, tuple[Leaf, ...]],
    tally: Tally,
    scope: Sequence[str],
    period: str,
    explain: dict[str, list[str]],
) -> None:
    if period == ANNUAL:
        return  # the annual explanation comes with the penalties
    for unit in scheme.units:
        for leaf in applicable[unit.code]:
            if (unit.code, leaf.code) in tally.failed_binding and period in leaf.periods:
                explain[unit.code].append(f"约束性指标{leaf.name}本年度未完成：{period}该项也记0分")


def _leaf_names(scheme: Scheme) -> dict[str, str]:
    return {leaf.code: leaf.name for leaf in scheme.leaves()}


def _missing_line(names: Mapping[str, str], missing: Sequence[str]) -> str:
    """「营商环境优化 第一季度、平安建设 第一季度 尚未评分：…」 from `D2@Q1`, `S3@Q1`."""
    words = []
    for entry in missing:
        code, _, period = entry.partition("@")
        words.append(f"{names.get(code, code)} {period_name(period)}")
    return f"{'、'.join(words)} 尚未评分：按0分计，结果为暂定"


def _quarter(
    scheme: Scheme,
    indicators: Mapping[str, UnitIndicators],
    percent: Mapping[str, Decimal],
    explain: dict[str, list[str]],
) -> list[UnitResult]:
    totals = {unit.code: publish(percent[unit.code]) for unit in scheme.units}
    ranks, overall = _ranks(scheme, totals)
    names = _leaf_names(scheme)
    results: list[UnitResult] = []
    for unit in scheme.units:
        missing = indicators[unit.code].missing
        lines = explain[unit.code]
        if not indicators[unit.code].available:
            lines.append("本期没有适用于该单位的考核指标：指标考核记0分")
        if missing:
            lines.append(_missing_line(names, missing))
        results.append(
            UnitResult(
                unit=unit.code,
                group=unit.group,
                components={INDICATORS_COMPONENT: totals[unit.code]},
                bonus=None,
                deductions=None,
                total=totals[unit.code],
                rank=ranks[unit.code],
                overall_rank=overall[unit.code],
                base_grade=None,
                grade=None,
                flags=(),
                bonus_amount=None,
                missing=missing,
                explain=tuple(lines),
            )
        )
    return results


def _ranks(scheme: Scheme, totals: Mapping[str, Decimal]) -> tuple[dict[str, int], dict[str, int]]:
    by_group: dict[str, dict[str, Decimal]] = {group.code: {} for group in scheme.groups}
    by_class: dict[str, dict[str, Decimal]] = {}
    for unit in scheme.units:
        by_group[unit.group][unit.code] = totals[unit.code]
        by_class.setdefault(unit.kind.ranking_class, {})[unit.code] = totals[unit.code]
    ranks: dict[str, int] = {}
    for members in by_group.values():
        ranks.update(competition_ranks(members))
    overall: dict[str, int] = {}
    for members in by_class.values():
        overall.update(competition_ranks(members))
    return ranks, overall


def _annual(
    scheme: Scheme,
    data: Data,
    applicable: Mapping[str, tuple[Leaf, ...]],
    tally: Tally,
    indicators: Mapping[str, UnitIndicators],
    percent: Mapping[str, Decimal],
    explain: dict[str, list[str]],
) -> list[UnitResult]:
    ratings: dict[tuple[str, str], list[Decimal]] = {}
    for rating in data.ratings:
        ratings.setdefault((rating.unit, rating.component), []).append(rating.value)
    bonus: dict[str, Decimal] = {}
    deductions: dict[str, Decimal] = {}
    adjustment_lines: dict[str, list[str]] = {}
    for adjustment in data.adjustments:
        is_bonus = adjustment.kind is AdjustmentKind.BONUS
        sums = bonus if is_bonus else deductions
        sums[adjustment.unit] = sums.get(adjustment.unit, ZERO) + adjustment.points
        adjustment_lines.setdefault(adjustment.unit, []).append(
            f"{'加分' if is_bonus else '扣分'}{plain(adjustment.points)}分：{adjustment.reason}"
        )
    components: dict[str, dict[str, Decimal]] = {}
    exact_totals: dict[str, Decimal] = {}
    missing: dict[str, list[str]] = {}
    counted_bonus: dict[str, Decimal] = {}
    names = _leaf_names(scheme)
    for unit in scheme.units:
        code = unit.code
        lines = explain[code]
        values: dict[str, Decimal] = {}
        missing[code] = list(indicators[code].missing)
        if indicators[code].missing:
            lines.append(_missing_line(names, indicators[code].missing))
        total = ZERO
        for component in scheme.components:
            if component.code == INDICATORS_COMPONENT:
                value = percent[code]
            else:
                entered = ratings.get((code, component.code))
                if entered:
                    value = sum(entered, ZERO) / len(entered)
                else:
                    value = ZERO
                    missing[code].append(f"{component.code}@{ANNUAL}")
                    lines.append(f"未录入{component.name}：该项按0分计，结果为暂定")
            values[component.code] = value
            total += component.weight * value / HUNDRED
        lines.extend(adjustment_lines.get(code, ()))
        raw_bonus = bonus.get(code, ZERO)
        capped = raw_bonus
        if scheme.bonus_cap is not None and raw_bonus > scheme.bonus_cap:
            capped = scheme.bonus_cap
            lines.append(
                f"加分合计{plain(raw_bonus)}分，超过上限{plain(capped)}分：按{plain(capped)}分计"
            )
        counted_bonus[code] = capped
        total += capped - deductions.get(code, ZERO)
        if total < ZERO:
            lines.append("总分低于0：按0分计")
            total = ZERO
        components[code] = values
        exact_totals[code] = total
    totals = {code: publish(total) for code, total in exact_totals.items()}
    ranks, overall = _ranks(scheme, totals)
    facts = _penalty_facts(scheme, data, applicable, tally, ranks)
    results: list[UnitResult] = []
    by_group: dict[str, list[Unit]] = {group.code: [] for group in scheme.groups}
    for unit in scheme.units:
        by_group[unit.group].append(unit)
    for group in scheme.groups:
        members = by_group[group.code]
        group_totals = {unit.code: totals[unit.code] for unit in members}
        grades = base_grades(group, group_totals, ranks)
        for unit in members:
            code = unit.code
            base = grades[code]
            outcome = settle(group, base.index, facts[code])
            lines = [base.reason, *outcome.explain]
            amount = bonus_amount(group, unit, outcome.grade, outcome.flags, lines)
            unit_missing = tuple(sorted(missing[code]))
            results.append(
                UnitResult(
                    unit=code,
                    group=group.code,
                    components={k: publish(v) for k, v in components[code].items()},
                    bonus=publish(counted_bonus[code]),
                    deductions=publish(deductions.get(code, ZERO)),
                    total=totals[code],
                    rank=ranks[code],
                    overall_rank=overall[code],
                    base_grade=group.grades[base.index].name,
                    grade=None if outcome.grade is None else group.grades[outcome.grade].name,
                    flags=tuple(sorted(flag.value for flag in outcome.flags)),
                    bonus_amount=None if amount is None else publish(amount),
                    missing=unit_missing,
                    explain=(*explain[code], *lines),
                )
            )
    return results


def _penalty_facts(
    scheme: Scheme,
    data: Data,
    applicable: Mapping[str, tuple[Leaf, ...]],
    tally: Tally,
    ranks: Mapping[str, int],
) -> dict[str, PenaltyFacts]:
    averages = key_project_averages(scheme.units, applicable, tally)
    bottom = key_project_bottom(averages, scheme.key_project_bottom)
    city_last: dict[str, list[str]] = {}
    for item in data.city_items:
        if item.last:
            city_last.setdefault(item.unit, []).append(item.item)
    previous_last = {outcome.unit for outcome in data.previous if outcome.last_in_group}
    worst: dict[str, int] = {}
    for unit in scheme.units:
        worst[unit.group] = max(worst.get(unit.group, 1), ranks[unit.code])
    failed: dict[str, set[str]] = {}
    for unit_code, leaf_code in tally.failed_binding:
        failed.setdefault(unit_code, set()).add(leaf_code)
    facts: dict[str, PenaltyFacts] = {}
    for unit in scheme.units:
        rank = ranks[unit.code]
        unit_failed = failed.get(unit.code)
        facts[unit.code] = PenaltyFacts(
            failed_binding=()
            if unit_failed is None
            else tuple(leaf.name for leaf in applicable[unit.code] if leaf.code in unit_failed),
            key_project_average=averages.get(unit.code),
            key_project_bottom=unit.code in bottom,
            bottom_size=scheme.key_project_bottom,
            city_items_last=tuple(city_last.get(unit.code, ())),
            last_in_group=rank > 1 and rank == worst[unit.group],
            rank=rank,
            previous_last=unit.code in previous_last,
        )
    return facts


def _in_publication_order(scheme: Scheme, results: list[UnitResult]) -> tuple[UnitResult, ...]:
    group_order = {group.code: index for index, group in enumerate(scheme.groups)}
    return tuple(
        sorted(results, key=lambda result: (group_order[result.group], result.rank, result.unit))
    )
