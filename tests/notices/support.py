"""GraphQL documents of the notices tests, and a notice's input."""

from __future__ import annotations

from typing import Any

NOTICE_FIELDS = """
  id title bodyHtml status pinned expiresAt publishedAt readAt readCount audienceCount
  audience { everyone roles { code name } users { userId displayName } units { unitId name } }
  attachments { id fileName contentType sizeBytes downloadUrl }
"""
CREATE = f"""
mutation Create($input: NoticeInput!) {{
  createNotice(input: $input) {{ notice {{ {NOTICE_FIELDS} }} errors {{ code message field }} }}
}}"""
UPDATE = f"""
mutation Update($id: ID!, $input: NoticeInput!) {{
  updateNotice(id: $id, input: $input) {{ notice {{ {NOTICE_FIELDS} }} errors {{ code message field }} }}
}}"""
PUBLISH = f"""
mutation Publish($id: ID!) {{
  publishNotice(id: $id) {{ notice {{ {NOTICE_FIELDS} }} errors {{ code message field }} }}
}}"""
WITHDRAW = """
mutation Withdraw($id: ID!) {
  withdrawNotice(id: $id) { notice { status } errors { code message field } }
}"""
DELETE = """
mutation Delete($id: ID!) { deleteNotice(id: $id) { deletedId errors { code message field } } }"""
MARK_READ = """
mutation Read($id: ID!) { markNoticeRead(id: $id) { notice { readAt } errors { code message } } }"""
REMIND = """
mutation Remind($id: ID!) { remindNoticeUnread(id: $id) { reminded errors { code message } } }"""
MY_NOTICES = f"""
query Mine($unreadOnly: Boolean, $first: Int, $after: String) {{
  myNotices(unreadOnly: $unreadOnly, first: $first, after: $after) {{
    edges {{ cursor node {{ {NOTICE_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
NOTICE = f"query One($id: ID!) {{ notice(id: $id) {{ {NOTICE_FIELDS} }} }}"
RECEIPTS = """
query Receipts($id: ID!, $read: Boolean) {
  noticeReceipts(noticeId: $id, read: $read) { nodes { username displayName readAt } }
}"""
COUNTS = "{ unreadCounts { notices notifications } }"
BELL = """
query Bell($unreadOnly: Boolean) {
  myNotifications(unreadOnly: $unreadOnly) {
    nodes { id kind title body targetType targetId readAt emailState }
  }
}"""
SET_EMAIL = """
mutation Mail($input: NotificationSettingsInput!) {
  updateMyNotificationSettings(input: $input) {
    settings { email emailEnabled } errors { code message field }
  }
}"""


def notice_input(
    title: str = "关于开展2026年第一季度绩效填报的通知", **changes: Any
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "title": title,
        "bodyHtml": "<p>请各单位于<strong>3月31日</strong>前完成填报。</p>",
        "audience": {"everyone": True},
    }
    value.update(changes)
    return value
