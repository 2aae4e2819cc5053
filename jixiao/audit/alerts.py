"""The daily check of a tenant's audit trail, and alerts to its audit administrators.

The chain (from its last checkpoint, with the key and against the anchors outside the database)
and every archive are verified; each break found is
reported once to every user who may read the audit log, as a notification whose deduplication
key names the break, and recorded in the chain itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jixiao.audit.archives import verify_archives
from jixiao.audit.chain import ChainVerification
from jixiao.audit.models import AuditOutcome
from jixiao.audit.service import SYSTEM, record, verify_chain
from jixiao.notices.models import NotificationKind
from jixiao.notices.notifications import Message, notify
from jixiao.platform.db import JixiaoSession
from jixiao.platform.storage import FileStore
from jixiao.policies.queries import active_holder_ids

AUDIT_READERS = ("audit:read", "audit:*", "*")


@dataclass(frozen=True)
class TrailCheck:
    chain: ChainVerification
    broken_archives: tuple[str, ...]
    alerts: int  # notifications made now (a break already reported makes none)


def audit_admins(session: JixiaoSession) -> list[uuid.UUID]:
    """The active users whose roles let them read the audit log."""
    return sorted(active_holder_ids(session, AUDIT_READERS))


def check_audit_trail(session: JixiaoSession, store: FileStore, *, mail: bool) -> TrailCheck:
    """Verify the chain and the archives; alert the audit admins of each new break."""
    result = verify_chain(session, store)
    breaks: list[tuple[str, str]] = []
    if not result.ok:
        breaks.append(
            (f"audit-chain-break:{result.kind}:{result.first_broken_seq}", result.problem or "")
        )
    broken = verify_archives(session, store)
    breaks.extend((f"audit-archive-break:{a.id}", f"{a.file_name}：{p}") for a, p in broken)
    admins = audit_admins(session)
    alerts = 0
    for key, problem in breaks:
        made = 0
        for user_id in admins:
            message = Message(
                kind=NotificationKind.ALERT,
                title="审计日志完整性告警",
                body=f"每日核验发现审计日志被篡改或缺失：{problem}。请立即核查。",
                target_type="audit_chain",
            )
            made += notify(session, user_id, f"{key}:{user_id}", message, mail=mail) is not None
        if made:
            record(
                session,
                actor=SYSTEM,
                action="audit.alert",
                target_type="audit_chain",
                outcome=AuditOutcome.FAILED,
                reason=problem[:500],
                after={"key": key, "notified": made},
            )
        alerts += made
    return TrailCheck(result, tuple(p for _, p in broken), alerts)
