"""The leadership dashboard (数据大屏): the current quarter at a glance.

Progress (reported / verified / scored) and lights come from the supervision board
(`jixiao.supervision.board`) of the quarter, as the viewer may see it; per unit, and for each
quarter of the scheme up to this one (the trend). Rankings and the trend of totals come from
the result runs the viewer may read (`jixiao.scoring.runs.queries`, within its `ResultScope`):
the ranking of this quarter's run, else of the latest earlier quarter's, else of the year's.
Who reads the board but not results (the supervision group) gets no rankings.

Without a scheme named, the scheme is this year's published one, else this year's, else the
newest published one of an earlier year, else the newest (the portal's home chooses so too);
the period is the tenant's calendar quarter in this year's scheme (the last of its periods
already begun), the last period of a past year's scheme, the first of a future one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.policies import permissions as p
from jixiao.schemes.lookup import all_schemes, get_scheme
from jixiao.schemes.models import Scheme, SchemeStatus
from jixiao.scoring.runs import queries
from jixiao.scoring.runs.models import Period
from jixiao.scoring.runs.queries import Ranking, UnitFigures
from jixiao.scoring.runs.scope import ResultScope
from jixiao.supervision import board

REFRESH_SECONDS = 60  # how often the portal's dashboard asks again (stated on the page)
TOP = 10
MAX_TOP = 50
CENT = Decimal("0.01")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class UnitProgress:
    """One unit's assignments of the quarter: how many, how far, which lights."""

    unit_code: str
    unit_name: str
    total: int
    reported: int
    verified: int
    scored: int
    green: int
    yellow: int
    red: int
    none: int


@dataclass(frozen=True)
class PeriodProgress:
    """One quarter of the trend: counts of its board."""

    period: str
    counts: dict[str, int]


@dataclass(frozen=True)
class TotalsPoint:
    """The totals of one period's shown run: mean, highest, lowest, over the units seen."""

    period: Period
    units: int
    mean: Decimal
    highest: Decimal
    lowest: Decimal


@dataclass(frozen=True)
class Dashboard:
    scheme: Scheme
    period: str
    board: board.Board
    units: list[UnitProgress]
    progress_trend: list[PeriodProgress]
    ranking: Ranking | None  # the units of the latest run, first `top` by overall rank
    totals_trend: list[TotalsPoint]
    refresh_seconds: int


def current_scheme(session: JixiaoSession, today: date) -> Scheme | None:
    """The scheme the dashboard shows by default (see the module's docstring)."""
    schemes = sorted(all_schemes(session), key=lambda s: (-s.year, s.code))
    published = (SchemeStatus.PUBLISHED, SchemeStatus.CLOSED)
    choices: list[Callable[[Scheme], bool]] = [
        lambda s: s.year == today.year and s.status in published,
        lambda s: s.year == today.year,
        lambda s: s.year < today.year and s.status in published,
        lambda s: True,
    ]
    for choice in choices:
        found = next((s for s in schemes if choice(s)), None)
        if found is not None:
            return found
    return None


def current_period(scheme: Scheme, today: date) -> str:
    """The quarter the dashboard shows by default in this scheme."""
    periods = [period for period in scheme.periods if period in QUARTERS] or list(scheme.periods)
    if not periods:
        return QUARTERS[(today.month - 1) // 3]
    if scheme.year == today.year:
        quarter = QUARTERS[(today.month - 1) // 3]
        begun = [period for period in periods if period <= quarter]
        return begun[-1] if begun else periods[0]
    return periods[-1] if scheme.year < today.year else periods[0]


def dashboard(
    session: JixiaoSession,
    subject: Subject,
    scheme_code: str | None = None,
    period: str | None = None,
    *,
    top: int = TOP,
    now: datetime | None = None,
) -> Dashboard | None:
    """The dashboard of a scheme and quarter (the current ones by default); None when the
    tenant has no scheme yet."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"排名显示的单位数须在 1 到 {MAX_TOP} 之间（收到 {top}）", field="top")
    today = board.tenant_today(session, now)
    if scheme_code is not None and scheme_code.strip():
        scheme: Scheme | None = get_scheme(session, scheme_code)
    else:
        scheme = current_scheme(session, today)
    if scheme is None:
        return None
    chosen = period.strip() if period and period.strip() else current_period(scheme, today)
    found = board.board(session, subject, scheme.code, chosen, now=now)
    trend = []
    for quarter in scheme.periods:
        if quarter == chosen:
            trend.append(PeriodProgress(quarter, found.counts()))
            break
        earlier = board.board(session, subject, scheme.code, quarter, now=now)
        trend.append(PeriodProgress(quarter, earlier.counts()))
    ranking, totals = None, []
    if subject.can(p.RESULT_READ.code):
        scope = ResultScope.of(subject)
        shown = {
            period: queries.rankings(session, scope, scheme.code, period)
            for period in queries.TREND_PERIODS
            if period.value in (*scheme.periods, Period.ANNUAL.value)
        }
        ranking = _latest(shown, chosen, top)
        totals = [_totals(period, r.units) for period, r in shown.items() if r and r.units]
    return Dashboard(
        scheme=scheme,
        period=chosen,
        board=found,
        units=_by_unit(found),
        progress_trend=trend,
        ranking=ranking,
        totals_trend=totals,
        refresh_seconds=REFRESH_SECONDS,
    )


def _by_unit(found: board.Board) -> list[UnitProgress]:
    counted: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for row in found.rows:
        counts = counted.setdefault(row.unit.code, Counter())
        names[row.unit.code] = row.unit.name
        counts["total"] += 1
        counts[row.light.value] += 1
        for flag in ("reported", "verified", "scored"):
            counts[flag] += int(getattr(row, flag))
    return [
        UnitProgress(
            unit_code=code,
            unit_name=names[code],
            **{
                name: counts[name]
                for name in (
                    "total",
                    "reported",
                    "verified",
                    "scored",
                    "green",
                    "yellow",
                    "red",
                    "none",
                )
            },
        )
        for code, counts in counted.items()
    ]


def _latest(shown: dict[Period, Ranking | None], chosen: str, top: int) -> Ranking | None:
    """This quarter's ranking, else the latest earlier quarter's, else the year's: first `top`
    units by overall rank (departments and towns are ranked apart, so two units share each
    rank: the higher total first)."""
    order = [Period(q) for q in reversed(QUARTERS) if q <= chosen] + [Period.ANNUAL]
    for period in order:
        found = shown.get(period)
        if found is not None and found.units:
            ranked = sorted(found.units, key=lambda unit: (unit.overall_rank, -unit.total))
            return Ranking(found.run, ranked[:top])
    return None


def _totals(period: Period, units: list[UnitFigures]) -> TotalsPoint:
    totals = [unit.total for unit in units]
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, ROUND_HALF_UP)
    return TotalsPoint(period, len(totals), mean, max(totals), min(totals))
