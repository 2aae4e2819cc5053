"""The office's side of notices: write, publish, withdraw, delete (notice:write).

Bodies are stored sanitised (`sanitize.sanitize_html`). The audience is everyone, or any mix of
roles, named users and units (考评对象: the users whose unit it is). Attachments are uploaded
first (`attachments.store_upload`) and taken by the notice that names them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, delete

from jixiao.audit.service import record
from jixiao.identity.models import User
from jixiao.notices.attachments import drop_stored
from jixiao.notices.models import (
    AudienceKind,
    Notice,
    NoticeAttachment,
    NoticeAudience,
    NoticeStatus,
)
from jixiao.notices.queries import attachments_of, audience_of, notices_page
from jixiao.notices.sanitize import plain_text, sanitize_html
from jixiao.org.models import Unit
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.platform.orm import utcnow
from jixiao.platform.pagination import DEFAULT_PAGE, Page, encode_cursor
from jixiao.platform.storage import FileStore
from jixiao.policies.queries import role_names

MAX_TITLE = 200
MAX_BODY = 200_000
MAX_PAGE = 100
MAX_ATTACHMENTS = 20


@dataclass(frozen=True)
class Audience:
    """Who a notice is for: everyone, or the holders of roles, named users and units' people."""

    everyone: bool = True
    role_codes: tuple[str, ...] = ()
    user_ids: tuple[uuid.UUID, ...] = ()
    unit_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class NoticeDraft:
    """What the office writes."""

    title: str
    body_html: str
    audience: Audience = field(default_factory=Audience)
    pinned: bool = False
    expires_at: datetime | None = None
    attachment_ids: tuple[uuid.UUID, ...] = ()


def create_notice(session: JixiaoSession, draft: NoticeDraft, *, actor: Subject) -> Notice:
    """A new notice, as a draft: nobody but the office sees it until it is published."""
    notice = Notice(title="", body_html="", author_id=actor.user_id, author_name=actor.display_name)
    _apply(session, notice, draft)
    session.add(notice)
    session.flush()
    _set_audience(session, notice, draft.audience)
    _take_attachments(session, notice, draft.attachment_ids, store=None)
    record(
        session,
        actor=actor,
        action="notice.create",
        target_type="notice",
        target_id=notice.id,
        after=snapshot(session, notice),
    )
    return notice


def update_notice(
    session: JixiaoSession,
    notice_id: uuid.UUID,
    draft: NoticeDraft,
    *,
    actor: Subject,
    store: FileStore,
) -> Notice:
    """Change a notice (published ones too); attachments it no longer names are deleted."""
    notice = get_notice(session, notice_id)
    before = snapshot(session, notice)
    _apply(session, notice, draft)
    notice.updated_at = utcnow()
    _order(notice)
    session.add(notice)
    session.exec(delete(NoticeAudience).where(col(NoticeAudience.notice_id) == notice.id))
    session.flush()
    _set_audience(session, notice, draft.audience)
    _take_attachments(session, notice, draft.attachment_ids, store=store)
    record(
        session,
        actor=actor,
        action="notice.update",
        target_type="notice",
        target_id=notice.id,
        before=before,
        after=snapshot(session, notice),
    )
    return notice


def publish_notice(session: JixiaoSession, notice_id: uuid.UUID, *, actor: Subject) -> Notice:
    """Make a draft (or withdrawn) notice visible to its audience."""
    notice = get_notice(session, notice_id)
    if notice.status is NoticeStatus.PUBLISHED:
        raise Conflict("该通知已发布", field="id")
    now = utcnow()
    if notice.expires_at is not None and notice.expires_at <= now:
        raise InvalidInput("该通知已过有效期，请先修改有效期再发布", field="expiresAt")
    return _set_status(session, notice, NoticeStatus.PUBLISHED, actor, published_at=now)


def withdraw_notice(session: JixiaoSession, notice_id: uuid.UUID, *, actor: Subject) -> Notice:
    """Take a published notice back: its audience no longer sees it."""
    notice = get_notice(session, notice_id)
    if notice.status is not NoticeStatus.PUBLISHED:
        raise Conflict("只能撤回已发布的通知", field="id")
    return _set_status(session, notice, NoticeStatus.WITHDRAWN, actor)


def delete_notice(
    session: JixiaoSession, notice_id: uuid.UUID, *, actor: Subject, store: FileStore
) -> None:
    """Delete a notice with its audience, receipts and attachments (their files once the
    deletion commits)."""
    notice = get_notice(session, notice_id)
    before = snapshot(session, notice)
    drop_stored(session, store, attachments_of(session, [notice.id])[notice.id])
    session.flush()
    session.delete(notice)
    session.flush()
    record(
        session,
        actor=actor,
        action="notice.delete",
        target_type="notice",
        target_id=notice.id,
        before=before,
    )


def get_notice(session: JixiaoSession, notice_id: uuid.UUID) -> Notice:
    """One notice of the session's tenant, whatever its status (the office's view)."""
    notice = session.get(Notice, (session.require_tenant(), notice_id))
    if notice is None:
        raise NotFound("没有这个通知", field="id")
    return notice


def list_notices(
    session: JixiaoSession,
    *,
    status: NoticeStatus | None = None,
    search: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Notice]:
    """Every notice of the session's tenant, newest first (the office's list)."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
    rows = notices_page(session, status=status, search=search, after=after, limit=size + 1)
    items = rows[:size]
    return Page(items, [encode_cursor(n.id) for n in items], len(rows) > size)


def snapshot(session: JixiaoSession, notice: Notice) -> dict[str, Any]:
    """The audited state of a notice (the body by its length and digest)."""
    audience = audience_of(session, [notice.id])[notice.id]
    return {
        "title": notice.title,
        "status": notice.status,
        "pinned": notice.pinned,
        "expires_at": notice.expires_at,
        "body_chars": len(notice.body_html),
        "body_sha256": hashlib.sha256(notice.body_html.encode("utf-8")).hexdigest(),
        "audience": {
            "all": notice.audience_all,
            **{
                kind.value: sorted(r.ref for r in audience if r.kind is kind)
                for kind in AudienceKind
            },
        },
        "attachments": [a.file_name for a in attachments_of(session, [notice.id])[notice.id]],
    }


def _apply(session: JixiaoSession, notice: Notice, draft: NoticeDraft) -> None:
    title = draft.title.strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(f"标题不能为空，且不超过 {MAX_TITLE} 个字", field="title")
    if len(draft.body_html) > MAX_BODY:
        raise InvalidInput(f"正文过长（不超过 {MAX_BODY} 个字符）", field="bodyHtml")
    body = sanitize_html(draft.body_html)
    if not plain_text(body):
        raise InvalidInput("正文不能为空", field="bodyHtml")
    if draft.expires_at is not None:
        if draft.expires_at.tzinfo is None:
            raise InvalidInput("有效期须带时区，例如 2026-01-01T00:00:00+08:00", field="expiresAt")
        if draft.expires_at <= utcnow():
            raise InvalidInput("有效期须晚于当前时间", field="expiresAt")
    notice.title, notice.body_html = title, body
    notice.pinned, notice.expires_at = draft.pinned, draft.expires_at
    notice.audience_all = draft.audience.everyone


def _set_audience(session: JixiaoSession, notice: Notice, audience: Audience) -> None:
    if audience.everyone:
        if audience.role_codes or audience.user_ids or audience.unit_ids:
            raise InvalidInput(
                "通知对象选择了全体人员，就不能再指定角色、人员或考评对象", field="audience"
            )
        return
    tenant_id = session.require_tenant()
    codes = sorted({code.strip() for code in audience.role_codes if code.strip()})
    known = set(role_names(session, codes))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise InvalidInput(f"未知的角色：{'、'.join(unknown)}", field="audience.roleCodes")
    users = sorted(set(audience.user_ids))
    if any(session.get(User, (tenant_id, user_id)) is None for user_id in users):
        raise NotFound("通知对象中有不存在的用户", field="audience.userIds")
    units = sorted(set(audience.unit_ids))
    if any(session.get(Unit, (tenant_id, unit_id)) is None for unit_id in units):
        raise NotFound("通知对象中有不存在的考评对象", field="audience.unitIds")
    parts = [
        *((AudienceKind.ROLE, code) for code in codes),
        *((AudienceKind.USER, str(user_id)) for user_id in users),
        *((AudienceKind.UNIT, str(unit_id)) for unit_id in units),
    ]
    if not parts:
        raise InvalidInput("请选择通知对象：全体人员，或角色、人员、考评对象", field="audience")
    for kind, ref in parts:
        session.add(NoticeAudience(notice_id=notice.id, kind=kind, ref=ref))
    session.flush()


def _take_attachments(
    session: JixiaoSession,
    notice: Notice,
    attachment_ids: tuple[uuid.UUID, ...],
    *,
    store: FileStore | None,
) -> None:
    wanted = list(dict.fromkeys(attachment_ids))
    if len(wanted) > MAX_ATTACHMENTS:
        raise InvalidInput(f"附件不超过 {MAX_ATTACHMENTS} 个", field="attachmentIds")
    tenant_id = session.require_tenant()
    for attachment_id in wanted:
        attachment = session.get(NoticeAttachment, (tenant_id, attachment_id))
        if attachment is None or attachment.notice_id not in (None, notice.id):
            raise NotFound("附件不存在或属于其他通知，请重新上传", field="attachmentIds")
        attachment.notice_id = notice.id
        session.add(attachment)
    if store is not None:
        dropped = [a for a in attachments_of(session, [notice.id])[notice.id] if a.id not in wanted]
        drop_stored(session, store, dropped)
    session.flush()


def _set_status(
    session: JixiaoSession,
    notice: Notice,
    status: NoticeStatus,
    actor: Subject,
    *,
    published_at: datetime | None = None,
) -> Notice:
    before = notice.status
    notice.status = status
    if published_at is not None:
        notice.published_at = published_at
    notice.updated_at = utcnow()
    _order(notice)
    session.add(notice)
    session.flush()
    record(
        session,
        actor=actor,
        action=f"notice.{'publish' if status is NoticeStatus.PUBLISHED else 'withdraw'}",
        target_type="notice",
        target_id=notice.id,
        before={"status": before},
        after={"status": status},
    )
    return notice


def _order(notice: Notice) -> None:
    """Readers' order key: pinned first, then the newest publication (unique by the id)."""
    moment = notice.published_at or notice.created_at
    notice.order_key = f"{int(notice.pinned)}{moment:%Y%m%d%H%M%S%f}{notice.id.hex}"
