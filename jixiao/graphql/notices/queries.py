"""Notice and notification queries: the office's list and receipts, a reader's notices, the bell."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.notices.enums import NoticeStatus
from jixiao.graphql.notices.types import (
    NoticeConnection,
    NoticeReceiptConnection,
    NoticeReceiptType,
    NoticeType,
    NotificationConnection,
    NotificationSettingsType,
    NotificationType,
    UnreadCounts,
)
from jixiao.graphql.relay import connection, from_global_id
from jixiao.notices import notifications, reading, service
from jixiao.notices.details import notice_details
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page
from jixiao.policies import permissions as p
from jixiao.policies.guards import Authenticated, requires


@strawberry.type
class NoticeQueries:
    @strawberry.field(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="Every notice of your government, newest first (the office's list).",
    )
    async def notices(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: NoticeStatus | None = None,
        search: str | None = None,
    ) -> NoticeConnection:
        viewer = info.context.subject.user_id

        def work(session: JixiaoSession) -> Page[NoticeType]:
            page = service.list_notices(
                session, status=status, search=search, first=first, after=after
            )
            found = notice_details(session, page.items, viewer_id=viewer, manager=True)
            return Page([NoticeType.of(d) for d in found], page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires(p.NOTICE_READ)],
        description="One notice you may read (the office: any); null when there is none.",
    )
    async def notice(self, info: Info, id: strawberry.ID) -> NoticeType | None:
        subject = info.context.subject
        if subject.user_id is None:
            return None
        reader = reading.Reader(subject.user_id, manager=subject.can(p.NOTICE_WRITE.code))

        def work(session: JixiaoSession) -> NoticeType | None:
            try:
                notice = reading.readable_notice(session, reader, from_global_id(id, "Notice"))
            except NotFound:
                return None
            [details] = notice_details(
                session, [notice], viewer_id=reader.user_id, manager=reader.manager
            )
            return NoticeType.of(details)

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[requires(p.NOTICE_READ)],
        description="Your notices: pinned first, then the newest; each with when you read it.",
    )
    async def my_notices(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: Annotated[
            bool, strawberry.argument(description="True: only the notices you have not read yet.")
        ] = False,
    ) -> NoticeConnection:
        user_id = info.context.subject.user_id
        if user_id is None:
            return connection(Page([], [], False), lambda n: n, after=after)

        def work(session: JixiaoSession) -> Page[NoticeType]:
            page = reading.my_notices(
                session, user_id, unread_only=unread_only, first=first, after=after
            )
            found = notice_details(
                session, [n for n, _ in page.items], viewer_id=user_id, manager=False
            )
            return Page([NoticeType.of(d) for d in found], page.cursors, page.has_next)

        return connection(await info.context.read(work), lambda n: n, after=after)

    @strawberry.field(
        permission_classes=[requires(p.NOTICE_WRITE)],
        description="A notice's audience by username with when each read it; `read` picks "
        "those who have (true) or have not (false).",
    )
    async def notice_receipts(
        self,
        info: Info,
        notice_id: Annotated[
            strawberry.ID, strawberry.argument(description="The notice's global id.")
        ],
        read: Annotated[
            bool | None,
            strawberry.argument(
                description="True: those who have read it; false: those who have not; null: "
                "everyone."
            ),
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> NoticeReceiptConnection:
        def work(session: JixiaoSession) -> Page[reading.ReceiptRow]:
            target = from_global_id(notice_id, "Notice", field="noticeId")
            return reading.receipts(session, target, read=read, first=first, after=after)

        page = await info.context.read(work)
        return connection(page, NoticeReceiptType.of, after=after)

    @strawberry.field(
        permission_classes=[Authenticated],
        description="Your unread notices and notifications (the portal's header and bell).",
    )
    async def unread_counts(self, info: Info) -> UnreadCounts:
        subject = info.context.subject
        user_id = subject.user_id
        if subject.tenant is None or user_id is None:
            return UnreadCounts(notices=0, notifications=0)
        can_read = subject.can(p.NOTICE_READ.code)

        def work(session: JixiaoSession) -> UnreadCounts:
            return UnreadCounts(
                notices=reading.unread_notices(session, user_id) if can_read else 0,
                notifications=notifications.unread_count(session, user_id),
            )

        return await info.context.read(work)

    @strawberry.field(
        permission_classes=[Authenticated], description="Your notifications, newest first."
    )
    async def my_notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: Annotated[
            bool,
            strawberry.argument(
                description="True: only the notifications you have not marked read."
            ),
        ] = False,
    ) -> NotificationConnection:
        subject = info.context.subject
        user_id = subject.user_id
        if subject.tenant is None or user_id is None:
            return connection(Page([], [], False), lambda n: n, after=after)
        page = await info.context.read(
            lambda s: notifications.list_notifications(
                s, user_id, unread_only=unread_only, first=first, after=after
            )
        )
        return connection(page, NotificationType.of, after=after)

    @strawberry.field(
        permission_classes=[Authenticated], description="Where your notifications are mailed."
    )
    async def my_notification_settings(self, info: Info) -> NotificationSettingsType:
        subject = info.context.subject
        user_id = subject.user_id
        if subject.tenant is None or user_id is None:
            return NotificationSettingsType(email=None, email_enabled=False)
        row = await info.context.read(lambda s: notifications.preference_of(s, user_id))
        if row is None:
            return NotificationSettingsType(email=None, email_enabled=True)
        return NotificationSettingsType(email=row.email, email_enabled=row.email_enabled)
