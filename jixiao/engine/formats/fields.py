"""Field readers that collect every issue of a file instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from jixiao.engine.formats.issues import FormatError, Issue, IssueCode
from jixiao.engine.formats.reading import InvalidNumber

_TYPE_NAMES: dict[type, str] = {
    str: "文本",
    bool: "布尔值",
    int: "整数",
    Decimal: "数字",
    list: "列表",
    dict: "映射",
    type(None): "空值（null）",
}


def describe(value: object) -> str:
    """How a wrong value reads in a message: its type and, if short, itself."""
    if isinstance(value, InvalidNumber):
        return f"无效的数字 {value}"
    kind = next((name for cls, name in _TYPE_NAMES.items() if type(value) is cls), None)
    if kind is None:
        kind = "浮点数（只接受精确小数）" if isinstance(value, float) else type(value).__name__
    if isinstance(value, str | int | Decimal) and len(str(value)) <= 40:
        return f"{kind} {value!r}" if isinstance(value, str) else f"{kind} {value}"
    return kind


def child(path: str, key: str | int) -> str:
    """Path of a key or index under a path (`scores[3].unit`)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Checker:
    """Reads typed fields from a loaded document and records what is wrong."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def add(self, path: str, message: str, code: IssueCode = IssueCode.INVALID) -> None:
        """Record one issue."""
        self.issues.append(Issue(self.file, path, message, code))

    def raise_if_any(self) -> None:
        """Raise FormatError with every issue recorded so far."""
        if self.issues:
            raise FormatError(self.issues)

    def mapping(
        self,
        value: object,
        path: str,
        required: Collection[str] = (),
        optional: Collection[str] = (),
    ) -> Mapping[str, Any] | None:
        """A mapping with exactly the known keys; unknown and missing keys are issues."""
        if not isinstance(value, Mapping):
            self.add(path, f"应为映射（键: 值），实际是{describe(value)}", IssueCode.WRONG_TYPE)
            return None
        for key in value:
            if key not in required and key not in optional:
                known = "、".join([*required, *optional])
                self.add(
                    child(path, str(key)),
                    f"未知的字段“{key}”（可用字段：{known}）",
                    IssueCode.UNKNOWN_KEY,
                )
        for key in required:
            if key not in value:
                self.add(child(path, key), f"缺少必填字段“{key}”", IssueCode.MISSING_FIELD)
        return value

    def items(self, value: object, path: str) -> list[Any]:
        """A list (an absent optional list is empty)."""
        if not isinstance(value, list):
            self.add(path, f"应为列表，实际是{describe(value)}", IssueCode.WRONG_TYPE)
            return []
        return value

    def text(self, value: object, path: str) -> str | None:
        """A non-empty string."""
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, bool | int | Decimal):
                # YAML reads yes/no/on/off as booleans and 010 as a number
                hint = "（代码或名称若形如 yes、no、on、off 或数字，请加引号）"
            self.add(path, f"应为文本，实际是{describe(value)}{hint}", IssueCode.WRONG_TYPE)
            return None
        if not value.strip():
            self.add(path, "不能为空", IssueCode.OUT_OF_RANGE)
            return None
        return value

    def flag(self, value: object, path: str) -> bool | None:
        """A boolean (true/false)."""
        if not isinstance(value, bool):
            self.add(path, f"应为 true 或 false，实际是{describe(value)}", IssueCode.WRONG_TYPE)
            return None
        return value

    def number(
        self,
        value: object,
        path: str,
        *,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
        what: str = "数值",
    ) -> Decimal | None:
        """An exact decimal number (int or Decimal, never float) within bounds."""
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.add(path, f"应为数字，实际是{describe(value)}", IssueCode.WRONG_TYPE)
            return None
        number = Decimal(value)
        if not number.is_finite():
            self.add(path, f"应为有限的数字，实际是 {value}", IssueCode.WRONG_TYPE)
            return None
        if positive and number <= 0:
            self.add(path, f"{what}必须大于0，实际是 {number}", IssueCode.OUT_OF_RANGE)
            return None
        if minimum is not None and number < minimum:
            message = "不能为负数" if minimum == 0 else f"不能小于 {minimum}"
            self.add(path, f"{what}{message}，实际是 {number}", IssueCode.OUT_OF_RANGE)
            return None
        if maximum is not None and number > maximum:
            self.add(path, f"{what}不能大于 {maximum}，实际是 {number}", IssueCode.OUT_OF_RANGE)
            return None
        return number

    def integer(
        self, value: object, path: str, *, minimum: int | None = None, what: str = "数值"
    ) -> int | None:
        """A whole number, at least `minimum`."""
        if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"应为整数，实际是{describe(value)}", IssueCode.WRONG_TYPE)
            return None
        if minimum is not None and value < minimum:
            message = "不能为负数" if minimum == 0 else f"不能小于 {minimum}"
            self.add(path, f"{what}{message}，实际是 {value}", IssueCode.OUT_OF_RANGE)
            return None
        return value

    def choice(self, value: object, path: str, allowed: Collection[str], what: str) -> str | None:
        """One of a fixed set of words."""
        text = self.text(value, path)
        if text is None:
            return None
        if text not in allowed:
            options = "、".join(allowed)
            self.add(path, f"未知的{what}“{text}”（可选：{options}）", IssueCode.INVALID)
            return None
        return text
