"""What the public results page (阳光考核) shows: a tenant's disclosed, published results.

Built in a session of the tenant (row-level security on) once the caller has checked the
operator's switch. Each disclosed scheme and period shows its published run's units by group,
in publication order, with the unit's and the group's names and only the columns the office
chose (rank in its group, grade, total score as exact text). Nothing else of a run is read: no
scorer, comment, flag, bonus, person or code leaves the database through this page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jixiao.engine.model import period_name
from jixiao.notices.clock import tenant_zone
from jixiao.platform.db import JixiaoSession
from jixiao.public_results.queries import disclosures, results_page
from jixiao.public_results.service import ordered, published_runs
from jixiao.scoring.runs.lookup import public_rows


def public_answer(session: JixiaoSession, tenant_name: str) -> dict[str, Any] | None:
    """The page's content; None when the office has not turned its page on."""
    page = results_page(session)
    if page is None or not page.enabled:
        return None
    rows = ordered(disclosures(session))
    runs = published_runs(session, rows)
    units = public_rows(session, [run.id for run in runs.values()])
    zone = tenant_zone(session)
    results = []
    for row in rows:
        run = runs.get(row.id)
        if run is None:
            continue  # nothing published yet: the public sees nothing of it
        results.append(
            {
                "scheme": run.scheme_name,
                "period": run.period.value,
                "periodName": period_name(run.period.value),
                "publishedOn": _day(run.published_at, zone),
                "columns": row.columns,
                "groups": _groups(units.get(run.id, []), row.columns),
            }
        )
    return {"tenant": tenant_name, "results": results}


def _day(moment: datetime | None, zone: ZoneInfo) -> str | None:
    """The day of publication as the tenant's people read it (its time zone)."""
    return None if moment is None else moment.astimezone(zone).date().isoformat()


def _groups(units: list[Any], columns: list[str]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for _run, group, name, rank, grade, total in units:
        if not groups or groups[-1]["name"] != group:
            groups.append({"name": group, "units": []})
        figures = {"rank": rank, "grade": grade, "total": str(total)}
        groups[-1]["units"].append({"name": name, **{c: figures[c] for c in columns}})
    return groups
