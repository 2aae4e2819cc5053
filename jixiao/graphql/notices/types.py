"""GraphQL types of notices and notifications."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from jixiao.graphql.errors import UserError
from jixiao.graphql.notices.enums import EmailState, NoticeStatus, NotificationKind
from jixiao.graphql.relay import Connection, Node, from_global_id, to_global_id
from jixiao.notices import models
from jixiao.notices.details import NoticeDetails
from jixiao.notices.reading import ReceiptRow
from jixiao.notices.service import Audience, NoticeDraft

NOTICE_FILES = "/files/notices"


@strawberry.type(description="A role in a notice's audience.")
class AudienceRole:
    code: str = strawberry.field(description="The role's code.")
    name: str = strawberry.field(description="The role's name.")


@strawberry.type(description="A person named in a notice's audience.")
class AudienceUser:
    user_id: strawberry.ID = strawberry.field(description="The person's global id (User).")
    display_name: str = strawberry.field(description="The person's name as shown.")


@strawberry.type(description="A unit (考评对象) whose people are in a notice's audience.")
class AudienceUnit:
    unit_id: strawberry.ID = strawberry.field(
        description="The unit's global id: everyone whose unit it is reads the notice."
    )
    name: str = strawberry.field(description="The unit's name.")


@strawberry.type(name="NoticeAudience", description="Who a notice is for.")
class NoticeAudienceType:
    everyone: bool = strawberry.field(
        description="Everyone of your government; the lists are then empty."
    )
    roles: list[AudienceRole] = strawberry.field(description="Holders of these roles.")
    users: list[AudienceUser] = strawberry.field(description="These people, by name.")
    units: list[AudienceUnit] = strawberry.field(
        description="The people of these units (考评对象)."
    )


def audience_of(details: NoticeDetails) -> NoticeAudienceType:
    """A notice's audience, its entries named."""
    entries = details.audience
    kind = models.AudienceKind
    return NoticeAudienceType(
        everyone=details.notice.audience_all,
        roles=[AudienceRole(code=e.ref, name=e.label) for e in entries if e.kind is kind.ROLE],
        users=[
            AudienceUser(user_id=to_global_id("User", uuid.UUID(e.ref)), display_name=e.label)
            for e in entries
            if e.kind is kind.USER
        ],
        units=[
            AudienceUnit(unit_id=to_global_id("Unit", uuid.UUID(e.ref)), name=e.label)
            for e in entries
            if e.kind is kind.UNIT
        ],
    )


@strawberry.type(name="NoticeAttachment", description="A file attached to a notice.")
class NoticeAttachmentType:
    id: strawberry.ID = strawberry.field(description="The attachment's global id.")
    file_name: str = strawberry.field(description="The name it was uploaded with.")
    content_type: str = strawberry.field(description="Its media type, e.g. `application/pdf`.")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the file, hex.")
    download_url: str = strawberry.field(
        description="GET this URL (same session) to download the file."
    )

    @classmethod
    def of(cls, row: models.NoticeAttachment) -> NoticeAttachmentType:
        return cls(
            id=to_global_id("NoticeAttachment", row.id),
            file_name=row.file_name,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            download_url=f"{NOTICE_FILES}/{to_global_id('NoticeAttachment', row.id)}",
        )


@strawberry.type(name="Notice", description="An announcement (通知公告).")
class NoticeType(Node):
    id: strawberry.ID = strawberry.field(description="The notice's global id.")
    title: str = strawberry.field(description="The notice's title, up to 200 characters.")
    body_html: str = strawberry.field(description="Sanitised HTML: safe to render as is.")
    status: NoticeStatus = strawberry.field(
        description="Draft, published or withdrawn; readers see only published ones."
    )
    pinned: bool = strawberry.field(description="Shown above the others.")
    expires_at: datetime | None = strawberry.field(
        description="After this moment readers no longer see it."
    )
    published_at: datetime | None = strawberry.field(
        description="When it was last published; null for a draft never published."
    )
    created_at: datetime = strawberry.field(description="When it was written.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    author_name: str | None = strawberry.field(description="Who wrote it; null if unknown.")
    audience: NoticeAudienceType = strawberry.field(description="Who it is for.")
    attachments: list[NoticeAttachmentType] = strawberry.field(
        description="Its files (at most 20)."
    )
    read_at: datetime | None = strawberry.field(description="When you read it (null: not yet).")
    read_count: int | None = strawberry.field(
        description="How many of its audience have read it (the office only)."
    )
    audience_count: int | None = strawberry.field(
        description="How many people its audience has (the office only)."
    )

    @classmethod
    def of(cls, details: NoticeDetails) -> NoticeType:
        return cls(
            id=to_global_id("Notice", details.notice.id),
            title=details.notice.title,
            body_html=details.notice.body_html,
            status=details.notice.status,
            pinned=details.notice.pinned,
            expires_at=details.notice.expires_at,
            published_at=details.notice.published_at,
            created_at=details.notice.created_at,
            updated_at=details.notice.updated_at,
            author_name=details.notice.author_name,
            audience=audience_of(details),
            attachments=[NoticeAttachmentType.of(a) for a in details.attachments],
            read_at=details.read_at,
            read_count=details.read_count,
            audience_count=details.audience_count,
        )


NoticeConnection = Connection[NoticeType]


@strawberry.type(name="NoticeReceipt", description="A member of a notice's audience.")
class NoticeReceiptType:
    user_id: strawberry.ID = strawberry.field(description="The person's global id (User).")
    username: str = strawberry.field(description="Their sign-in name.")
    display_name: str = strawberry.field(description="Their name as shown.")
    read_at: datetime | None = strawberry.field(description="When they read it (null: not yet).")

    @classmethod
    def of(cls, row: ReceiptRow) -> NoticeReceiptType:
        return cls(
            user_id=to_global_id("User", row.user.id),
            username=row.user.username,
            display_name=row.user.display_name,
            read_at=row.read_at,
        )


NoticeReceiptConnection = Connection[NoticeReceiptType]


@strawberry.input(description="Who a notice is for: everyone, or any mix of the lists.")
class NoticeAudienceInput:
    everyone: bool | None = strawberry.field(
        default=None, description="Everyone of your government (default: when no list is given)."
    )
    role_codes: list[str] = strawberry.field(
        description="Codes of roles whose holders read it.", default_factory=list
    )
    user_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of people who read it.", default_factory=list
    )
    unit_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of units whose people read it.", default_factory=list
    )

    def to_domain(self) -> Audience:
        named = bool(self.role_codes or self.user_ids or self.unit_ids)
        return Audience(
            everyone=(not named) if self.everyone is None else self.everyone,
            role_codes=tuple(self.role_codes),
            user_ids=tuple(from_global_id(i, "User", field="userIds") for i in self.user_ids),
            unit_ids=tuple(from_global_id(i, "Unit", field="unitIds") for i in self.unit_ids),
        )


@strawberry.input(description="A notice as the office writes it.")
class NoticeInput:
    title: str = strawberry.field(description="The title: not empty, up to 200 characters.")
    body_html: str = strawberry.field(description="HTML; kept only what is safe (sanitised).")
    audience: NoticeAudienceInput | None = strawberry.field(
        default=None, description="Who it is for; left out: everyone."
    )
    pinned: bool = strawberry.field(default=False, description="Shown above the others (置顶).")
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="After this moment readers no longer see it: with a time zone, in the "
        "future; null: never.",
    )
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Files uploaded to /files/notices first."
    )

    def to_domain(self) -> NoticeDraft:
        return NoticeDraft(
            title=self.title,
            body_html=self.body_html,
            audience=(self.audience or NoticeAudienceInput()).to_domain(),
            pinned=self.pinned,
            expires_at=self.expires_at,
            attachment_ids=tuple(
                from_global_id(i, "NoticeAttachment", field="attachmentIds")
                for i in self.attachment_ids
            ),
        )


@strawberry.type(description="The notice after the step, or why it was refused.")
class NoticePayload:
    notice: NoticeType | None = strawberry.field(
        default=None, description="The notice as it is now; null when the step was refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="The deleted notice's id, or why it was not deleted.")
class DeleteNoticePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="The deleted notice's global id; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="How many were reminded to read a notice (催阅), or why not.")
class RemindPayload:
    reminded: int | None = strawberry.field(
        default=None, description="People notified now (those reminded today already are not)."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


def target_of(row: models.Notification) -> strawberry.ID | None:
    """The global id of what a notification is about, when it has one."""
    if row.target_type == "notice" and row.target_id:
        return to_global_id("Notice", uuid.UUID(row.target_id))
    return None


@strawberry.type(name="Notification", description="A message in your bell.")
class NotificationType:
    id: strawberry.ID = strawberry.field(description="The notification's global id.")
    kind: NotificationKind = strawberry.field(description="What sort of message it is.")
    title: str = strawberry.field(description="A short title, up to 200 characters.")
    body: str = strawberry.field(description="The message, plain text, up to 2000 characters.")
    target_type: str | None = strawberry.field(
        description="What it is about, e.g. `notice` (with targetId)."
    )
    target_id: strawberry.ID | None = strawberry.field(
        description="The global id of what it is about, when it has one."
    )
    created_at: datetime = strawberry.field(description="When it was made.")
    read_at: datetime | None = strawberry.field(
        description="When you marked it read; null while unread."
    )
    email_state: EmailState = strawberry.field(description="Whether and how it was mailed to you.")

    @classmethod
    def of(cls, row: models.Notification) -> NotificationType:
        return cls(
            id=to_global_id("Notification", row.id),
            kind=row.kind,
            title=row.title,
            body=row.body,
            target_type=row.target_type,
            target_id=target_of(row),
            created_at=row.created_at,
            read_at=row.read_at,
            email_state=row.email_state,
        )


NotificationConnection = Connection[NotificationType]


@strawberry.type(description="Unread counts for the portal's header.")
class UnreadCounts:
    notices: int = strawberry.field(description="Your notices you have not read.")
    notifications: int = strawberry.field(description="Your unread notifications (the bell).")


@strawberry.type(name="NotificationSettings", description="Where your notifications are mailed.")
class NotificationSettingsType:
    email: str | None = strawberry.field(
        description="The address your notifications are mailed to; null: none set."
    )
    email_enabled: bool = strawberry.field(
        description="Whether they are mailed (when the server has e-mail and you an address)."
    )


@strawberry.input(description="Where your notifications are mailed, and whether they are.")
class NotificationSettingsInput:
    email: str | None = strawberry.field(
        default=None, description="The address to mail to; empty or null clears it."
    )
    email_enabled: bool = strawberry.field(
        default=True, description="Whether to mail notifications; default true."
    )


@strawberry.type(description="Your notification settings as saved, or why they were not.")
class NotificationSettingsPayload:
    settings: NotificationSettingsType | None = strawberry.field(
        default=None, description="Your settings as saved; null when refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )


@strawberry.type(description="How many notifications were marked read, or why not.")
class NotificationsReadPayload:
    marked: int | None = strawberry.field(default=None, description="How many were unread.")
    unread: int | None = strawberry.field(default=None, description="Unread ones left.")
    errors: list[UserError] = strawberry.field(
        description="Why the step was refused; empty when it was done.", default_factory=list
    )
