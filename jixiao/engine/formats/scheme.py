"""`jixiao.scheme/1`: raw mapping → validated Scheme, and reading it from a file."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.engine.formats.fields import Checker, child
from jixiao.engine.formats.indicator_tree import parse_indicators
from jixiao.engine.formats.issues import FormatError, Issue, IssueCode
from jixiao.engine.formats.reading import read_document
from jixiao.engine.model import (
    INDICATORS_COMPONENT,
    QUARTERS,
    Band,
    BonusSetting,
    Component,
    Grade,
    Grading,
    Group,
    RatioGrading,
    Scheme,
    ThresholdGrading,
    Unit,
    UnitKind,
)

SCHEME_FORMAT = "jixiao.scheme/1"
_HUNDRED = Decimal(100)


def check_format(checker: Checker, raw: object, expected: str) -> Mapping[str, Any] | None:
    """The top-level mapping, if its `format` is the expected one."""
    if not isinstance(raw, Mapping):
        checker.add("", f"文件内容应为映射（format: {expected} …）", IssueCode.WRONG_FORMAT)
        return None
    found = raw.get("format")
    if found != expected:
        shown = "缺少 format 字段" if found is None else f"format 为“{found}”"
        checker.add("format", f"{shown}，此处需要 {expected}", IssueCode.WRONG_FORMAT)
        return None
    return raw


def load_scheme(path: Path) -> Scheme:
    """Read and validate a scheme file (YAML or JSON)."""
    return parse_scheme(read_document(path), str(path))


def parse_scheme(raw: object, file: str = "scheme") -> Scheme:
    """Validate a loaded `jixiao.scheme/1` document; raise FormatError listing every issue."""
    checker = Checker(file)
    top = check_format(checker, raw, SCHEME_FORMAT)
    checker.raise_if_any()
    assert top is not None
    checker.mapping(top, "", required=("format", "scheme"))
    body = checker.mapping(
        top.get("scheme"),
        "scheme",
        required=("code", "name", "year", "periods", "components", "groups", "units", "indicators"),
        optional=("bonus_cap", "key_project_bottom"),
    )
    if body is None:
        raise FormatError(checker.issues)
    code = checker.text(body.get("code"), "scheme.code")
    name = checker.text(body.get("name"), "scheme.name")
    year = checker.integer(body.get("year"), "scheme.year", minimum=1900, what="年度")
    periods = _periods(checker, body.get("periods"))
    components = _components(checker, body.get("components"))
    bonus_cap: Decimal | None = None
    if body.get("bonus_cap") is not None:
        bonus_cap = checker.number(
            body["bonus_cap"], "scheme.bonus_cap", minimum=Decimal(0), what="加分上限"
        )
    bottom = checker.integer(
        body.get("key_project_bottom", 0), "scheme.key_project_bottom", minimum=0, what="末位数"
    )
    groups, group_codes = _groups(checker, body.get("groups"))
    units, unit_codes = _units(checker, body.get("units"), group_codes)
    indicators = parse_indicators(checker, body.get("indicators"), periods, group_codes, unit_codes)
    checker.raise_if_any()
    assert code is not None
    assert name is not None
    assert year is not None
    assert bottom is not None
    return Scheme(
        code=code,
        name=name,
        year=year,
        periods=periods,
        components=components,
        groups=groups,
        units=units,
        indicators=indicators,
        bonus_cap=bonus_cap,
        key_project_bottom=bottom,
    )


def _periods(checker: Checker, raw: object) -> tuple[str, ...]:
    periods: list[str] = []
    for index, item in enumerate(checker.items(raw, "scheme.periods")):
        path = child("scheme.periods", index)
        period = checker.choice(item, path, QUARTERS, "考评周期")
        if period is None:
            continue
        if period in periods:
            checker.add(path, f"考评周期 {period} 重复", IssueCode.DUPLICATE)
        else:
            periods.append(period)
    if isinstance(raw, list) and not raw:
        checker.add("scheme.periods", "至少需要一个考评周期", IssueCode.OUT_OF_RANGE)
    return tuple(sorted(periods, key=QUARTERS.index))


def _components(checker: Checker, raw: object) -> tuple[Component, ...]:
    components: list[Component] = []
    seen: dict[str, int] = {}
    weights = Decimal(0)
    complete = True
    for index, item in enumerate(checker.items(raw, "scheme.components")):
        path = child("scheme.components", index)
        entry = checker.mapping(item, path, required=("code", "name", "weight"))
        if entry is None:
            complete = False
            continue
        code = checker.text(entry.get("code"), child(path, "code"))
        name = checker.text(entry.get("name"), child(path, "name"))
        weight = checker.number(
            entry.get("weight"), child(path, "weight"), minimum=Decimal(0), what="权重"
        )
        if code is not None and code in seen:
            checker.add(
                child(path, "code"),
                f"构成代码“{code}”重复（与 components[{seen[code]}] 相同）",
                IssueCode.DUPLICATE,
            )
        elif code is not None:
            seen[code] = index
        if code is None or name is None or weight is None:
            complete = False
            continue
        weights += weight
        components.append(Component(code, name, weight))
    if complete and isinstance(raw, list):
        if weights != _HUNDRED:
            checker.add(
                "scheme.components", f"各构成权重之和为 {weights}，应为 100", IssueCode.SUM_MISMATCH
            )
        if INDICATORS_COMPONENT not in seen:
            checker.add(
                "scheme.components",
                f"缺少代码为“{INDICATORS_COMPONENT}”的指标考核构成",
                IssueCode.MISSING_FIELD,
            )
    return tuple(components)


def _groups(checker: Checker, raw: object) -> tuple[tuple[Group, ...], set[str]]:
    """Valid groups, and every code declared (so one bad group does not cascade)."""
    groups: list[Group] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(checker.items(raw, "scheme.groups")):
        path = child("scheme.groups", index)
        entry = checker.mapping(
            item,
            path,
            required=("code", "name", "grades", "grading"),
            optional=("fail_below", "fail_grade", "bonus"),
        )
        if entry is None:
            continue
        code = checker.text(entry.get("code"), child(path, "code"))
        if code is not None and code in seen:
            checker.add(
                child(path, "code"),
                f"分组代码“{code}”重复（与 groups[{seen[code]}] 相同）",
                IssueCode.DUPLICATE,
            )
        elif code is not None:
            seen[code] = index
        group = _group(checker, entry, path, code)
        if group is not None:
            groups.append(group)
    return tuple(groups), set(seen)


def _group(checker: Checker, entry: Mapping[str, Any], path: str, code: str | None) -> Group | None:
    name = checker.text(entry.get("name"), child(path, "name"))
    grades = _grades(checker, entry.get("grades"), child(path, "grades"))
    names = [grade.name for grade in grades]
    fail_grade: str | None = None
    fail_below: Decimal | None = None
    if entry.get("fail_grade") is not None:
        fail_grade = _grade_name(checker, entry["fail_grade"], child(path, "fail_grade"), names)
    if entry.get("fail_below") is not None:
        fail_below = checker.number(
            entry["fail_below"], child(path, "fail_below"), minimum=Decimal(0), what="不达标线"
        )
    if entry.get("fail_below") is not None and entry.get("fail_grade") is None:
        checker.add(
            child(path, "fail_grade"),
            "设置了 fail_below 时必须用 fail_grade 指定不达标等次",
            IssueCode.MISSING_FIELD,
        )
    grading = _grading(checker, entry.get("grading"), child(path, "grading"), names, fail_grade)
    bonus = _bonus(checker, entry.get("bonus"), child(path, "bonus"), names)
    if code is None or name is None or not grades or grading is None:
        return None
    return Group(code, name, grades, grading, fail_below, fail_grade, bonus)


def _grades(checker: Checker, raw: object, path: str) -> tuple[Grade, ...]:
    grades: list[Grade] = []
    items = checker.items(raw, path)
    if isinstance(raw, list) and not raw:
        checker.add(path, "等次列表不能为空", IssueCode.OUT_OF_RANGE)
    for index, item in enumerate(items):
        item_path = child(path, index)
        entry = checker.mapping(item, item_path, required=("name",), optional=("award",))
        if entry is None:
            continue
        name = checker.text(entry.get("name"), child(item_path, "name"))
        award = checker.flag(entry.get("award", False), child(item_path, "award"))
        if name is not None and any(grade.name == name for grade in grades):
            checker.add(child(item_path, "name"), f"等次“{name}”重复", IssueCode.DUPLICATE)
        elif name is not None and award is not None:
            grades.append(Grade(name, award))
    return tuple(grades)


def _grade_name(checker: Checker, raw: object, path: str, names: list[str]) -> str | None:
    name = checker.text(raw, path)
    if name is not None and names and name not in names:
        checker.add(
            path,
            f"未知的等次“{name}”（该分组的等次列表中没有；可选：{'、'.join(names)}）",
            IssueCode.UNKNOWN_CODE,
        )
        return None
    return name


def _grading(
    checker: Checker, raw: object, path: str, names: list[str], fail_grade: str | None
) -> Grading | None:
    method = raw.get("method") if isinstance(raw, Mapping) else None
    if method == "ratio":
        entry = checker.mapping(raw, path, required=("method", "ratio"))
        if entry is None:
            return None
        parts: list[Decimal] = []
        for index, item in enumerate(checker.items(entry.get("ratio"), child(path, "ratio"))):
            part = checker.number(item, child(child(path, "ratio"), index), minimum=Decimal(0))
            if part is not None:
                parts.append(part)
        if len(parts) != len(entry.get("ratio") or ()):
            return None
        if not parts or sum(parts) <= 0:
            checker.add(child(path, "ratio"), "梯度比例至少要有一项大于0", IssueCode.OUT_OF_RANGE)
            return None
        if names and len(parts) > len(names):
            checker.add(
                child(path, "ratio"),
                f"梯度比例有 {len(parts)} 项，多于等次列表的 {len(names)} 个等次",
                IssueCode.OUT_OF_RANGE,
            )
            return None
        if fail_grade is not None and fail_grade in names[: len(parts)]:
            checker.add(
                child(path, "ratio"),
                f"梯度比例覆盖了不达标等次“{fail_grade}”：不达标只由 fail_below 决定",
                IssueCode.INVALID,
            )
            return None
        return RatioGrading(tuple(parts))
    if method == "threshold":
        entry = checker.mapping(raw, path, required=("method", "bands"))
        if entry is None:
            return None
        bands: list[Band] = []
        raw_bands = checker.items(entry.get("bands"), child(path, "bands"))
        for index, item in enumerate(raw_bands):
            band_path = child(child(path, "bands"), index)
            band = checker.mapping(item, band_path, required=("grade", "min"))
            if band is None:
                continue
            grade = _grade_name(checker, band.get("grade"), child(band_path, "grade"), names)
            minimum = checker.number(band.get("min"), child(band_path, "min"), what="分数线")
            if grade is not None and minimum is not None:
                bands.append(Band(grade, minimum))
        if not raw_bands:
            checker.add(child(path, "bands"), "至少需要一个等次线", IssueCode.OUT_OF_RANGE)
        return ThresholdGrading(tuple(bands)) if len(bands) == len(raw_bands) else None
    if checker.mapping(raw, path, required=("method",), optional=("ratio", "bands")) is not None:
        checker.add(
            child(path, "method"),
            f"未知的评等方法“{method}”（可选：ratio、threshold）",
            IssueCode.INVALID,
        )
    return None


def _bonus(checker: Checker, raw: object, path: str, names: list[str]) -> BonusSetting | None:
    if raw is None:
        return None
    entry = checker.mapping(raw, path, required=("base_per_head", "coefficients"))
    if entry is None:
        return None
    base = checker.number(
        entry.get("base_per_head"),
        child(path, "base_per_head"),
        minimum=Decimal(0),
        what="人均基数",
    )
    coefficients: dict[str, Decimal] = {}
    raw_coefficients = entry.get("coefficients")
    coefficients_path = child(path, "coefficients")
    if not isinstance(raw_coefficients, Mapping):
        checker.mapping(raw_coefficients, coefficients_path)
        return None
    for grade, value in raw_coefficients.items():
        name = _grade_name(checker, grade, child(coefficients_path, str(grade)), names)
        number = checker.number(
            value, child(coefficients_path, str(grade)), minimum=Decimal(0), what="系数"
        )
        if name is not None and number is not None:
            coefficients[name] = number
    if base is None or len(coefficients) != len(raw_coefficients):
        return None
    return BonusSetting(base, coefficients)


def _units(
    checker: Checker, raw: object, group_codes: set[str]
) -> tuple[tuple[Unit, ...], set[str]]:
    """Valid units, and every code declared."""
    units: list[Unit] = []
    seen: dict[str, int] = {}
    kinds = [kind.value for kind in UnitKind]
    for index, item in enumerate(checker.items(raw, "scheme.units")):
        path = child("scheme.units", index)
        entry = checker.mapping(item, path, required=("code", "name", "kind", "group", "headcount"))
        if entry is None:
            continue
        code = checker.text(entry.get("code"), child(path, "code"))
        name = checker.text(entry.get("name"), child(path, "name"))
        kind = checker.choice(entry.get("kind"), child(path, "kind"), kinds, "单位类型")
        group = checker.text(entry.get("group"), child(path, "group"))
        headcount = checker.integer(
            entry.get("headcount"), child(path, "headcount"), minimum=0, what="人数"
        )
        if code is not None and code in seen:
            checker.add(
                child(path, "code"),
                f"考评对象代码“{code}”重复（与 units[{seen[code]}] 相同）",
                IssueCode.DUPLICATE,
            )
            continue
        if code is not None:
            seen[code] = index
        if group is not None and group not in group_codes:
            checker.add(
                child(path, "group"),
                f'未知的考评分组代码 "{group}"（方案中没有此分组）',
                IssueCode.UNKNOWN_CODE,
            )
            continue
        if code and name and kind and group and headcount is not None:
            units.append(Unit(code, name, UnitKind(kind), group, headcount))
    return tuple(units), set(seen)


__all__ = ["SCHEME_FORMAT", "Issue", "check_format", "load_scheme", "parse_scheme"]
