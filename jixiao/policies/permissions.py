"""Permission codes (`resource:action`), shared with the portal's menus and buttons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    platform: bool = False


TENANT_READ = Permission("tenant:read", "查看租户", platform=True)
TENANT_CREATE = Permission("tenant:create", "开通租户", platform=True)
TENANT_SUSPEND = Permission("tenant:suspend", "暂停/恢复租户", platform=True)
SETTING_READ = Permission("setting:read", "查看系统设置")
SETTING_WRITE = Permission("setting:write", "修改系统设置")

ALL: tuple[Permission, ...] = (
    TENANT_READ,
    TENANT_CREATE,
    TENANT_SUSPEND,
    SETTING_READ,
    SETTING_WRITE,
)
BY_CODE = {p.code: p for p in ALL}
PLATFORM_OPERATOR = frozenset(p.code for p in ALL if p.platform)
