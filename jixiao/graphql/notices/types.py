"""GraphQL types of notices and notifications."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, from_global_id, to_global_id
from jixiao.notices import models
from jixiao.notices.details import NoticeDetails
from jixiao.notices.reading import ReceiptRow
from jixiao.notices.service import Audience, NoticeDraft

strawberry.enum(models.NoticeStatus, name="NoticeStatus", description="草稿 / 已发布 / 已撤回")
strawberry.enum(models.NotificationKind, name="NotificationKind")
strawberry.enum(models.EmailState, name="NotificationEmailState")
NoticeStatus = models.NoticeStatus
NotificationKind = models.NotificationKind
EmailState = models.EmailState
NOTICE_FILES = "/files/notices"


@strawberry.type(description="A role in a notice's audience.")
class AudienceRole:
    code: str
    name: str


@strawberry.type(description="A person named in a notice's audience.")
class AudienceUser:
    user_id: strawberry.ID
    display_name: str


@strawberry.type(description="A unit (考评对象) whose people are in a notice's audience.")
class AudienceUnit:
    unit_id: strawberry.ID
    name: str


@strawberry.type(name="NoticeAudience", description="Who a notice is for.")
class NoticeAudienceType:
    everyone: bool
    roles: list[AudienceRole]
    users: list[AudienceUser]
    units: list[AudienceUnit]


@strawberry.type(name="NoticeAttachment", description="A file attached to a notice.")
class NoticeAttachmentType:
    model: strawberry.Private[models.NoticeAttachment]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("NoticeAttachment", self.model.id)

    @strawberry.field
    def file_name(self) -> str:
        return self.model.file_name

    @strawberry.field
    def content_type(self) -> str:
        return self.model.content_type

    @strawberry.field
    def size_bytes(self) -> int:
        return self.model.size_bytes

    @strawberry.field(description="SHA-256 of the file, hex.")
    def sha256(self) -> str:
        return self.model.sha256

    @strawberry.field(description="GET this URL (same session) to download the file.")
    def download_url(self) -> str:
        return f"{NOTICE_FILES}/{to_global_id('NoticeAttachment', self.model.id)}"


@strawberry.type(name="Notice", description="An announcement (通知公告).")
class NoticeType:
    details: strawberry.Private[NoticeDetails]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Notice", self.details.notice.id)

    @strawberry.field
    def title(self) -> str:
        return self.details.notice.title

    @strawberry.field(description="Sanitised HTML: safe to render as is.")
    def body_html(self) -> str:
        return self.details.notice.body_html

    @strawberry.field
    def status(self) -> NoticeStatus:
        return self.details.notice.status

    @strawberry.field(description="Shown above the others.")
    def pinned(self) -> bool:
        return self.details.notice.pinned

    @strawberry.field(description="After this moment readers no longer see it.")
    def expires_at(self) -> datetime | None:
        return self.details.notice.expires_at

    @strawberry.field
    def published_at(self) -> datetime | None:
        return self.details.notice.published_at

    @strawberry.field
    def created_at(self) -> datetime:
        return self.details.notice.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.details.notice.updated_at

    @strawberry.field
    def author_name(self) -> str | None:
        return self.details.notice.author_name

    @strawberry.field
    def audience(self) -> NoticeAudienceType:
        entries = self.details.audience
        kind = models.AudienceKind
        return NoticeAudienceType(
            everyone=self.details.notice.audience_all,
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

    @strawberry.field
    def attachments(self) -> list[NoticeAttachmentType]:
        return [NoticeAttachmentType(model=a) for a in self.details.attachments]

    @strawberry.field(description="When you read it (null: not yet).")
    def read_at(self) -> datetime | None:
        return self.details.read_at

    @strawberry.field(description="How many of its audience have read it (the office only).")
    def read_count(self) -> int | None:
        return self.details.read_count

    @strawberry.field(description="How many people its audience has (the office only).")
    def audience_count(self) -> int | None:
        return self.details.audience_count


NoticeConnection = Connection[NoticeType]


@strawberry.type(name="NoticeReceipt", description="A member of a notice's audience.")
class NoticeReceiptType:
    row: strawberry.Private[ReceiptRow]

    @strawberry.field
    def user_id(self) -> strawberry.ID:
        return to_global_id("User", self.row.user.id)

    @strawberry.field
    def username(self) -> str:
        return self.row.user.username

    @strawberry.field
    def display_name(self) -> str:
        return self.row.user.display_name

    @strawberry.field(description="When they read it (null: not yet).")
    def read_at(self) -> datetime | None:
        return self.row.read_at


NoticeReceiptConnection = Connection[NoticeReceiptType]


@strawberry.input(description="Who a notice is for: everyone, or any mix of the lists.")
class NoticeAudienceInput:
    everyone: bool | None = strawberry.field(
        default=None, description="Everyone of your government (default: when no list is given)."
    )
    role_codes: list[str] = strawberry.field(default_factory=list)
    user_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    unit_ids: list[strawberry.ID] = strawberry.field(default_factory=list)

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
    title: str
    body_html: str = strawberry.field(description="HTML; kept only what is safe (sanitised).")
    audience: NoticeAudienceInput | None = None
    pinned: bool = False
    expires_at: datetime | None = None
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


@strawberry.type
class NoticePayload:
    notice: NoticeType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteNoticePayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RemindPayload:
    reminded: int | None = strawberry.field(
        default=None, description="People notified now (those reminded today already are not)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(name="Notification", description="A message in your bell.")
class NotificationType:
    model: strawberry.Private[models.Notification]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Notification", self.model.id)

    @strawberry.field
    def kind(self) -> NotificationKind:
        return self.model.kind

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def body(self) -> str:
        return self.model.body

    @strawberry.field(description="What it is about, e.g. `notice` (with targetId).")
    def target_type(self) -> str | None:
        return self.model.target_type

    @strawberry.field(description="The global id of what it is about, when it has one.")
    def target_id(self) -> strawberry.ID | None:
        if self.model.target_type == "notice" and self.model.target_id:
            return to_global_id("Notice", uuid.UUID(self.model.target_id))
        return None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def read_at(self) -> datetime | None:
        return self.model.read_at

    @strawberry.field
    def email_state(self) -> EmailState:
        return self.model.email_state


NotificationConnection = Connection[NotificationType]


@strawberry.type(description="Unread counts for the portal's header.")
class UnreadCounts:
    notices: int = strawberry.field(description="Your notices you have not read.")
    notifications: int = strawberry.field(description="Your unread notifications (the bell).")


@strawberry.type(name="NotificationSettings", description="Where your notifications are mailed.")
class NotificationSettingsType:
    email: str | None
    email_enabled: bool


@strawberry.input
class NotificationSettingsInput:
    email: str | None = None
    email_enabled: bool = True


@strawberry.type
class NotificationSettingsPayload:
    settings: NotificationSettingsType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsReadPayload:
    marked: int | None = strawberry.field(default=None, description="How many were unread.")
    unread: int | None = strawberry.field(default=None, description="Unread ones left.")
    errors: list[UserError] = strawberry.field(default_factory=list)
