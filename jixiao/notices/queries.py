"""The notices' reads: the office's list, what a reader sees, audiences, attachments, read
receipts, notifications and their settings. The services build the conditions (who sees what)
and call these."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.notices.models import (
    Notice,
    NoticeAttachment,
    NoticeAudience,
    NoticeReceipt,
    NoticeStatus,
    Notification,
    NotificationPreference,
)
from jixiao.platform.db import JixiaoSession
from jixiao.platform.pagination import decode_cursor


def notices_page(
    session: JixiaoSession,
    *,
    status: NoticeStatus | None,
    search: str | None,
    after: str | None,
    limit: int,
) -> list[Notice]:
    """Notices newest first, filtered by status and a title search, after an id cursor; at
    most `limit`."""
    statement = select(Notice)
    if status is not None:
        statement = statement.where(Notice.status == status)
    if search and search.strip():
        statement = statement.where(col(Notice.title).contains(search.strip(), autoescape=True))
    if after:
        statement = statement.where(col(Notice.id) < decode_cursor(after, uuid.UUID))
    return list(session.exec(statement.order_by(col(Notice.id).desc()).limit(limit)))


def audience_of(
    session: JixiaoSession, notice_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[NoticeAudience]]:
    """The audience rows of many notices at once."""
    found: dict[uuid.UUID, list[NoticeAudience]] = {i: [] for i in notice_ids}
    if notice_ids:
        rows = session.exec(
            select(NoticeAudience).where(col(NoticeAudience.notice_id).in_(notice_ids))
        )
        for row in rows:
            found[row.notice_id].append(row)
    return found


def audience_naming(refs: list[ColumnElement[bool]]) -> SelectOfScalar[uuid.UUID]:
    """The statement of the audience rows of the outer `Notice` that match one of these
    conditions (a correlated subquery)."""
    return select(NoticeAudience.id).where(
        col(NoticeAudience.tenant_id) == Notice.tenant_id,
        col(NoticeAudience.notice_id) == Notice.id,
        or_(*refs),
    )


def attachments_of(
    session: JixiaoSession, notice_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[NoticeAttachment]]:
    """The attachments of many notices at once, oldest first."""
    found: dict[uuid.UUID, list[NoticeAttachment]] = {i: [] for i in notice_ids}
    if not notice_ids:
        return found
    rows = session.exec(
        select(NoticeAttachment)
        .where(col(NoticeAttachment.notice_id).in_(notice_ids))
        .order_by(col(NoticeAttachment.id))
    )
    for row in rows:
        if row.notice_id is not None:
            found[row.notice_id].append(row)
    return found


def orphan_attachments(session: JixiaoSession, before: datetime) -> list[NoticeAttachment]:
    """The uploads no notice took, made before this moment."""
    return list(
        session.exec(
            select(NoticeAttachment).where(
                col(NoticeAttachment.notice_id).is_(None),
                col(NoticeAttachment.created_at) < before,
            )
        ).all()
    )


def visible_notice(
    session: JixiaoSession, notice_id: uuid.UUID, visible: ColumnElement[bool]
) -> Notice | None:
    """The notice, if it meets the condition of what a reader sees."""
    return session.exec(select(Notice).where(Notice.id == notice_id, visible)).first()


def _receipt_of(user_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        col(NoticeReceipt.tenant_id) == Notice.tenant_id,
        col(NoticeReceipt.notice_id) == Notice.id,
        col(NoticeReceipt.user_id) == user_id,
    )


def user_notices(
    session: JixiaoSession,
    user_id: uuid.UUID,
    visible: ColumnElement[bool],
    *,
    unread_only: bool,
    after: str | None,
    limit: int,
) -> list[tuple[Notice, datetime | None]]:
    """The notices meeting the condition of what the user sees, by order key descending (after
    an order-key cursor), each with when the user read it; at most `limit`."""
    statement = (
        select(Notice, NoticeReceipt.read_at)
        .outerjoin(NoticeReceipt, _receipt_of(user_id))
        .where(visible)
    )
    if unread_only:
        statement = statement.where(col(NoticeReceipt.id).is_(None))
    if after:
        statement = statement.where(col(Notice.order_key) < decode_cursor(after, str))
    rows = session.exec(statement.order_by(col(Notice.order_key).desc()).limit(limit))
    return [(row[0], row[1]) for row in rows]


def unread_notice_count(
    session: JixiaoSession, user_id: uuid.UUID, visible: ColumnElement[bool]
) -> int:
    """How many notices meeting the condition of what the user sees they have not read."""
    statement = (
        select(func.count())
        .select_from(Notice)
        .outerjoin(NoticeReceipt, _receipt_of(user_id))
        .where(visible, col(NoticeReceipt.id).is_(None))
    )
    return int(session.exec(statement).one())


def read_at(
    session: JixiaoSession, user_id: uuid.UUID, notice_ids: list[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """When the user read each of these notices (absent: not read)."""
    if not notice_ids:
        return {}
    rows = session.exec(
        select(NoticeReceipt.notice_id, NoticeReceipt.read_at).where(
            col(NoticeReceipt.user_id) == user_id, col(NoticeReceipt.notice_id).in_(notice_ids)
        )
    )
    return dict(rows.all())


def expiring_notices(session: JixiaoSession, now: datetime, horizon: datetime) -> list[Notice]:
    """Published notices expiring after `now` and by the horizon."""
    return list(
        session.exec(
            select(Notice).where(
                Notice.status == NoticeStatus.PUBLISHED,
                col(Notice.expires_at) > now,
                col(Notice.expires_at) <= horizon,
            )
        ).all()
    )


def notification_exists(session: JixiaoSession, dedup_key: str) -> bool:
    """Whether a notification with this (stored) deduplication key exists."""
    return (
        session.exec(select(Notification.id).where(Notification.dedup_key == dedup_key)).first()
        is not None
    )


def notifications_page(
    session: JixiaoSession,
    user_id: uuid.UUID,
    *,
    unread_only: bool,
    after: str | None,
    limit: int,
) -> list[Notification]:
    """A user's notifications newest first, unread ones only if asked, after an id cursor; at
    most `limit`."""
    statement = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        statement = statement.where(col(Notification.read_at).is_(None))
    if after:
        statement = statement.where(col(Notification.id) < decode_cursor(after, uuid.UUID))
    return list(session.exec(statement.order_by(col(Notification.id).desc()).limit(limit)))


def unread_notifications(session: JixiaoSession, user_id: uuid.UUID) -> int:
    """How many of a user's notifications are unread."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
        ).one()
    )


def notification_preference(
    session: JixiaoSession, user_id: uuid.UUID
) -> NotificationPreference | None:
    """A user's notification settings, if they saved any."""
    return session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    ).first()
