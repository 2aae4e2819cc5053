"""A data import's rows in words (the preview's samples)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.engine import model as engine
from jixiao.engine.model import period_name
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.models import Indicator, Scheme, SchemeComponent
from jixiao.schemes.queries import pairs

SAMPLES = 5  # described rows per kind of change
SCORE_VALUES = ("value", "actual", "met", "incidents", "rank")
VALUE_COLUMNS = {
    "scores": SCORE_VALUES,
    "ratings": ("value",),
    "adjustments": ("points",),
    "city_items": ("last",),
    "previous": ("last_in_group",),
}


@dataclass
class Words:
    """Rows as people read them: 「良田镇」「招商引资到位资金」第二季度的评分：实际值 95 → 98."""

    names: dict[str, str]

    @classmethod
    def of(cls, scheme: Scheme, session: JixiaoSession) -> Words:
        names = pairs(session, Unit, "code", "name")
        for model in (Indicator, SchemeComponent):
            names |= pairs(session, model, "code", "name", scheme.id)
        return cls(names)

    def sample(
        self,
        samples: dict[str, list[str]],
        change: str,
        section: str,
        key: tuple[Any, ...],
        before: tuple[Any, ...] | None,
        after: tuple[Any, ...] | None,
    ) -> None:
        if change == "kept" or len(samples[change]) >= SAMPLES:
            return
        samples[change].append(self.describe(section, key, before, after))

    def describe(
        self,
        section: str,
        key: tuple[Any, ...],
        before: tuple[Any, ...] | None,
        after: tuple[Any, ...] | None,
    ) -> str:
        unit = f"「{self.names.get(key[0], key[0])}」"
        if section == "scores":
            who = f"（评分人 {key[3]}）" if key[3] else ""
            what = f"{unit}「{self.names.get(key[1], key[1])}」{period_name(key[2])}的评分{who}"
        elif section == "ratings":
            what = f"{unit}的「{self.names.get(key[1], key[1])}」"
        elif section == "adjustments":
            kind = "加分" if key[1] == engine.AdjustmentKind.BONUS.value else "扣分"
            what = f"{unit}的{kind}「{key[2]}」"
        elif section == "city_items":
            what = f"{unit}的三区末位项目「{key[1]}」"
        else:
            what = f"{unit}的上年考评结果"
        shown = [self._values(section, v) for v in (before, after) if v is not None]
        return f"{what}：{' → '.join(shown)}"

    @staticmethod
    def _values(section: str, values: tuple[Any, ...]) -> str:
        labels = {
            "value": "分值",
            "actual": "实际值",
            "incidents": "次数",
            "rank": "名次",
            "points": "分值",
        }
        parts = []
        for name, value in zip(VALUE_COLUMNS[section], values, strict=True):
            if value is None:
                continue
            if isinstance(value, bool):
                parts.append(
                    {
                        "met": "完成" if value else "未完成",
                        "last": "末位" if value else "非末位",
                    }.get(name, "组内末位" if value else "非组内末位")
                )
            else:
                parts.append(f"{labels.get(name, name)} {value}")
        return "，".join(parts) or "（无值）"
