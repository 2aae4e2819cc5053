"""What a report shows, read from its run as plain values (the templates touch no database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.reports.models import GeneratedReport, ReportKind
from jixiao.scoring.runs import queries
from jixiao.scoring.runs.models import Period, ResultLine, ResultRun, RunStatus
from jixiao.scoring.runs.queries import UnitFigures
from jixiao.scoring.runs.scope import EVERYTHING, ResultScope
from jixiao.scoring.runs.service import PERIOD_LABELS, STATUS_LABELS
from jixiao.tenants.models import Tenant

QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
KIND_TITLES = {
    ReportKind.NOTICE: "考评结果通报",
    ReportKind.CARDS: "考评报告单",
    ReportKind.BONUS: "绩效奖金表",
}


@dataclass(frozen=True)
class Header:
    """Who issues the report, about what, and when."""

    tenant_name: str
    office: str
    scheme_name: str
    scheme_code: str
    period_label: str
    status: RunStatus
    status_label: str
    inputs_version: str
    components: list[dict[str, str]]
    issued_on: str  # 2026年12月6日

    @property
    def final(self) -> bool:
        """Published (or 公示中): no 内部审核稿 mark."""
        return self.status.was_published or self.status is RunStatus.PUBLICITY


@dataclass(frozen=True)
class Card:
    """One unit's report card: its figures, indicator lines and quarterly totals."""

    unit: UnitFigures
    group_size: int
    lines: list[ResultLine]
    trend: list[tuple[str, Decimal | None]]


def chinese_date(moment: datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日"


def header(session: JixiaoSession, run: ResultRun) -> Header:
    tenant = session.get(Tenant, session.require_tenant())
    name = tenant.name if tenant is not None else ""
    return Header(
        tenant_name=name,
        office=f"{name}绩效考评办公室",
        scheme_name=run.scheme_name,
        scheme_code=run.scheme_code,
        period_label=PERIOD_LABELS.get(run.period, run.period),
        status=run.status,
        status_label=STATUS_LABELS[run.status],
        inputs_version=run.inputs_version,
        components=list(run.components),
        issued_on=chinese_date(utcnow()),
    )


def title(run: ResultRun, kind: ReportKind, unit_name: str | None = None) -> str:
    """The report's title, also its download name."""
    period = PERIOD_LABELS.get(run.period, run.period)
    if kind is ReportKind.NOTICE:
        return f"关于{run.scheme_name}{period}考评结果的通报"
    if kind is ReportKind.BONUS:
        return f"{run.scheme_name}{period}绩效奖金表"
    return f"{run.scheme_name}{period}考评报告单" + (f"（{unit_name}）" if unit_name else "")


def all_units(session: JixiaoSession, run: ResultRun) -> list[UnitFigures]:
    """Every unit of the run in publication order (by group, then rank)."""
    found = queries.rankings(session, EVERYTHING, run.scheme_code, run.period, run_id=run.id)
    return [] if found is None else found.units


def groups(units: Sequence[UnitFigures]) -> list[tuple[str, list[UnitFigures]]]:
    """The units by group, in publication order."""
    found: dict[str, tuple[str, list[UnitFigures]]] = {}
    for unit in units:
        found.setdefault(unit.group_code, (unit.group_name, []))[1].append(unit)
    return list(found.values())


def cards(session: JixiaoSession, run: ResultRun, report: GeneratedReport) -> list[Card]:
    """The cards of the report's units, in publication order."""
    units = all_units(session, run)
    sizes: dict[str, int] = {}
    for unit in units:
        sizes[unit.group_code] = sizes.get(unit.group_code, 0) + 1
    if report.unit_codes is not None:
        wanted = set(report.unit_codes)
        units = [unit for unit in units if unit.unit_code in wanted]
    lines = queries.lines_of(session, [(run.id, unit.unit_code) for unit in units])
    shown = ResultScope(drafts=report.sees_drafts, computes=report.sees_drafts)
    return [
        Card(unit, sizes[unit.group_code], unit_lines, _trend(session, shown, run, unit))
        for unit, unit_lines in zip(units, lines, strict=True)
    ]


def _trend(
    session: JixiaoSession, scope: ResultScope, run: ResultRun, unit: UnitFigures
) -> list[tuple[str, Decimal | None]]:
    """The unit's total in each quarter: this run's for its own period, else the run the
    requester is shown for that quarter."""
    totals = {
        view.run.run.period: view.unit.total
        for view in queries.unit_trend(session, scope, run.scheme_code, unit.unit_code)
    }
    totals[run.period] = unit.total
    return [(PERIOD_LABELS[period], totals.get(period)) for period in QUARTERS]
