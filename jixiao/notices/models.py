"""Notices, their audience, attachments and read receipts; notifications and e-mail settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class AudienceKind(StrEnum):
    ROLE = "role"  # holders of a role (its code)
    USER = "user"  # one named user (their id)
    UNIT = "unit"  # the people of a unit, 考评对象 (its id)


def _notice_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "notice_id"], ["notice.tenant_id", "notice.id"], ondelete="CASCADE"
    )


def _user_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "user_id"], ["app_user.tenant_id", "app_user.id"], ondelete="CASCADE"
    )


class Notice(TenantScoped, table=True):
    """An announcement of the office (通知公告): sanitised rich text for an audience."""

    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_order", "tenant_id", "order_key"),)

    title: str = Field(max_length=200)
    body_html: str = Field(sa_column=Column(Text, nullable=False))
    status: NoticeStatus = Field(
        default=NoticeStatus.DRAFT, sa_type=enum_type(NoticeStatus, "notice_status")
    )
    audience_all: bool = True  # everyone of the tenant; otherwise the `NoticeAudience` rows
    pinned: bool = False
    expires_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    published_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    # Readers' order, newest first with pinned ones on top: one unique key for keyset paging.
    order_key: str = Field(default="", max_length=64)
    author_id: uuid.UUID | None = None
    author_name: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class NoticeAudience(TenantScoped, table=True):
    """One part of a notice's audience: a role, a named user or a unit."""

    __tablename__ = "notice_audience"
    __table_args__ = (
        _notice_fk(),
        UniqueConstraint("tenant_id", "notice_id", "kind", "ref", name="uq_notice_audience"),
    )

    notice_id: uuid.UUID
    kind: AudienceKind = Field(sa_type=enum_type(AudienceKind, "notice_audience_kind"))
    ref: str = Field(max_length=64)  # role code, or the user's or unit's id as text


class NoticeAttachment(TenantScoped, table=True):
    """A file attached to a notice, stored under a server-chosen name in the tenant's folder.

    Uploaded before the notice is saved, it has no notice until the notice takes it.
    """

    __tablename__ = "notice_attachment"
    __table_args__ = (
        _notice_fk(),
        UniqueConstraint("tenant_id", "stored_name", name="uq_notice_attachment_stored"),
        Index("ix_notice_attachment_notice", "tenant_id", "notice_id"),
    )

    notice_id: uuid.UUID | None = None
    file_name: str = Field(max_length=200)  # as uploaded, for display and download only
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_by: uuid.UUID | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class NoticeReceipt(TenantScoped, table=True):
    """A user has read a notice (已读回执)."""

    __tablename__ = "notice_receipt"
    __table_args__ = (
        _notice_fk(),
        _user_fk(),
        UniqueConstraint("tenant_id", "notice_id", "user_id", name="uq_notice_receipt"),
    )

    notice_id: uuid.UUID
    user_id: uuid.UUID
    read_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class NotificationKind(StrEnum):
    NOTICE = "notice"  # about a notice (e.g. a reminder to read it)
    REMINDER = "reminder"  # a deadline is near or passed
    ALERT = "alert"  # something is wrong (an audit chain break)
    WORKFLOW = "workflow"  # a step that concerns you: a return, an approval, a publication…


class EmailState(StrEnum):
    NONE = "none"  # no e-mail for this one (no SMTP, no address, or e-mail turned off)
    PENDING = "pending"
    SENDING = "sending"  # claimed by a job: never sent twice, even if that job dies
    SENT = "sent"
    FAILED = "failed"


class Notification(TenantScoped, table=True):
    """An in-app message to one user (the bell), mailed too when SMTP is configured.

    `dedup_key` is unique per tenant: whatever makes a notification twice makes it once.
    """

    __tablename__ = "notification"
    __table_args__ = (
        _user_fk(),
        UniqueConstraint("tenant_id", "dedup_key", name="uq_notification_dedup"),
        Index("ix_notification_user", "tenant_id", "user_id", "read_at"),
    )

    user_id: uuid.UUID
    kind: NotificationKind = Field(sa_type=enum_type(NotificationKind, "notification_kind"))
    title: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    target_type: str | None = Field(default=None, max_length=64)
    target_id: str | None = Field(default=None, max_length=64)
    dedup_key: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    read_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    email_state: EmailState = Field(
        default=EmailState.NONE, sa_type=enum_type(EmailState, "notification_email_state")
    )
    email_attempts: int = 0
    emailed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    email_error: str | None = Field(default=None, max_length=200)


class NotificationPreference(TenantScoped, table=True):
    """Where a user's notifications are mailed (users set their own address)."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        _user_fk(),
        UniqueConstraint("tenant_id", "user_id", name="uq_notification_preference_user"),
    )

    user_id: uuid.UUID
    email: str | None = Field(default=None, max_length=254)
    email_enabled: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
