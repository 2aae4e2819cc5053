"""A tenant's value of a setting, read where a rule needs it (its default when never stored);
the stored values are read in `tenants.queries`."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from jixiao.platform.db import JixiaoSession
from jixiao.tenants.queries import setting_value as setting_value  # re-exported
from jixiao.tenants.queries import setting_values as setting_values  # re-exported
from jixiao.tenants.queries import tenant_setting_value as tenant_setting_value  # re-exported
from jixiao.tenants.settings import BY_KEY

Choice = TypeVar("Choice", bound=StrEnum)


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
