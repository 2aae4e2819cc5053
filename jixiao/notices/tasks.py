"""Jobs of notices: deadline reminders, e-mail delivery, clearing abandoned uploads."""

from __future__ import annotations

import logging
import smtplib
import uuid

from jixiao.notices import attachments, notifications, reminders
from jixiao.notices.mailer import SmtpConfig, send_mail
from jixiao.platform.config import Settings
from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.platform.storage import file_store
from jixiao.workers.registry import tenant_actor

log = logging.getLogger(__name__)


def _settings() -> Settings:
    from jixiao.workers.runtime import current_database

    return current_database().settings


@tenant_actor("notices.remind_deadlines", max_retries=3, time_limit_ms=10 * 60_000)
def remind_deadlines(session: JixiaoSession) -> None:
    """Remind of every deadline near or passed; safe to run twice (one reminder each)."""
    settings = _settings()
    sent = reminders.send_reminders(session, now=utcnow(), mail=settings.smtp_host is not None)
    log.info("deadline reminders for tenant %s: %d new", session.tenant_id, sent)


@tenant_actor("notices.email", max_retries=3, time_limit_ms=120_000)
def email(session: JixiaoSession, notification_id: str) -> None:
    """Mail one notification; claimed first, so a second delivery of this job sends nothing."""
    config = SmtpConfig.from_settings(_settings())
    if config is None:
        return
    target = uuid.UUID(notification_id)
    outgoing = notifications.claim_email(session, target)
    session.commit()
    if outgoing is None:
        return
    try:
        send_mail(config, outgoing.to, outgoing.subject, outgoing.body)
    except (smtplib.SMTPException, OSError) as error:
        retry = notifications.finish_email(
            session, target, error=f"{type(error).__name__}: {error}"
        )
        session.commit()
        if retry:
            raise  # dramatiq tries again later; the notification is pending once more
        log.warning("giving up mailing notification %s: %s", notification_id, error)
        return
    notifications.finish_email(session, target, error=None)


@tenant_actor("notices.cleanup_uploads", max_retries=3, time_limit_ms=10 * 60_000)
def cleanup_uploads(session: JixiaoSession) -> None:
    """Delete uploads that no notice took within a day."""
    removed = attachments.remove_orphans(session, file_store(_settings()))
    if removed:
        log.info("removed %d abandoned notice uploads of tenant %s", removed, session.tenant_id)
