"""A stored scheme as `jixiao.scheme/1` and its data as `jixiao.data/1` (plain mappings).

The same mappings feed the engine's parsers (validation, `engine_inputs`) and the exports, so
the database, `jixiao simulate` and an exported file always agree.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import col

from jixiao.engine.formats import DATA_FORMAT, SCHEME_FORMAT
from jixiao.engine.methods import METHOD_RULES
from jixiao.org.models import Unit
from jixiao.org.queries import unit_ids_by_code
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.lookup import indicators_of_scheme
from jixiao.schemes.models import (
    GradingMethod,
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeUnit,
)
from jixiao.schemes.queries import members_with_units, rows_of_scheme
from jixiao.scoring import models as data_models


@dataclass
class SchemeParts:
    """Every row of one scheme's rules, in display order."""

    scheme: Scheme
    components: list[SchemeComponent]
    groups: list[SchemeGroup]
    members: list[tuple[SchemeUnit, Unit]]
    indicators: list[Indicator]
    children: dict[uuid.UUID | None, list[Indicator]] = field(init=False)

    def __post_init__(self) -> None:
        self.children = defaultdict(list)
        for node in sorted(self.indicators, key=lambda n: (n.position, n.code)):
            self.children[node.parent_id].append(node)

    def group_code(self, group_id: uuid.UUID) -> str:
        """The code of one of the scheme's groups."""
        return next(g.code for g in self.groups if g.id == group_id)

    def walk(self) -> list[tuple[Indicator, int]]:
        """Every node with its depth (0 = top level), depth first in tree order."""
        found: list[tuple[Indicator, int]] = []

        def visit(parent: uuid.UUID | None, depth: int) -> None:
            for node in self.children.get(parent, []):
                found.append((node, depth))
                visit(node.id, depth + 1)

        visit(None, 0)
        return found


def load_parts(session: JixiaoSession, scheme: Scheme) -> SchemeParts:
    """Load a scheme's components, groups, member units and indicator tree."""
    sid = scheme.id
    components = rows_of_scheme(
        session, SchemeComponent, sid, col(SchemeComponent.position), col(SchemeComponent.code)
    )
    groups = rows_of_scheme(
        session, SchemeGroup, sid, col(SchemeGroup.position), col(SchemeGroup.code)
    )
    members = members_with_units(session, sid)
    indicators = indicators_of_scheme(session, sid)
    return SchemeParts(scheme, components, groups, members, indicators)


def _decimals(values: dict[str, str] | None) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in (values or {}).items()}


def group_document(group: SchemeGroup) -> dict[str, Any]:
    """One group as in `scheme.groups[]`."""
    grading: dict[str, Any] = {"method": group.grading_method.value}
    if group.grading_method is GradingMethod.RATIO:
        grading["ratio"] = [Decimal(part) for part in group.ratio]
    else:
        grading["bands"] = [
            {"grade": band.get("grade"), "min": Decimal(str(band.get("min")))}
            for band in group.bands
        ]
    bonus = None
    if group.bonus_base_per_head is not None:
        bonus = {
            "base_per_head": group.bonus_base_per_head,
            "coefficients": _decimals(group.bonus_coefficients),
        }
    return {
        "code": group.code,
        "name": group.name,
        "grades": [
            {"name": grade.get("name"), "award": bool(grade.get("award"))} for grade in group.grades
        ],
        "grading": grading,
        "fail_below": group.fail_below,
        "fail_grade": group.fail_grade,
        "bonus": bonus,
    }


def leaf_document(node: Indicator) -> dict[str, Any]:
    """One leaf as in `scheme.indicators`; fields its method does not use are left out."""
    entry: dict[str, Any] = {"code": node.code, "name": node.name}
    if node.points is not None:
        entry["points"] = node.points
    if node.method is not None:
        entry["method"] = node.method.value
        allowed = METHOD_RULES[node.method].definition
        if "target" in allowed and node.target is not None:
            entry["target"] = node.target
        if "floor" in allowed and node.floor is not None:
            entry["floor"] = node.floor
        if "lower_is_better" in allowed and node.lower_is_better:
            entry["lower_is_better"] = True
        if "per_incident" in allowed and node.per_incident is not None:
            entry["per_incident"] = node.per_incident
        if "table" in allowed and node.rank_table is not None:
            entry["table"] = {int(k): Decimal(v) for k, v in node.rank_table.items()}
    if node.periods is not None:
        entry["periods"] = _decimals(node.periods)
    if node.applies_all:
        entry["applies_to"] = "all"
    else:
        applies: dict[str, list[str]] = {}
        if node.applies_groups:
            applies["groups"] = list(node.applies_groups)
        if node.applies_units:
            applies["units"] = list(node.applies_units)
        entry["applies_to"] = applies
    entry["key_project"] = node.key_project
    entry["binding"] = node.binding
    entry["scorers"] = list(node.scorers)
    return entry


def scheme_document(parts: SchemeParts) -> tuple[dict[str, Any], dict[str, uuid.UUID]]:
    """The `jixiao.scheme/1` mapping and, per indicator path, the node it came from."""
    scheme = parts.scheme
    paths: dict[str, uuid.UUID] = {}

    def nodes(parent: uuid.UUID | None, path: str) -> list[dict[str, Any]]:
        result = []
        for index, node in enumerate(parts.children.get(parent, [])):
            here = f"{path}[{index}]"
            paths[here] = node.id
            if node.is_leaf:
                result.append(leaf_document(node))
            else:
                kids = nodes(node.id, f"{here}.children")
                result.append({"code": node.code, "name": node.name, "children": kids})
        return result

    body: dict[str, Any] = {
        "code": scheme.code,
        "name": scheme.name,
        "year": scheme.year,
        "periods": list(scheme.periods),
        "components": [
            {"code": c.code, "name": c.name, "weight": c.weight} for c in parts.components
        ],
        "bonus_cap": scheme.bonus_cap,
        "key_project_bottom": scheme.key_project_bottom,
        "groups": [group_document(group) for group in parts.groups],
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind.value,
                "group": parts.group_code(member.group_id),
                "headcount": member.headcount,
            }
            for member, unit in parts.members
        ],
        "indicators": nodes(None, "scheme.indicators"),
    }
    return {"format": SCHEME_FORMAT, "scheme": body}, paths


_SECTIONS = ("scores", "ratings", "adjustments", "city_items", "previous")


@dataclass(frozen=True)
class PartKeys:
    """The codes of a scheme's rows by id: what reading its data needs of its rules. Plain
    values, so a reader may keep them beyond the session (unlike the rows themselves)."""

    scheme_id: uuid.UUID
    scheme_code: str
    units: Mapping[uuid.UUID, str]
    leaves: Mapping[uuid.UUID, str]
    components: Mapping[uuid.UUID, str]

    @classmethod
    def of(cls, parts: SchemeParts) -> PartKeys:
        return cls(
            parts.scheme.id,
            parts.scheme.code,
            {unit.id: unit.code for _, unit in parts.members},
            {node.id: node.code for node in parts.indicators},
            {c.id: c.code for c in parts.components},
        )


def data_document(
    session: JixiaoSession, parts: SchemeParts | PartKeys, sections: tuple[str, ...] = _SECTIONS
) -> dict[str, Any]:
    """The scheme's stored data as a `jixiao.data/1` mapping, in entry order (of `sections`)."""
    keys = parts if isinstance(parts, PartKeys) else PartKeys.of(parts)
    found = data_rows(session, keys, sections)
    return {
        "format": DATA_FORMAT,
        "scheme": keys.scheme_code,
        **{section: [entry for _, entry in rows] for section, rows in found.items()},
    }


def data_rows(
    session: JixiaoSession, parts: SchemeParts | PartKeys, sections: tuple[str, ...] = _SECTIONS
) -> dict[str, list[tuple[Any, dict[str, Any]]]]:
    """Each section's stored rows in entry order, with the `jixiao.data/1` entry each reads as:
    entry i of a section in `data_document` is row i here (what names a refused entry)."""
    keys = parts if isinstance(parts, PartKeys) else PartKeys.of(parts)
    sid = keys.scheme_id
    units = dict(keys.units)
    units.update({i: c for c, i in unit_ids_by_code(session).items() if i not in units})
    leaves, components = keys.leaves, keys.components

    def rows(model: Any) -> list[Any]:
        return rows_of_scheme(session, model, sid, col(model.seq), col(model.id))

    def score(row: data_models.Score) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "unit": units[row.unit_id],
            # an indicator of another scheme reads as its id: the parser then refuses it
            "indicator": leaves.get(row.indicator_id) or str(row.indicator_id),
            "period": row.period,
        }
        if row.scorer:
            entry["scorer"] = row.scorer
        for name in ("value", "actual", "met", "incidents", "rank"):
            if getattr(row, name) is not None:
                entry[name] = getattr(row, name)
        return entry

    # Each section: its table and how a row reads; only the sections asked for are read.
    readers: dict[str, tuple[Any, Callable[[Any], dict[str, Any]]]] = {
        "scores": (data_models.Score, score),
        "ratings": (
            data_models.Rating,
            lambda r: {
                "unit": units[r.unit_id],
                "component": components.get(r.component_id) or str(r.component_id),
                "value": r.value,
            },
        ),
        "adjustments": (
            data_models.Adjustment,
            lambda a: {
                "unit": units[a.unit_id],
                "kind": a.kind.value,
                "points": a.points,
                "reason": a.reason,
            },
        ),
        "city_items": (
            data_models.CityItem,
            lambda c: {"unit": units[c.unit_id], "item": c.item, "last": c.last},
        ),
        "previous": (
            data_models.PreviousOutcome,
            lambda p: {"unit": units[p.unit_id], "last_in_group": p.last_in_group},
        ),
    }
    return {
        section: [(row, read(row)) for row in rows(model)]
        for section, (model, read) in readers.items()
        if section in sections
    }
