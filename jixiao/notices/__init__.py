"""Notices (通知公告) with read receipts, in-app and e-mail notifications, deadline reminders."""
