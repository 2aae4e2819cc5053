"""Jobs of the audit log: anchoring the chain outside the database, the daily verification and
retention."""

from __future__ import annotations

import logging

from jixiao.audit.alerts import check_audit_trail
from jixiao.audit.anchors import write_anchor
from jixiao.audit.retention import archive_audit_events, archive_sign_ins
from jixiao.audit.service import seal_chain
from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession
from jixiao.platform.storage import file_store
from jixiao.workers.registry import tenant_actor

log = logging.getLogger(__name__)
MAX_BATCHES = 50  # per run and kind; what is left is taken by the next run


def _settings() -> Settings:
    from jixiao.workers.runtime import current_database

    return current_database().settings


@tenant_actor("audit.anchor", max_retries=3, time_limit_ms=30 * 60_000)
def anchor(session: JixiaoSession) -> None:
    """Write the tenant's chain head out of the database (file store and log) once the events
    since the newest anchor verify; nothing when nothing was appended since (idempotent).

    A chain whose newest event predates the key is sealed first, and committed, so that the
    anchor never names an event that a failed transaction took back."""
    if seal_chain(session) is not None:
        session.commit()
    write_anchor(session, file_store(_settings()))


@tenant_actor("audit.verify", max_retries=2, time_limit_ms=30 * 60_000)
def verify(session: JixiaoSession) -> None:
    """Verify the tenant's chain and archives; alert the audit admins of a new break."""
    settings = _settings()
    checked = check_audit_trail(session, file_store(settings), mail=settings.smtp_host is not None)
    if not checked.chain.ok or checked.broken_archives:
        log.error(
            "audit trail of tenant %s is broken: %s %s",
            session.tenant_id,
            checked.chain.problem,
            checked.broken_archives,
        )


@tenant_actor("audit.retention", max_retries=3, time_limit_ms=60 * 60_000)
def retention(session: JixiaoSession) -> None:
    """Archive, then remove, audit events and sign-ins older than the tenant's policy.

    One transaction per batch; a second run finds nothing due and changes nothing.
    """
    store = file_store(_settings())
    for step in (archive_audit_events, archive_sign_ins):
        for _ in range(MAX_BATCHES):
            archive = step(session, store)
            session.commit()
            if archive is None:
                break
            log.info("archived %d rows of tenant %s to %s", archive.row_count,
                     session.tenant_id, archive.file_name)  # fmt: skip
