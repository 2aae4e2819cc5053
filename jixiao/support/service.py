"""Support grants: the tenant's security admin lets a named platform operator read (never
change) the tenant's appraisal data for a few hours, sees every read made under the grant and
can revoke it at once. Grants, revocations and reads are events of the tenant's audit chain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from jixiao.audit.models import AuditEvent
from jixiao.audit.queries import operator_events
from jixiao.audit.service import record
from jixiao.identity.models import AccountStatus
from jixiao.identity.queries import operator_by_username
from jixiao.notices.clock import tenant_zone
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession, acting_for_tenant
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.support.models import SupportGrant
from jixiao.support.queries import grant_by_id, grants_ending_after, live_grant, newest_grants
from jixiao.tenants.models import Tenant
from jixiao.tenants.queries import active_tenants

MAX_HOURS = 72
REASON_MIN, REASON_MAX = 4, 500
# What an operator under a grant may read: the appraisal, never the tenant's accounts, roles,
# settings, tokens or audit log (those stay with its three administrators).
READ_CODES = frozenset(
    {
        "scheme:read",
        "unit:read",
        "assignment:read",
        "report:read",
        "score:read",
        "result:read",
        "supervision:read",
        "notice:read",
    }
)
READ_ACTION = "support.read"
# How long an ended grant stays on the operator's list of grants.
OPERATOR_HISTORY = timedelta(days=30)
# Grants and reads shown to the security admin at most (newest first).
MAX_LISTED = 200


@dataclass(frozen=True)
class OperatorGrant:
    """A grant as the operator sees it: whose tenant, until when."""

    tenant: Tenant
    grant: SupportGrant


def grant_support(
    session: JixiaoSession, *, operator_username: str, hours: int, reason: str, actor: Subject
) -> SupportGrant:
    """Let the named operator read the session tenant's appraisal data for `hours` hours."""
    username = operator_username.strip()
    if not username:
        raise InvalidInput("请填写运维人员的用户名", field="operatorUsername")
    if not 1 <= hours <= MAX_HOURS:
        raise InvalidInput(f"授权时长须为 1–{MAX_HOURS} 小时，收到 {hours} 小时", field="hours")
    text = reason.strip()
    if not REASON_MIN <= len(text) <= REASON_MAX:
        raise InvalidInput(
            f"请写明授权事由（{REASON_MIN}–{REASON_MAX} 个字），收到 {len(text)} 个字",
            field="reason",
        )
    operator = operator_by_username(session, username)
    if operator is None or operator.status is not AccountStatus.ACTIVE:
        raise NotFound(f"没有用户名为「{username}」的在用平台运维人员", field="operatorUsername")
    now = utcnow()
    held = live_grant(session, operator.id, now)
    if held is not None:
        raise Conflict(
            f"「{operator.display_name}」已有授权，至 {_local(session, held.expires_at)} 有效；"
            "如需更改，请先撤销",
            field="operatorUsername",
        )
    grant = SupportGrant(
        operator_id=operator.id,
        operator_username=operator.username,
        operator_name=operator.display_name,
        reason=text,
        granted_at=now,
        granted_by=_name(actor),
        expires_at=now + timedelta(hours=hours),
    )
    session.add(grant)
    session.flush()
    record(
        session,
        actor=actor,
        action="support.grant",
        target_type="support_grant",
        target_id=grant.id,
        after={
            "operator": operator.username,
            "operatorName": operator.display_name,
            "hours": hours,
            "expiresAt": grant.expires_at.isoformat(),
            "reason": text,
        },
    )
    return grant


def revoke_support(session: JixiaoSession, grant_id: uuid.UUID, *, actor: Subject) -> SupportGrant:
    """End a live grant now: the operator's next request reads nothing."""
    grant = get_grant(session, grant_id)
    now = utcnow()
    if grant.revoked_at is not None:
        raise Conflict(f"该授权已于 {_local(session, grant.revoked_at)} 撤销", field="id")
    if not grant.live(now):
        raise Conflict(f"该授权已于 {_local(session, grant.expires_at)} 到期", field="id")
    grant.revoked_at = now
    grant.revoked_by = _name(actor)
    session.add(grant)
    session.flush()
    record(
        session,
        actor=actor,
        action="support.revoke",
        target_type="support_grant",
        target_id=grant.id,
        before={"expiresAt": grant.expires_at.isoformat()},
        after={"revokedAt": now.isoformat(), "operator": grant.operator_username},
    )
    return grant


def get_grant(session: JixiaoSession, grant_id: uuid.UUID) -> SupportGrant:
    """One grant of the session's tenant."""
    grant = grant_by_id(session, grant_id)
    if grant is None:
        raise NotFound("没有这项运维授权", field="id")
    return grant


def list_grants(session: JixiaoSession) -> list[SupportGrant]:
    """The session tenant's grants, newest first."""
    return newest_grants(session, MAX_LISTED)


def grant_activity(session: JixiaoSession, grant: SupportGrant) -> list[AuditEvent]:
    """What the operator did in the tenant while the grant lasted (reads, and writes it tried
    and was refused), from the tenant's audit log, newest first."""
    ended = grant.revoked_at or grant.expires_at
    return operator_events(session, grant.operator_id, grant.granted_at, ended, MAX_LISTED)


def operator_grants(session: JixiaoSession, operator_id: uuid.UUID) -> list[OperatorGrant]:
    """The operator's grants in every active tenant (a platform session): the live ones and
    those ended in the last 30 days, live first, then newest first. Grants are the tenants'
    rows, so each tenant is read in its own context (one query a tenant)."""
    now = utcnow()
    since = now - OPERATOR_HISTORY
    found: list[OperatorGrant] = []
    tenants = active_tenants(session)
    for tenant in tenants:
        with acting_for_tenant(session, tenant.id):
            rows = grants_ending_after(session, operator_id, since)
            found.extend(OperatorGrant(tenant, row) for row in rows)
    found.sort(key=lambda g: (not g.grant.live(now), -g.grant.granted_at.timestamp()))
    return found


def record_read(
    session: JixiaoSession, subject: Subject, *, operation: str | None, fields: list[str]
) -> None:
    """Log one read made under a grant in the tenant's audit chain (the caller commits)."""
    assert subject.support is not None
    record(
        session,
        actor=subject,
        action=READ_ACTION,
        target_type="support_grant",
        target_id=subject.support.grant_id,
        after={"operation": operation, "fields": fields},
    )


def _name(actor: Subject) -> str:
    return (actor.display_name or actor.username or actor.kind)[:100]


def _local(session: JixiaoSession, moment: datetime) -> str:
    """A time as people in the session's tenant read it (its time zone setting)."""
    return moment.astimezone(tenant_zone(session)).strftime("%Y-%m-%d %H:%M")
