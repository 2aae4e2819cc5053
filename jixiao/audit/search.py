"""Searching the audit log and sealing every tenant's chain: the audit administrator's side.

Above tenants (every tenant's chain), where `audit.service.record`, which every package calls,
stands below them; the search's statement is `audit.queries.search_events`.
"""

from __future__ import annotations

from jixiao.audit.models import AuditEvent
from jixiao.audit.queries import MAX_PAGE, search_events
from jixiao.audit.queries import AuditFilter as AuditFilter  # re-exported
from jixiao.audit.service import seal_chain
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.pagination import Page
from jixiao.tenants.queries import all_tenant_ids


def search(
    session: JixiaoSession,
    filters: AuditFilter = AuditFilter(),
    *,
    first: int | None = None,
    after: str | None = None,
) -> Page[AuditEvent]:
    """The session tenant's events, newest first, one keyset page at a time."""
    return search_events(session, filters, first=first, after=after)


def collect(
    session: JixiaoSession, filters: AuditFilter, *, limit: int
) -> tuple[list[AuditEvent], bool]:
    """Up to `limit` matching events, newest first, and whether there were more (exports)."""
    found: list[AuditEvent] = []
    after: str | None = None
    while len(found) <= limit:
        page = search(session, filters, first=MAX_PAGE, after=after)
        found.extend(page.items)
        if not page.has_next:
            break
        after = page.cursors[-1]
    return found[:limit], len(found) > limit


def seal_chains(database: Database) -> int:
    """Seal every tenant's chain that needs it (`jixiao migrate`, `jixiao demo`); how many."""
    with database.platform_session() as session:
        tenant_ids = all_tenant_ids(session)
    sealed = 0
    for tenant_id in tenant_ids:
        with database.tenant_session(tenant_id) as session:
            sealed += seal_chain(session) is not None
            session.commit()
    return sealed
