"""The enums of notices and notifications, with what each value means."""

from __future__ import annotations

import strawberry

from jixiao.graphql.enum_docs import describe_values
from jixiao.notices import models

strawberry.enum(models.NoticeStatus, name="NoticeStatus", description="草稿 / 已发布 / 已撤回")
describe_values(
    "NoticeStatus",
    {
        "DRAFT": "草稿: written, not yet published; only the office sees it.",
        "PUBLISHED": "已发布: its audience sees it until it expires or is withdrawn.",
        "WITHDRAWN": "已撤回: taken back; its audience no longer sees it. It may be published "
        "again.",
    },
)
strawberry.enum(
    models.NotificationKind, name="NotificationKind", description="What a notification is about."
)
describe_values(
    "NotificationKind",
    {
        "NOTICE": "About a notice (通知公告), e.g. a reminder to read it (催阅).",
        "REMINDER": "A deadline is near or has passed.",
        "ALERT": "Something is wrong, e.g. a break in the audit log's chain.",
        "WORKFLOW": "A step that concerns you: a return, an approval, a publication, an appeal…",
    },
)
strawberry.enum(
    models.EmailState,
    name="NotificationEmailState",
    description="Whether a notification was mailed too.",
)
describe_values(
    "NotificationEmailState",
    {
        "NONE": "Not mailed: the server has no e-mail, or you no address or e-mail turned off.",
        "PENDING": "Waiting to be mailed (again, after a failed attempt).",
        "SENDING": "Being mailed now; never mailed twice.",
        "SENT": "Mailed.",
        "FAILED": "Mailing failed after the last attempt; it stays in the bell.",
    },
)
NoticeStatus = models.NoticeStatus
NotificationKind = models.NotificationKind
EmailState = models.EmailState
