"""The settings every tenant starts with, and the rules their values follow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jixiao.platform.errors import InvalidInput


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: str
    check: Callable[[str], str | None]  # returns a problem, or None when the value is fine


def _whole_number(low: int, high: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if not value.isdigit() or not low <= int(value) <= high:
            return f"须为 {low} 到 {high} 之间的整数"
        return None

    return check


def _one_of(*choices: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in choices else f"须为 {' / '.join(choices)} 之一"

    return check


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("locale", "界面语言", "zh-CN", _one_of("zh-CN", "en")),
    SettingSpec("timezone", "时区", "Asia/Shanghai", _one_of("Asia/Shanghai", "Asia/Urumqi")),
    # Cybersecurity Law art. 21: logs are kept at least six months.
    SettingSpec("audit_retention_days", "日志保留天数", "180", _whole_number(180, 3650)),
    SettingSpec("reminder_days_before", "截止前提醒天数", "3", _whole_number(0, 30)),
    SettingSpec("upload_max_mb", "附件大小上限（MB）", "20", _whole_number(1, 200)),
    # The supervision board's lights: percent of the period's milestone reached.
    SettingSpec(
        "supervision_green_percent", "督查绿灯线（完成进度 %）", "90", _whole_number(1, 100)
    ),
    SettingSpec(
        "supervision_yellow_percent", "督查黄灯线（完成进度 %）", "60", _whole_number(0, 100)
    ),
)
BY_KEY = {spec.key: spec for spec in SPECS}


def validate(key: str, value: str) -> str:
    """The value to store for `key`, or an InvalidInput naming what is wrong."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise InvalidInput(f"未知的设置项「{key}」", field="key")
    value = value.strip()
    problem = spec.check(value)
    if problem:
        raise InvalidInput(
            f"设置项「{spec.label}」({key}) {problem}，收到「{value}」", field="value"
        )
    return value
