"""The readers' side of notices: what a user sees, read receipts, and reminding the unread.

A user sees a published, unexpired notice whose audience includes them: everyone, one of their
roles, themselves by name, or their unit. The office (notice:write) sees every notice and who
of its audience has read it and who has not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import col

from jixiao.audit.service import record
from jixiao.identity.models import AccountStatus, User
from jixiao.identity.queries import audience_read_counts, audience_receipts, audience_unread
from jixiao.notices.clock import tenant_zone
from jixiao.notices.models import (
    AudienceKind,
    Notice,
    NoticeAudience,
    NoticeReceipt,
    NoticeStatus,
    NotificationKind,
)
from jixiao.notices.notifications import Message, notify
from jixiao.notices.queries import (
    audience_naming,
    audience_of,
    read_at,
    unread_notice_count,
    user_notices,
    visible_notice,
)
from jixiao.notices.service import get_notice
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import DEFAULT_PAGE, Page, encode_cursor
from jixiao.policies.queries import holders_of_roles, roles_of

MAX_PAGE = 100


@dataclass(frozen=True)
class Reader:
    """Who reads: a user, and whether they are the office (notice:write sees every notice)."""

    user_id: uuid.UUID
    manager: bool = False


@dataclass(frozen=True)
class ReceiptRow:
    """A member of a notice's audience and when they read it (None: not yet)."""

    user: User
    read_at: datetime | None


def visible_to(session: JixiaoSession, user_id: uuid.UUID) -> ColumnElement[bool]:
    """The condition on `Notice` of what the user sees now."""
    user = session.get(User, (session.require_tenant(), user_id))
    if user is None or user.status is not AccountStatus.ACTIVE:
        return false()
    refs = [
        and_(col(NoticeAudience.kind) == AudienceKind.USER, col(NoticeAudience.ref) == str(user_id))
    ]
    roles = roles_of(session, user_id)
    if roles:
        refs.append(
            and_(col(NoticeAudience.kind) == AudienceKind.ROLE, col(NoticeAudience.ref).in_(roles))
        )
    if user.unit_id is not None:
        refs.append(
            and_(
                col(NoticeAudience.kind) == AudienceKind.UNIT,
                col(NoticeAudience.ref) == str(user.unit_id),
            )
        )
    named = audience_naming(refs).exists()
    return and_(
        col(Notice.status) == NoticeStatus.PUBLISHED,
        or_(col(Notice.audience_all), named),
        or_(col(Notice.expires_at).is_(None), col(Notice.expires_at) > utcnow()),
    )


def audience_filter(session: JixiaoSession, notice: Notice) -> ColumnElement[bool]:
    """The condition on `User` of a notice's audience (active users only)."""
    active = col(User.status) == AccountStatus.ACTIVE
    if notice.audience_all:
        return active
    rows = audience_of(session, [notice.id])[notice.id]
    refs = {kind: [r.ref for r in rows if r.kind is kind] for kind in AudienceKind}
    parts: list[ColumnElement[bool]] = []
    if refs[AudienceKind.USER]:
        parts.append(col(User.id).in_([uuid.UUID(ref) for ref in refs[AudienceKind.USER]]))
    if refs[AudienceKind.ROLE]:
        parts.append(col(User.id).in_(holders_of_roles(refs[AudienceKind.ROLE])))
    if refs[AudienceKind.UNIT]:
        parts.append(unit_members([uuid.UUID(ref) for ref in refs[AudienceKind.UNIT]]))
    return and_(active, or_(*parts)) if parts else false()


def unit_members(unit_ids: list[uuid.UUID]) -> ColumnElement[bool]:
    """The condition on `User` of the people of these units (those whose unit it is)."""
    return col(User.unit_id).in_(unit_ids) if unit_ids else false()


def readable_notice(session: JixiaoSession, reader: Reader, notice_id: uuid.UUID) -> Notice:
    """A notice the reader may see; NotFound otherwise (whether or not it exists)."""
    if reader.manager:
        return get_notice(session, notice_id)
    notice = visible_notice(session, notice_id, visible_to(session, reader.user_id))
    if notice is None:
        raise NotFound("没有这个通知", field="id")
    return notice


def my_notices(
    session: JixiaoSession,
    user_id: uuid.UUID,
    *,
    unread_only: bool = False,
    first: int | None = None,
    after: str | None = None,
) -> Page[tuple[Notice, datetime | None]]:
    """The user's notices, pinned first then newest, each with when they read it."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
    visible = visible_to(session, user_id)
    rows = user_notices(
        session, user_id, visible, unread_only=unread_only, after=after, limit=size + 1
    )
    items = rows[:size]
    return Page(items, [encode_cursor(n.order_key) for n, _ in items], len(rows) > size)


def unread_notices(session: JixiaoSession, user_id: uuid.UUID) -> int:
    """How many of the user's notices they have not read."""
    return unread_notice_count(session, user_id, visible_to(session, user_id))


def mark_read(
    session: JixiaoSession, user_id: uuid.UUID, notice_id: uuid.UUID, *, actor: Subject
) -> tuple[Notice, datetime]:
    """Record that the user read a notice they may see (once; later calls change nothing)."""
    notice = readable_notice(session, Reader(user_id), notice_id)
    existing = read_at(session, user_id, [notice.id]).get(notice.id)
    if existing is not None:
        return notice, existing
    receipt = NoticeReceipt(notice_id=notice.id, user_id=user_id)
    session.add(receipt)
    session.flush()
    record(session, actor=actor, action="notice.read", target_type="notice", target_id=notice.id)
    return notice, receipt.read_at


def receipts(
    session: JixiaoSession,
    notice_id: uuid.UUID,
    *,
    read: bool | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[ReceiptRow]:
    """A notice's audience by username with when each read it; `read` picks one side."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
    notice = get_notice(session, notice_id)
    audience = audience_filter(session, notice)
    rows = audience_receipts(session, audience, notice.id, read=read, after=after, limit=size + 1)
    items = [ReceiptRow(user, at) for user, at in rows[:size]]
    return Page(items, [encode_cursor(r.user.username) for r in items], len(rows) > size)


def receipt_counts(session: JixiaoSession, notice: Notice) -> tuple[int, int]:
    """(how many of the audience have read the notice, how many the audience has)."""
    return audience_read_counts(session, audience_filter(session, notice), notice.id)


def unread_members(session: JixiaoSession, notice: Notice) -> list[User]:
    """The audience members who have not read the notice."""
    return audience_unread(session, audience_filter(session, notice), notice.id)


def remind_unread(
    session: JixiaoSession, notice_id: uuid.UUID, *, actor: Subject, mail: bool
) -> int:
    """Notify every member of the audience who has not read a published notice (催阅).

    Once a day per person (the tenant's day): reminding twice the same day notifies nobody twice.
    """
    notice = get_notice(session, notice_id)
    if notice.status is not NoticeStatus.PUBLISHED:
        raise InvalidInput("只能对已发布的通知催阅", field="id")
    day = utcnow().astimezone(tenant_zone(session)).strftime("%Y%m%d")
    message = Message(
        kind=NotificationKind.NOTICE,
        title=f"请阅读通知：{notice.title}",
        body=f"考评办提醒您阅读通知「{notice.title}」，请登录系统查看。",
        target_type="notice",
        target_id=str(notice.id),
    )
    reminded = sum(
        notify(session, user.id, f"notice-unread:{notice.id}:{user.id}:{day}", message, mail=mail)
        is not None
        for user in unread_members(session, notice)
    )
    record(
        session,
        actor=actor,
        action="notice.remind",
        target_type="notice",
        target_id=notice.id,
        after={"reminded": reminded},
    )
    return reminded
