"""The tenant's time zone, for the dates and days people read (reminders, exports)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from jixiao.platform.db import JixiaoSession
from jixiao.tenants.values import setting_value

DEFAULT_ZONE = "Asia/Shanghai"


def tenant_zone(session: JixiaoSession) -> ZoneInfo:
    """The session tenant's time zone (setting `timezone`)."""
    value = setting_value(session, "timezone")
    try:
        return ZoneInfo(value or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_ZONE)
