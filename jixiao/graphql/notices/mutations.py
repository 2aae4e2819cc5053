"""Notice mutations (the office writes, publishes, reminds; readers mark read) and the bell's."""

from __future__ import annotations

import uuid

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.notices.types import (
    DeleteNoticePayload,
    NoticeInput,
    NoticePayload,
    NoticeType,
    NotificationSettingsInput,
    NotificationSettingsPayload,
    NotificationSettingsType,
    NotificationsReadPayload,
    RemindPayload,
)
from jixiao.graphql.relay import from_global_id
from jixiao.notices import notifications, reading, service
from jixiao.notices.details import notice_details
from jixiao.notices.models import Notice
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Forbidden
from jixiao.policies import permissions as p
from jixiao.policies.guards import Authenticated, requires


def _shown(session: JixiaoSession, notice: Notice, subject: Subject) -> NoticeType:
    [details] = notice_details(session, [notice], viewer_id=subject.user_id, manager=True)
    return NoticeType.of(details)


def _own(subject: Subject) -> uuid.UUID:
    """The signed-in user acting for themselves (operators have no notices nor bell)."""
    if subject.tenant is None or subject.user_id is None:
        raise Forbidden("只有本单位用户可以这样做", field=None)
    return subject.user_id


@strawberry.type
class NoticeMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Write a notice (a draft until published).",
        metadata={AUDIT_ACTION: "notice.create"},
    )
    async def create_notice(self, info: Info, input: NoticeInput) -> NoticePayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NoticeType:
            notice = service.create_notice(session, input.to_domain(), actor=subject)
            return _shown(session, notice, subject)

        notice, errors = await attempt(lambda: info.context.write(work))
        return NoticePayload(notice=notice, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Change a notice; attachments it no longer lists are deleted.",
        metadata={AUDIT_ACTION: "notice.update"},
    )
    async def update_notice(
        self, info: Info, id: strawberry.ID, input: NoticeInput
    ) -> NoticePayload:
        subject, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> NoticeType:
            notice = service.update_notice(
                session,
                from_global_id(id, "Notice"),
                input.to_domain(),
                actor=subject,
                store=files,
            )
            return _shown(session, notice, subject)

        notice, errors = await attempt(lambda: info.context.write(work))
        return NoticePayload(notice=notice, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Publish a notice to its audience.",
        metadata={AUDIT_ACTION: "notice.publish"},
    )
    async def publish_notice(self, info: Info, id: strawberry.ID) -> NoticePayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NoticeType:
            notice = service.publish_notice(session, from_global_id(id, "Notice"), actor=subject)
            return _shown(session, notice, subject)

        notice, errors = await attempt(lambda: info.context.write(work))
        return NoticePayload(notice=notice, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Withdraw a published notice: its audience no longer sees it.",
        metadata={AUDIT_ACTION: "notice.withdraw"},
    )
    async def withdraw_notice(self, info: Info, id: strawberry.ID) -> NoticePayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NoticeType:
            notice = service.withdraw_notice(session, from_global_id(id, "Notice"), actor=subject)
            return _shown(session, notice, subject)

        notice, errors = await attempt(lambda: info.context.write(work))
        return NoticePayload(notice=notice, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Delete a notice with its receipts and attachments.",
        metadata={AUDIT_ACTION: "notice.delete"},
    )
    async def delete_notice(self, info: Info, id: strawberry.ID) -> DeleteNoticePayload:
        subject, files = info.context.subject, info.context.files

        def work(session: JixiaoSession) -> strawberry.ID:
            service.delete_notice(session, from_global_id(id, "Notice"), actor=subject, store=files)
            return id

        deleted, errors = await attempt(lambda: info.context.write(work))
        return DeleteNoticePayload(deleted_id=deleted, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Notify everyone of the audience who has not read it yet (催阅).",
        metadata={AUDIT_ACTION: "notice.remind"},
    )
    async def remind_notice_unread(self, info: Info, id: strawberry.ID) -> RemindPayload:
        subject, mail = info.context.subject, info.context.settings.smtp_host is not None
        reminded, errors = await attempt(
            lambda: info.context.write(
                lambda s: reading.remind_unread(
                    s, from_global_id(id, "Notice"), actor=subject, mail=mail
                )
            )
        )
        return RemindPayload(reminded=reminded, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.NOTICE_READ)],
        description="Record that you have read a notice (its read receipt).",
        metadata={AUDIT_ACTION: "notice.read"},
    )
    async def mark_notice_read(self, info: Info, id: strawberry.ID) -> NoticePayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NoticeType:
            user_id = _own(subject)
            notice, _ = reading.mark_read(
                session, user_id, from_global_id(id, "Notice"), actor=subject
            )
            [details] = notice_details(session, [notice], viewer_id=user_id, manager=False)
            return NoticeType.of(details)

        notice, errors = await attempt(lambda: info.context.write(work))
        return NoticePayload(notice=notice, errors=errors)


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(
        permission_classes=[Authenticated],
        description="Mark these notifications of yours read.",
        metadata={AUDIT_ACTION: "notification.read"},
    )
    async def mark_notifications_read(
        self, info: Info, ids: list[strawberry.ID]
    ) -> NotificationsReadPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NotificationsReadPayload:
            user_id = _own(subject)
            wanted = [from_global_id(i, "Notification", field="ids") for i in ids]
            marked = notifications.mark_read(session, user_id, wanted)
            return NotificationsReadPayload(
                marked=marked, unread=notifications.unread_count(session, user_id)
            )

        payload, errors = await attempt(lambda: info.context.write(work))
        return payload or NotificationsReadPayload(errors=errors)

    @strawberry.mutation(
        permission_classes=[Authenticated],
        description="Mark all your notifications read.",
        metadata={AUDIT_ACTION: "notification.read"},
    )
    async def mark_all_notifications_read(self, info: Info) -> NotificationsReadPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NotificationsReadPayload:
            marked = notifications.mark_read(session, _own(subject))
            return NotificationsReadPayload(marked=marked, unread=0)

        payload, errors = await attempt(lambda: info.context.write(work))
        return payload or NotificationsReadPayload(errors=errors)

    @strawberry.mutation(
        permission_classes=[Authenticated],
        description="Set where your notifications are mailed, and whether they are.",
        metadata={AUDIT_ACTION: "notification.settings.update"},
    )
    async def update_my_notification_settings(
        self, info: Info, input: NotificationSettingsInput
    ) -> NotificationSettingsPayload:
        subject = info.context.subject

        def work(session: JixiaoSession) -> NotificationSettingsType:
            row = notifications.set_preference(
                session,
                _own(subject),
                email=input.email,
                email_enabled=input.email_enabled,
                actor=subject,
            )
            return NotificationSettingsType(email=row.email, email_enabled=row.email_enabled)

        settings, errors = await attempt(lambda: info.context.write(work))
        return NotificationSettingsPayload(settings=settings, errors=errors)
