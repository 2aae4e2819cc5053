"""Builders of small raw schemes and data documents for the engine's tests."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.engine import Data, Scheme, parse_data, parse_scheme
from jixiao.engine.formats import read_document

D = Decimal
RATIO_GRADES = [
    {"name": "一等奖", "award": True},
    {"name": "二等奖", "award": True},
    {"name": "三等奖", "award": True},
    {"name": "无"},
]
DEPT_GRADES = [
    {"name": "优秀", "award": True},
    {"name": "良好"},
    {"name": "达标"},
    {"name": "不达标"},
]


def manual_leaf(code: str = "M", points: int = 100, **extra: Any) -> dict[str, Any]:
    """A manual leaf scored in Q4 (the default period)."""
    return {"code": code, "name": f"指标{code}", "points": points, "method": "manual", **extra}


def group(code: str = "g", **extra: Any) -> dict[str, Any]:
    """A group with 3:5:2 over the award grades and 无."""
    base: dict[str, Any] = {
        "code": code,
        "name": f"分组{code}",
        "grades": copy.deepcopy(RATIO_GRADES),
        "grading": {"method": "ratio", "ratio": [3, 5, 2]},
    }
    base.update(extra)
    return base


def dept_group(code: str = "d", **extra: Any) -> dict[str, Any]:
    """A department group: 优秀/良好/达标 by 3:5:2, 不达标 under 60."""
    settings: dict[str, Any] = {"fail_below": 60, "fail_grade": "不达标", **extra}
    return group(code, grades=copy.deepcopy(DEPT_GRADES), **settings)


def scheme_doc(
    units: int | list[dict[str, Any]] = 7,
    *,
    groups: list[dict[str, Any]] | None = None,
    indicators: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A raw `jixiao.scheme/1` document; `units` may be a count (u1..uN in group g, towns)."""
    if isinstance(units, int):
        units = [
            {"code": f"u{i}", "name": f"单位{i}", "kind": "town", "group": "g", "headcount": 10}
            for i in range(1, units + 1)
        ]
    body: dict[str, Any] = {
        "code": "t",
        "name": "测试方案",
        "year": 2015,
        "periods": ["Q1", "Q2", "Q3", "Q4"],
        "components": components or [{"code": "indicators", "name": "指标考核", "weight": 100}],
        "bonus_cap": None,
        "key_project_bottom": 0,
        "groups": groups or [group()],
        "units": units,
        "indicators": indicators or [manual_leaf()],
    }
    body.update(extra)
    return {"format": "jixiao.scheme/1", "scheme": body}


def build_scheme(doc: dict[str, Any] | None = None, **kwargs: Any) -> Scheme:
    """Parse a raw scheme (numbers given as int/str are turned into Decimal)."""
    return parse_scheme(decimals(doc if doc is not None else scheme_doc(**kwargs)), "scheme.yaml")


def data_doc(scheme: str = "t", **sections: Any) -> dict[str, Any]:
    """A raw `jixiao.data/1` document."""
    return {"format": "jixiao.data/1", "scheme": scheme, **sections}


def manual_scores(values: dict[str, Any], indicator: str = "M", period: str = "Q4") -> list[Any]:
    """One scorer's manual value per unit."""
    return [
        {"unit": u, "indicator": indicator, "period": period, "scorer": "s", "value": v}
        for u, v in values.items()
    ]


def build_data(scheme: Scheme, **sections: Any) -> Data:
    """Parse a raw data document for a scheme."""
    return parse_data(decimals(data_doc(scheme.code, **sections)), scheme, "data.yaml")


def decimals(value: Any) -> Any:
    """Deep copy with float and numeric strings marked `D(...)` turned into Decimal."""
    if isinstance(value, dict):
        return {k: decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decimals(v) for v in value]
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value))
)


def write_yaml(path: Path, document: Any) -> Path:
    """Write a document as YAML, Decimals exactly as their text."""
    path.write_text(yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False))
    return path


def read_raw(path: Path) -> Any:
    """A file's raw document, numbers as Decimal."""
    return read_document(path)
