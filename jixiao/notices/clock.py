"""The tenant's time zone, for the dates and days people read (reminders, exports)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import select

from jixiao.platform.db import JixiaoSession
from jixiao.tenants.models import TenantSetting

DEFAULT_ZONE = "Asia/Shanghai"


def tenant_zone(session: JixiaoSession) -> ZoneInfo:
    """The session tenant's time zone (setting `timezone`)."""
    value = session.exec(select(TenantSetting.value).where(TenantSetting.key == "timezone")).first()
    try:
        return ZoneInfo(value or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(DEFAULT_ZONE)
