"""The two switches of the public results page (阳光考核) and what the office discloses.

The platform operator opens the page for a tenant (`set_access`, on the platform's tenant row);
the tenant's office (考评办) turns its page on (`set_page`) and chooses, per scheme and period,
which columns of the published result it shows (`disclose`, `withdraw`). Every change is audited
in the tenant's own chain, which also moves the watermark the page's cache keys on. Services
never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from jixiao.audit.service import SYSTEM, record
from jixiao.engine.model import period_name
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.public_results.models import PublicDisclosure, PublicResultsPage
from jixiao.public_results.queries import disclosure_of, disclosures, results_page
from jixiao.schemes.lookup import get_scheme, scheme_names
from jixiao.scoring.runs.lookup import published_now
from jixiao.scoring.runs.models import Period, ResultRun
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import get_tenant

PERIOD_ORDER = (Period.ANNUAL, Period.Q1, Period.Q2, Period.Q3, Period.Q4)


@dataclass(frozen=True)
class Disclose:
    """What the office shows of one scheme and period."""

    scheme_code: str
    period: Period
    show_rank: bool
    show_grade: bool
    show_total: bool


@dataclass(frozen=True)
class DisclosureView:
    """A disclosure with what the public sees of it now."""

    scheme_code: str
    scheme_name: str
    period: Period
    show_rank: bool
    show_grade: bool
    show_total: bool
    published_at: datetime | None  # of the published run shown; None: nothing shown yet
    updated_at: datetime
    updated_by: str | None


@dataclass(frozen=True)
class PageSettings:
    """The office's view of its public page."""

    allowed: bool  # the platform operator opened 阳光考核 for the tenant
    enabled: bool  # the office's own switch
    slug: str  # the page's address is /p/<slug>
    disclosures: list[DisclosureView]


def page_settings(session: JixiaoSession) -> PageSettings:
    """The session tenant's switches and disclosures, by scheme and period."""
    tenant = _tenant(session)
    page = results_page(session)
    rows = disclosures(session)
    shown = published_runs(session, rows)
    names = scheme_names(session)
    views = [
        DisclosureView(
            row.scheme_code,
            names.get(row.scheme_code, row.scheme_code),
            row.period,
            row.show_rank,
            row.show_grade,
            row.show_total,
            run.published_at if run else None,
            row.updated_at,
            row.updated_by,
        )
        for row in ordered(rows)
        for run in [shown.get(row.id)]
    ]
    return PageSettings(tenant.public_results, bool(page and page.enabled), tenant.code, views)


def set_page(session: JixiaoSession, enabled: bool, *, actor: Subject) -> PublicResultsPage:
    """Turn the office's public page on or off."""
    page = results_page(session)
    before = None if page is None else {"enabled": page.enabled}
    if page is None:
        page = PublicResultsPage()
    page.enabled = enabled
    page.updated_at = utcnow()
    page.updated_by = actor.display_name
    session.add(page)
    session.flush()
    record(
        session,
        actor=actor,
        action="public_results.page",
        target_type="public_results_page",
        target_id=page.id,
        before=before,
        after={"enabled": enabled},
    )
    return page


def disclose(session: JixiaoSession, command: Disclose, *, actor: Subject) -> PublicDisclosure:
    """Show (or change what is shown of) one scheme and period's published result."""
    if not (command.show_rank or command.show_grade or command.show_total):
        raise InvalidInput("请至少选择一项公开内容：名次、等次或总分", field="showRank")
    scheme = get_scheme(session, command.scheme_code)
    row = disclosure_of(session, scheme.id, command.period)
    before = None if row is None else _shown(row)
    if row is None:
        row = PublicDisclosure(scheme_id=scheme.id, scheme_code=scheme.code, period=command.period)
    row.show_rank, row.show_grade = command.show_rank, command.show_grade
    row.show_total = command.show_total
    row.updated_at = utcnow()
    row.updated_by = actor.display_name
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="public_results.disclose",
        target_type="public_disclosure",
        target_id=row.id,
        before=before,
        after={"scheme": scheme.code, "period": command.period.value, **_shown(row)},
    )
    return row


def withdraw(
    session: JixiaoSession, scheme_code: str, period: Period, *, actor: Subject
) -> uuid.UUID:
    """Stop showing one scheme and period; the id of the disclosure removed."""
    scheme = get_scheme(session, scheme_code)
    row = disclosure_of(session, scheme.id, period)
    if row is None:
        raise NotFound(
            f"「{scheme.name}」{period_name(period.value)}的结果未公开，无需撤下", field="period"
        )
    removed = row.id
    before = {"scheme": scheme.code, "period": period.value, **_shown(row)}
    session.delete(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="public_results.withdraw",
        target_type="public_disclosure",
        target_id=removed,
        before=before,
    )
    return removed


def set_access(
    session: JixiaoSession, code: str, enabled: bool, *, actor: Subject | None = None
) -> Tenant:
    """The platform operator opens (or closes) 阳光考核 for a tenant (a platform session)."""
    tenant = get_tenant(session, code)
    if tenant.public_results is not enabled:
        before = tenant.public_results
        tenant.public_results = enabled
        session.add(tenant)
        session.flush()
        with acting_for_tenant(session, tenant.id):
            record(
                session,
                actor=actor or SYSTEM,
                action="tenant.public_results",
                target_type="tenant",
                target_id=tenant.id,
                before={"public_results": before},
                after={"public_results": enabled},
            )
    return tenant


def published_runs(
    session: JixiaoSession, rows: Sequence[PublicDisclosure]
) -> dict[uuid.UUID, ResultRun]:
    """Per disclosure id, the published run of its scheme and period (published now, never a
    draft, an approved run or one in 公示)."""
    runs = published_now(session, {(row.scheme_id, row.period) for row in rows})
    found = {row.id: runs.get((row.scheme_id, row.period)) for row in rows}
    return {row_id: run for row_id, run in found.items() if run is not None}


def ordered(rows: Sequence[PublicDisclosure]) -> list[PublicDisclosure]:
    """By scheme code, the year's result before its quarters."""
    return sorted(rows, key=lambda row: (row.scheme_code, PERIOD_ORDER.index(row.period)))


def _shown(row: PublicDisclosure) -> dict[str, bool]:
    return {"rank": row.show_rank, "grade": row.show_grade, "total": row.show_total}


def _tenant(session: JixiaoSession) -> Tenant:
    tenant = session.get(Tenant, session.require_tenant())
    assert tenant is not None
    return tenant
