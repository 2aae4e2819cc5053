"""Checking a stored scheme with the engine's validation, issue by issue and node by node,
and the per-unit check that the applicable points add up to 100 (a warning, not a block)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from jixiao.engine import FormatError, parse_scheme
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.document import SchemeParts, load_parts, scheme_document
from jixiao.schemes.models import Scheme

FULL_MARKS = Decimal(100)


@dataclass(frozen=True)
class SchemeIssue:
    """One problem of the stored rules; `indicator_id` names the node it belongs to, if any."""

    path: str
    message: str
    code: str
    indicator_id: uuid.UUID | None = None


@dataclass(frozen=True)
class UnitPoints:
    """The points of the leaves that apply to one unit; they should add up to 100."""

    unit_code: str
    unit_name: str
    group_code: str
    points: Decimal
    leaves: int

    @property
    def ok(self) -> bool:
        return self.points == FULL_MARKS

    @property
    def message(self) -> str | None:
        if self.ok:
            return None
        return f"{self.unit_name}适用指标分值合计 {self.points}，不等于 100"


@dataclass(frozen=True)
class SchemeCheck:
    issues: tuple[SchemeIssue, ...]
    points: tuple[UnitPoints, ...]

    @property
    def valid(self) -> bool:
        return not self.issues


def check_scheme(session: JixiaoSession, scheme: Scheme) -> SchemeCheck:
    """The engine's issues (each on its node where it has one) and the points check."""
    parts = load_parts(session, scheme)
    return check_parts(parts)


def check_parts(parts: SchemeParts) -> SchemeCheck:
    """`check_scheme` for already loaded rows."""
    document, paths = scheme_document(parts)
    issues: list[SchemeIssue] = []
    try:
        parse_scheme(document, parts.scheme.code)
    except FormatError as error:
        for issue in error.issues:
            issues.append(
                SchemeIssue(issue.path, issue.message, issue.code.value, _node(issue.path, paths))
            )
    return SchemeCheck(tuple(issues), tuple(points_per_unit(parts)))


def _node(path: str, paths: dict[str, uuid.UUID]) -> uuid.UUID | None:
    """The deepest node whose path starts the issue's path."""
    best: tuple[int, uuid.UUID] | None = None
    for prefix, node_id in paths.items():
        if (path == prefix or path.startswith((prefix + ".", prefix + "["))) and (
            best is None or len(prefix) > best[0]
        ):
            best = (len(prefix), node_id)
    return best[1] if best else None


def points_per_unit(parts: SchemeParts) -> list[UnitPoints]:
    """For each member unit, the sum of the points of the leaves that apply to it."""
    leaves = [node for node in parts.indicators if node.is_leaf and node.points is not None]
    result = []
    for member, unit in parts.members:
        group = parts.group_code(member.group_id)
        applicable = [
            leaf
            for leaf in leaves
            if leaf.applies_all or group in leaf.applies_groups or unit.code in leaf.applies_units
        ]
        total = sum((leaf.points or Decimal(0) for leaf in applicable), Decimal(0))
        result.append(UnitPoints(unit.code, unit.name, group, total, len(applicable)))
    return result
