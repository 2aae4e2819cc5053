"""Notifications of workflow steps: who hears of a report's return or approval, a publication,
a supervision notice and its reply.

Each one is an in-app notification (mailed too when SMTP is configured and the user wants
e-mail) with a deduplication key naming the step, so a step retried or replayed notifies once.
Made in the caller's transaction: a rolled-back step notifies nobody.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from jixiao.notices.models import NotificationKind
from jixiao.notices.notifications import Message, notify
from jixiao.platform.db import JixiaoSession


def tell(
    session: JixiaoSession,
    users: Iterable[uuid.UUID],
    key: str,
    *,
    title: str,
    body: str,
    target_type: str | None = None,
    target_id: uuid.UUID | None = None,
) -> int:
    """Notify each user once for `key` (the step); returns how many were new."""
    message = Message(
        kind=NotificationKind.WORKFLOW,
        title=title,
        body=body,
        target_type=target_type,
        target_id=str(target_id) if target_id else None,
    )
    made = 0
    for user_id in sorted(set(users)):
        if notify(session, user_id, f"{key}:{user_id}", message, mail=session.can_mail):
            made += 1
    return made
