"""In-app notifications (the bell), each made once per deduplication key, mailed when possible.

`notify` is what other domains call: a job that runs twice asks twice and gets one notification,
because the key is unique per tenant. E-mail goes out from the `notices.email` job after the
commit; a notification is claimed (`sending`) before the message leaves, so a job delivered twice
never mails twice.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, update

from jixiao.audit.service import record
from jixiao.notices.models import (
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from jixiao.notices.queries import (
    notification_exists,
    notification_preference,
    notifications_page,
    unread_notifications,
)
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import DEFAULT_PAGE, Page, encode_cursor
from jixiao.workers.queue import enqueue

MAX_PAGE = 100
MAX_EMAIL_ATTEMPTS = 3
_KEY_LENGTH = 200
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,185}\.[A-Za-z]{2,24}$")


@dataclass(frozen=True)
class Message:
    """What a notification says, and what it is about (a notice, a report…)."""

    kind: NotificationKind
    title: str
    body: str
    target_type: str | None = None
    target_id: str | None = None


def notify(
    session: JixiaoSession,
    user_id: uuid.UUID,
    dedup_key: str,
    message: Message,
    *,
    mail: bool,
) -> Notification | None:
    """Notify a user once per key; None when a notification with this key exists already.

    `mail`: whether this process can send e-mail (SMTP configured); the user's own settings
    decide the rest.
    """
    key = _key(dedup_key)
    if notification_exists(session, key):
        return None
    address = _mail_address(session, user_id) if mail else None
    notification = Notification(
        user_id=user_id,
        kind=message.kind,
        title=_clip(message.title, 200),
        body=_clip(message.body, 2000),
        target_type=message.target_type,
        target_id=message.target_id,
        dedup_key=key,
        email_state=EmailState.PENDING if address else EmailState.NONE,
    )
    try:
        with session.begin_nested():
            session.add(notification)
    except IntegrityError:
        return None  # a concurrent twin made it first
    if address:
        enqueue(
            session,
            "notices.email",
            tenant_id=str(session.require_tenant()),
            notification_id=str(notification.id),
        )
    return notification


def _key(dedup_key: str) -> str:
    if len(dedup_key) <= _KEY_LENGTH:
        return dedup_key
    digest = hashlib.sha256(dedup_key.encode("utf-8")).hexdigest()
    return f"{dedup_key[: _KEY_LENGTH - 65]}#{digest}"


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _mail_address(session: JixiaoSession, user_id: uuid.UUID) -> str | None:
    preference = preference_of(session, user_id)
    if preference is None or not preference.email_enabled:
        return None
    return preference.email


def list_notifications(
    session: JixiaoSession,
    user_id: uuid.UUID,
    *,
    unread_only: bool = False,
    first: int | None = None,
    after: str | None = None,
) -> Page[Notification]:
    """A user's notifications, newest first, one keyset page at a time."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
    rows = notifications_page(
        session, user_id, unread_only=unread_only, after=after, limit=size + 1
    )
    items = rows[:size]
    return Page(items, [encode_cursor(n.id) for n in items], len(rows) > size)


def unread_count(session: JixiaoSession, user_id: uuid.UUID) -> int:
    """How many of a user's notifications are unread (the bell's number)."""
    return unread_notifications(session, user_id)


def mark_read(
    session: JixiaoSession, user_id: uuid.UUID, ids: list[uuid.UUID] | None = None
) -> int:
    """Mark a user's notifications read (these, or all); returns how many changed."""
    statement = (
        update(Notification)
        .where(
            col(Notification.tenant_id) == session.require_tenant(),
            col(Notification.user_id) == user_id,
            col(Notification.read_at).is_(None),
        )
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if ids is not None:
        statement = statement.where(col(Notification.id).in_(ids))
    return int(session.exec(statement).rowcount)


def preference_of(session: JixiaoSession, user_id: uuid.UUID) -> NotificationPreference | None:
    """A user's notification settings, if they saved any."""
    return notification_preference(session, user_id)


def set_preference(
    session: JixiaoSession,
    user_id: uuid.UUID,
    *,
    email: str | None,
    email_enabled: bool,
    actor: Subject,
) -> NotificationPreference:
    """A user's own notification settings: the address mail goes to, and whether it does."""
    address = (email or "").strip() or None
    if address is not None and not _EMAIL.match(address):
        raise InvalidInput(f"电子邮箱「{address}」格式不正确", field="email")
    row = preference_of(session, user_id)
    before = None if row is None else {"email": row.email, "email_enabled": row.email_enabled}
    row = row or NotificationPreference(user_id=user_id)
    row.email, row.email_enabled, row.updated_at = address, email_enabled, utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="notification.settings.update",
        target_type="user",
        target_id=user_id,
        before=before,
        after={"email": address, "email_enabled": email_enabled},
    )
    return row


@dataclass(frozen=True)
class Outgoing:
    """A claimed e-mail: where to, and what."""

    to: str
    subject: str
    body: str


def claim_email(session: JixiaoSession, notification_id: uuid.UUID) -> Outgoing | None:
    """Take a pending e-mail for sending (`sending`); None when it is not pending any more."""
    claimed = session.exec(
        update(Notification)
        .where(
            col(Notification.tenant_id) == session.require_tenant(),
            col(Notification.id) == notification_id,
            col(Notification.email_state) == EmailState.PENDING,
        )
        .values(email_state=EmailState.SENDING, email_attempts=Notification.email_attempts + 1)
        .returning(col(Notification.user_id), col(Notification.title), col(Notification.body))
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        return None
    user_id, title, body = claimed
    address = _mail_address(session, user_id)
    if address is None:  # the user turned e-mail off since
        finish_email(session, notification_id, error="收件人已关闭邮件通知")
        return None
    return Outgoing(to=address, subject=f"[绩效考评] {title}", body=body)


def finish_email(session: JixiaoSession, notification_id: uuid.UUID, *, error: str | None) -> bool:
    """Record how sending ended; True when it failed but may be tried again (back to pending)."""
    row = session.get(Notification, (session.require_tenant(), notification_id))
    if row is None:
        return False
    retry = error is not None and row.email_attempts < MAX_EMAIL_ATTEMPTS
    if error is None:
        row.email_state, row.emailed_at, row.email_error = EmailState.SENT, utcnow(), None
    else:
        row.email_state = EmailState.PENDING if retry else EmailState.FAILED
        row.email_error = _clip(error, 200)
    session.add(row)
    session.flush()
    return retry
