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


@strawberry.type(name="NoticeAttachment", description="A file attached to a notice.")
class NoticeAttachmentType:
    model: strawberry.Private[models.NoticeAttachment]

    @strawberry.field(description="The attachment's global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("NoticeAttachment", self.model.id)

    @strawberry.field(description="The name it was uploaded with.")
    def file_name(self) -> str:
        return self.model.file_name

    @strawberry.field(description="Its media type, e.g. `application/pdf`.")
    def content_type(self) -> str:
        return self.model.content_type

    @strawberry.field(description="Its size in bytes.")
    def size_bytes(self) -> int:
        return self.model.size_bytes

    @strawberry.field(description="SHA-256 of the file, hex.")
    def sha256(self) -> str:
        return self.model.sha256

    @strawberry.field(description="GET this URL (same session) to download the file.")
    def download_url(self) -> str:
        return f"{NOTICE_FILES}/{to_global_id('NoticeAttachment', self.model.id)}"


@strawberry.type(name="Notice", description="An announcement (通知公告).")
class NoticeType(Node):
    details: strawberry.Private[NoticeDetails]

    @strawberry.field(description="The notice's global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("Notice", self.details.notice.id)

    @strawberry.field(description="The notice's title, up to 200 characters.")
    def title(self) -> str:
        return self.details.notice.title

    @strawberry.field(description="Sanitised HTML: safe to render as is.")
    def body_html(self) -> str:
        return self.details.notice.body_html

    @strawberry.field(description="Draft, published or withdrawn; readers see only published ones.")
    def status(self) -> NoticeStatus:
        return self.details.notice.status

    @strawberry.field(description="Shown above the others.")
    def pinned(self) -> bool:
        return self.details.notice.pinned

    @strawberry.field(description="After this moment readers no longer see it.")
    def expires_at(self) -> datetime | None:
        return self.details.notice.expires_at

    @strawberry.field(description="When it was last published; null for a draft never published.")
    def published_at(self) -> datetime | None:
        return self.details.notice.published_at

    @strawberry.field(description="When it was written.")
    def created_at(self) -> datetime:
        return self.details.notice.created_at

    @strawberry.field(description="When it last changed.")
    def updated_at(self) -> datetime:
        return self.details.notice.updated_at

    @strawberry.field(description="Who wrote it; null if unknown.")
    def author_name(self) -> str | None:
        return self.details.notice.author_name

    @strawberry.field(description="Who it is for.")
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

    @strawberry.field(description="Its files (at most 20).")
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

    @strawberry.field(description="The person's global id (User).")
    def user_id(self) -> strawberry.ID:
        return to_global_id("User", self.row.user.id)

    @strawberry.field(description="Their sign-in name.")
    def username(self) -> str:
        return self.row.user.username

    @strawberry.field(description="Their name as shown.")
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


@strawberry.type(name="Notification", description="A message in your bell.")
class NotificationType:
    model: strawberry.Private[models.Notification]

    @strawberry.field(description="The notification's global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("Notification", self.model.id)

    @strawberry.field(description="What sort of message it is.")
    def kind(self) -> NotificationKind:
        return self.model.kind

    @strawberry.field(description="A short title, up to 200 characters.")
    def title(self) -> str:
        return self.model.title

    @strawberry.field(description="The message, plain text, up to 2000 characters.")
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

    @strawberry.field(description="When it was made.")
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="When you marked it read; null while unread.")
    def read_at(self) -> datetime | None:
        return self.model.read_at

    @strawberry.field(description="Whether and how it was mailed to you.")
    def email_state(self) -> EmailState:
        return self.model.email_state


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
