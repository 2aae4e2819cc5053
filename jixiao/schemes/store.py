"""Writing a validated engine `Scheme` and `Data` into a stored scheme's rows, and clearing them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, delete, update

from jixiao.engine import Issue, IssueCode
from jixiao.engine import model as engine
from jixiao.org import service as org
from jixiao.org.queries import units_by_code
from jixiao.platform.auth import Subject
from jixiao.platform.bulk import Progress, no_progress, write_rows
from jixiao.platform.db import JixiaoSession
from jixiao.platform.orm import utcnow
from jixiao.schemes import revision
from jixiao.schemes.errors import SchemeInvalid
from jixiao.schemes.lookup import indicator_ids_by_code, member_ids_by_code
from jixiao.schemes.models import (
    GradingMethod,
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeUnit,
)
from jixiao.schemes.queries import component_ids_by_code
from jixiao.scoring import models as data_models
from jixiao.scoring.records import InnovationAward, Inspection

_SCORE_VALUES = ("value", "actual", "met", "incidents", "rank")
_LIMITS = {"code": 64, "name": 100}


@dataclass(frozen=True)
class StoredCounts:
    units: int
    groups: int
    indicators: int


def check_limits(scheme: engine.Scheme, file: str) -> None:
    """Refuse codes and names longer than the columns hold, naming the entry."""
    issues: list[Issue] = []

    def check(path: str, value: str, key: str, limit: int | None = None) -> None:
        limit = limit or _LIMITS[key]
        if len(value) > limit:
            message = f"长度为 {len(value)}，不能超过 {limit} 个字符"
            issues.append(Issue(file, f"{path}.{key}", message, IssueCode.OUT_OF_RANGE))

    check("scheme", scheme.code, "code")
    check("scheme", scheme.name, "name", 200)
    for index, component in enumerate(scheme.components):
        check(f"scheme.components[{index}]", component.code, "code")
        check(f"scheme.components[{index}]", component.name, "name")
    for index, group in enumerate(scheme.groups):
        check(f"scheme.groups[{index}]", group.code, "code")
        check(f"scheme.groups[{index}]", group.name, "name")
    for index, unit in enumerate(scheme.units):
        check(f"scheme.units[{index}]", unit.code, "code")
        check(f"scheme.units[{index}]", unit.name, "name")
    for path, node in _walk(scheme.indicators, "scheme.indicators"):
        check(path, node.code, "code")
        check(path, node.name, "name", 200)
    if issues:
        raise SchemeInvalid(issues)


def _walk(nodes: tuple[engine.Indicator, ...], path: str) -> Iterator[tuple[str, Any]]:
    for index, node in enumerate(nodes):
        here = f"{path}[{index}]"
        yield here, node
        if isinstance(node, engine.Branch):
            yield from _walk(node.children, f"{here}.children")


def ensure_units(
    session: JixiaoSession, units: tuple[engine.Unit, ...], file: str, actor: Subject
) -> dict[str, uuid.UUID]:
    """The organisation's units for a scheme's units: missing ones are added, names updated.

    A unit whose kind differs from the organisation's is refused (that is a different unit).
    Set-based: one read of the organisation, one insert (and audit append) for the new units;
    only a unit whose name changed is updated on its own.
    """
    existing = units_by_code(session)
    issues = [
        Issue(
            file,
            f"scheme.units[{index}].kind",
            f"考评对象「{unit.code}」在本单位名录中是 {existing[unit.code].kind.value}，"
            f"与文件中的 {unit.kind.value} 不符",
            IssueCode.INVALID,
        )
        for index, unit in enumerate(units)
        if unit.code in existing and existing[unit.code].kind is not unit.kind
    ]
    if issues:
        raise SchemeInvalid(issues)
    found: dict[str, uuid.UUID] = {}
    new: list[org.UnitFields] = []
    for unit in units:
        row = existing.get(unit.code)
        if row is None:
            new.append(org.UnitFields(unit.code, unit.name, unit.kind, unit.headcount))
            continue
        if row.name != unit.name:
            fields = org.UnitFields(unit.code, unit.name, unit.kind, row.headcount, row.monitoring)
            row = org.update_unit(session, row, fields, actor=actor)
        found[unit.code] = row.id
    found |= org.create_units(session, new, actor=actor)
    return found


def clear_rules(session: JixiaoSession, scheme: Scheme) -> None:
    """Delete a scheme's data, members, tree, groups and components (the scheme row stays)."""
    models: tuple[Any, ...] = (
        *data_models.DATA_MODELS,
        SchemeUnit,
        Indicator,
        SchemeGroup,
        SchemeComponent,
    )
    revision.hold(session, scheme.id, alone=True)  # no recompute reads half of it
    detach_adjustments(session, scheme.id)
    for model in models:
        session.exec(delete(model).where(col(model.scheme_id) == scheme.id))
    session.flush()
    session.expire_all()


def store_rules(
    session: JixiaoSession,
    scheme: Scheme,
    rules: engine.Scheme,
    units: dict[str, uuid.UUID],
    extras: dict[str, tuple[str, str]] | None = None,
) -> StoredCounts:
    """Write the rules into an emptied scheme; `extras` keeps 评分标准 and 佐证要求 by code."""
    scheme.name, scheme.year, scheme.periods = rules.name, rules.year, list(rules.periods)
    scheme.bonus_cap, scheme.key_project_bottom = rules.bonus_cap, rules.key_project_bottom
    scheme.updated_at = utcnow()
    session.add(scheme)
    for position, component in enumerate(rules.components):
        session.add(
            SchemeComponent(
                scheme_id=scheme.id,
                position=position,
                code=component.code,
                name=component.name,
                weight=component.weight,
            )
        )
    groups: dict[str, SchemeGroup] = {}
    for position, group in enumerate(rules.groups):
        groups[group.code] = row = SchemeGroup(
            scheme_id=scheme.id, position=position, code=group.code, name=group.name
        )
        _group_rules(row, group)
        session.add(row)
    session.flush()
    for position, unit in enumerate(rules.units):
        session.add(
            SchemeUnit(
                scheme_id=scheme.id,
                unit_id=units[unit.code],
                group_id=groups[unit.group].id,
                position=position,
                headcount=unit.headcount,
            )
        )
    count = _store_nodes(session, scheme.id, rules.indicators, None, extras or {})
    session.flush()
    return StoredCounts(len(rules.units), len(rules.groups), count)


def _group_rules(row: SchemeGroup, group: engine.Group) -> None:
    row.grades = [{"name": g.name, "award": g.award} for g in group.grades]
    if isinstance(group.grading, engine.RatioGrading):
        row.grading_method = GradingMethod.RATIO
        row.ratio = [str(part) for part in group.grading.ratio]
    else:
        row.grading_method = GradingMethod.THRESHOLD
        row.bands = [{"grade": b.grade, "min": str(b.min)} for b in group.grading.bands]
    row.fail_below, row.fail_grade = group.fail_below, group.fail_grade
    if group.bonus is not None:
        row.bonus_base_per_head = group.bonus.base_per_head
        row.bonus_coefficients = {k: str(v) for k, v in group.bonus.coefficients.items()}


def _store_nodes(
    session: JixiaoSession,
    scheme_id: uuid.UUID,
    nodes: tuple[engine.Indicator, ...],
    parent_id: uuid.UUID | None,
    extras: dict[str, tuple[str, str]],
) -> int:
    count = 0
    for position, node in enumerate(nodes):
        criteria, evidence = extras.get(node.code, ("", ""))
        row = Indicator(
            scheme_id=scheme_id,
            parent_id=parent_id,
            position=position,
            code=node.code,
            name=node.name,
            is_leaf=isinstance(node, engine.Leaf),
            criteria=criteria,
            evidence=evidence,
        )
        if isinstance(node, engine.Leaf):
            leaf_rules(row, node)
        session.add(row)
        count += 1
        if isinstance(node, engine.Branch):
            session.flush()  # the parent row exists before its children point to it
            count += _store_nodes(session, scheme_id, node.children, row.id, extras)
    return count


def leaf_rules(row: Indicator, leaf: engine.Leaf) -> None:
    """Copy a validated leaf's rules onto its row."""
    row.points, row.method = leaf.points, leaf.method
    row.target, row.floor, row.per_incident = leaf.target, leaf.floor, leaf.per_incident
    row.lower_is_better = leaf.lower_is_better
    row.rank_table = {str(k): str(v) for k, v in leaf.table.items()} if leaf.table else None
    row.periods = {period: str(share) for period, share in leaf.periods.items()}
    row.applies_all = leaf.applies_to.all
    row.applies_groups = list(leaf.applies_to.groups)
    row.applies_units = list(leaf.applies_to.units)
    row.key_project, row.binding = leaf.key_project, leaf.binding
    row.scorers = list(leaf.scorers)


def store_data(
    session: JixiaoSession,
    scheme: Scheme,
    data: engine.Data,
    *,
    source: data_models.DataSource,
    entered_by: str | None,
    progress: Progress = no_progress,
) -> dict[str, int]:
    """Replace the scheme's data rows with validated data (COPY or executemany, entry order
    kept); reports `writing` progress as rows go out."""
    revision.hold(session, scheme.id, alone=True)  # no recompute reads half of it
    detach_adjustments(session, scheme.id)
    models: tuple[Any, ...] = data_models.DATA_MODELS
    for model in models:
        session.exec(delete(model).where(col(model.scheme_id) == scheme.id))
    tenant_id = session.require_tenant()
    units = member_ids_by_code(session, scheme.id)
    leaves = indicator_ids_by_code(session, scheme.id)
    components = component_ids_by_code(session, scheme.id)
    base = {"tenant_id": tenant_id, "scheme_id": scheme.id}
    stamped = {"source": source}
    sections: list[tuple[Any, dict[str, Any], tuple[str, ...], Iterator[tuple[Any, ...]], int]] = [
        (
            data_models.Score,
            stamped
            | {"status": data_models.ScoreStatus.RECORDED, "entered_at": utcnow()}
            | {"entered_by": entered_by, "reason": ""},
            (*("unit_id", "seq", "indicator_id", "period", "scorer"), *_SCORE_VALUES),
            _score_rows(data.scores, units, leaves),
            len(data.scores),
        ),
        (
            data_models.Rating,
            stamped | {"rater": ""},
            ("unit_id", "seq", "component_id", "value"),
            (
                (units[r.unit], seq, components[r.component], r.value)
                for seq, r in enumerate(data.ratings)
            ),
            len(data.ratings),
        ),
        (
            data_models.Adjustment,
            stamped,
            ("unit_id", "seq", "kind", "points", "reason"),
            (
                (units[a.unit], seq, a.kind, a.points, a.reason)
                for seq, a in enumerate(data.adjustments)
            ),
            len(data.adjustments),
        ),
        (
            data_models.CityItem,
            {},
            ("unit_id", "seq", "item", "last"),
            ((units[c.unit], seq, c.item, c.last) for seq, c in enumerate(data.city_items)),
            len(data.city_items),
        ),
        (
            data_models.PreviousOutcome,
            {},
            ("unit_id", "seq", "last_in_group"),
            ((units[p.unit], seq, p.last_in_group) for seq, p in enumerate(data.previous)),
            len(data.previous),
        ),
    ]
    total = sum(section[-1] for section in sections)
    written, counts = 0, {}
    progress("writing", 0, total)
    for model, constants, columns, rows, size in sections:
        counts[model.__tablename__] = size
        if size:
            report = _report(progress, written, total)
            write_rows(session, model.__table__, base | constants, columns, rows, done=report)
            written += size
    # COPY and Core inserts are not seen by the revision's ORM listeners.
    revision.touch(session, scheme.id)
    return counts


def _report(progress: Progress, before: int, total: int) -> Callable[[int], None]:
    return lambda done: progress("writing", before + done, total)


def _score_rows(
    scores: Iterable[engine.ScoreEntry], units: dict[str, uuid.UUID], leaves: dict[str, uuid.UUID]
) -> Iterator[tuple[Any, ...]]:
    for seq, s in enumerate(scores):
        unit, leaf, scorer = units[s.unit], leaves[s.indicator], s.scorer or ""
        yield (unit, seq, leaf, s.period, scorer, s.value, s.actual, s.met, s.incidents, s.rank)


def detach_adjustments(session: JixiaoSession, scheme_id: uuid.UUID) -> None:
    """Before a data import replaces a scheme's adjustments: its inspections and awards no
    longer own one (the imported file is the whole truth of the figures; a later change of the
    record makes its adjustment anew)."""
    for model in (Inspection, InnovationAward):
        session.exec(
            update(model)
            .where(col(model.scheme_id) == scheme_id, col(model.adjustment_id).is_not(None))
            .values(adjustment_id=None)
        )
