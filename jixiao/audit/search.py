"""Searching the audit log and sealing every tenant's chain: the audit administrator's side.

Above identity and tenants (a unit's people; every tenant), where `audit.service.record`, which
every package calls, stands below them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import col, select

from jixiao.audit.models import AuditEvent, AuditOutcome
from jixiao.audit.service import MAX_PAGE, seal_chain
from jixiao.identity.queries import members_of
from jixiao.platform.db import Database, JixiaoSession
from jixiao.platform.pagination import Page, keyset_page, time_window
from jixiao.tenants.service import all_tenant_ids


@dataclass(frozen=True)
class AuditFilter:
    """What the audit admin searches by; every field optional."""

    action: str | None = None  # a prefix: `role` finds `role.assign`, `role.create`…
    actor_name: str | None = None  # part of the name
    target_type: str | None = None
    target_id: str | None = None
    outcome: AuditOutcome | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    actor_id: str | None = None  # exactly this actor (a user's id)
    unit_id: uuid.UUID | None = None  # done by the unit's people, or to the unit itself


def search(
    session: JixiaoSession,
    filters: AuditFilter = AuditFilter(),
    *,
    first: int | None = None,
    after: str | None = None,
) -> Page[AuditEvent]:
    """The session tenant's events, newest first, one keyset page at a time."""
    statement = select(AuditEvent)
    if filters.action:
        statement = statement.where(
            col(AuditEvent.action).startswith(filters.action, autoescape=True)
        )
    if filters.actor_name:
        statement = statement.where(
            col(AuditEvent.actor_name).contains(filters.actor_name, autoescape=True)
        )
    if filters.target_type:
        statement = statement.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id:
        statement = statement.where(AuditEvent.target_id == filters.target_id)
    if filters.outcome:
        statement = statement.where(AuditEvent.outcome == filters.outcome)
    if filters.actor_id:
        statement = statement.where(AuditEvent.actor_id == filters.actor_id)
    if filters.unit_id is not None:
        people = [str(user.id) for user in members_of(session, [filters.unit_id])[filters.unit_id]]
        statement = statement.where(
            or_(
                col(AuditEvent.actor_id).in_(people),
                and_(
                    col(AuditEvent.target_type) == "unit",
                    col(AuditEvent.target_id) == str(filters.unit_id),
                ),
            )
        )
    statement = time_window(statement, col(AuditEvent.at), filters.since, filters.until)
    page: Page[AuditEvent] = keyset_page(
        session,
        statement,  # type: ignore[arg-type]
        col(AuditEvent.seq),  # type: ignore[arg-type]
        first=first,
        after=after,
        max_first=MAX_PAGE,
        descending=True,
    )
    return page


def operator_events(
    session: JixiaoSession, operator_id: uuid.UUID, since: datetime, until: datetime, limit: int
) -> list[AuditEvent]:
    """The session tenant's events of a platform operator between two moments (both
    inclusive), newest first, at most `limit`."""
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.actor_kind == "operator",
            AuditEvent.actor_id == str(operator_id),
            col(AuditEvent.at) >= since,
            col(AuditEvent.at) <= until,
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


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
