"""A tenant's value of a setting, read where a rule needs it (its default when never stored)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from sqlmodel import col, select

from jixiao.platform.db import JixiaoSession
from jixiao.tenants.models import TenantSetting
from jixiao.tenants.settings import BY_KEY

Choice = TypeVar("Choice", bound=StrEnum)


def setting_value(session: JixiaoSession, key: str) -> str | None:
    """The session tenant's stored value of setting `key`; None when never set."""
    return session.exec(select(TenantSetting.value).where(TenantSetting.key == key)).first()


def setting_values(session: JixiaoSession, keys: Iterable[str]) -> dict[str, str]:
    """The session tenant's stored values of these settings (those never set are left out)."""
    wanted = list(keys)
    rows = session.exec(
        select(TenantSetting.key, TenantSetting.value).where(col(TenantSetting.key).in_(wanted))
    ).all()
    return dict(rows)


def tenant_setting_value(session: JixiaoSession, tenant_id: uuid.UUID, key: str) -> str | None:
    """Another tenant's stored value of setting `key` (a platform session's read)."""
    return session.exec(
        select(TenantSetting.value).where(
            TenantSetting.tenant_id == tenant_id, TenantSetting.key == key
        )
    ).first()


def setting_choice(session: JixiaoSession, key: str, choices: type[Choice]) -> Choice:
    """The session tenant's choice of setting `key` (the catalogue's default when never set,
    or when the stored value is no longer one of the choices)."""
    value = setting_value(session, key)
    try:
        return choices(value or BY_KEY[key].default)
    except ValueError:
        return choices(BY_KEY[key].default)


def setting_number(session: JixiaoSession, key: str) -> int:
    """The session tenant's whole-number setting `key` (the catalogue's default when never
    set, or when the stored value is not a whole number)."""
    value = setting_value(session, key)
    return int(value if value is not None and value.isdigit() else BY_KEY[key].default)
