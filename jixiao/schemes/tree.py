"""Editing a draft's indicator tree: create, edit, move (and reorder) and delete nodes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.audit.service import record
from jixiao.engine.model import Method
from jixiao.org.service import check_code
from jixiao.platform.auth import Subject
from jixiao.platform.columns import plain
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict, InvalidInput, NotFound
from jixiao.schemes import service
from jixiao.schemes.models import Indicator, Scheme
from jixiao.schemes.queries import find_indicator, indicator_children, indicator_parents
from jixiao.scoring.queries import has_scores


@dataclass(frozen=True)
class IndicatorFields:
    """Everything an office sets on a node; leaf fields are ignored on a branch."""

    code: str
    name: str
    is_leaf: bool = True
    points: Decimal | None = None
    method: Method | None = None
    target: Decimal | None = None
    floor: Decimal | None = None
    lower_is_better: bool = False
    per_incident: Decimal | None = None
    rank_table: dict[int, Decimal] | None = None
    periods: dict[str, Decimal] | None = None
    applies_all: bool = True
    applies_groups: Sequence[str] = ()
    applies_units: Sequence[str] = ()
    key_project: bool = False
    binding: bool = False
    scorers: Sequence[str] = ()
    criteria: str = ""
    evidence: str = ""


def node_snapshot(node: Indicator) -> dict[str, Any]:
    """The audited fields of a node."""
    snapshot: dict[str, Any] = plain(
        node.model_dump(exclude={"tenant_id", "id", "scheme_id", "parent_id", "position"})
    )
    return snapshot


def apply_fields(node: Indicator, fields: IndicatorFields) -> None:
    """Copy checked fields onto a node row."""
    node.code = check_code(fields.code, what="指标代码")
    name = fields.name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("指标名称不能为空，且不超过 200 个字", field="name")
    if fields.rank_table and any(rank < 1 for rank in fields.rank_table):
        raise InvalidInput("名次须为正整数", field="rankTable")
    node.name, node.is_leaf = name, fields.is_leaf
    node.points, node.method = fields.points, fields.method
    node.target, node.floor, node.per_incident = fields.target, fields.floor, fields.per_incident
    node.lower_is_better = fields.lower_is_better
    node.rank_table = (
        {str(k): str(v) for k, v in sorted(fields.rank_table.items())}
        if fields.rank_table
        else None
    )
    node.periods = {p: str(s) for p, s in fields.periods.items()} if fields.periods else None
    node.applies_all = fields.applies_all
    node.applies_groups = [] if fields.applies_all else list(dict.fromkeys(fields.applies_groups))
    node.applies_units = [] if fields.applies_all else list(dict.fromkeys(fields.applies_units))
    node.key_project, node.binding = fields.key_project, fields.binding
    node.scorers = [s.strip() for s in fields.scorers if s.strip()]
    node.criteria, node.evidence = fields.criteria.strip(), fields.evidence.strip()


def get_node(session: JixiaoSession, scheme: Scheme, node_id: uuid.UUID) -> Indicator:
    """One node of the scheme's tree."""
    node = session.get(Indicator, (session.require_tenant(), node_id))
    if node is None or node.scheme_id != scheme.id:
        raise NotFound("方案中没有这个指标", field="id")
    return node


def locate(session: JixiaoSession, node_id: uuid.UUID) -> tuple[Indicator, Scheme]:
    """A node of the tenant's trees and the scheme it belongs to."""
    node = session.get(Indicator, (session.require_tenant(), node_id))
    scheme = session.get(Scheme, (session.require_tenant(), node.scheme_id)) if node else None
    if node is None or scheme is None:
        raise NotFound("没有这个指标", field="id")
    return node, scheme


def _siblings(
    session: JixiaoSession, scheme: Scheme, parent_id: uuid.UUID | None
) -> list[Indicator]:
    return indicator_children(session, scheme.id, parent_id)


def _parent(session: JixiaoSession, scheme: Scheme, parent_id: uuid.UUID | None) -> None:
    if parent_id is None:
        return
    parent = get_node(session, scheme, parent_id)
    if parent.is_leaf:
        raise InvalidInput(f"「{parent.name}」是叶子指标，不能有下级指标", field="parentId")


def _code_free(session: JixiaoSession, scheme: Scheme, code: str, node: Indicator | None) -> None:
    other = find_indicator(session, scheme.id, code.strip())
    if other is not None and other is not node:
        raise Conflict(f"指标代码「{code.strip()}」在本方案中已被使用", field="code")


def _place(
    session: JixiaoSession, siblings: list[Indicator], node: Indicator, position: int | None
) -> None:
    """Put the node among its siblings at a position (end when None) and renumber them."""
    others = [s for s in siblings if s.id != node.id]
    at = len(others) if position is None else max(0, min(position, len(others)))
    others.insert(at, node)
    for index, sibling in enumerate(others):
        if sibling.position != index or sibling is node:
            sibling.position = index
            session.add(sibling)


def _record(
    session: JixiaoSession,
    action: str,
    node: Indicator,
    actor: Subject,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        target_type="indicator",
        target_id=node.id,
        before=before,
        after=after,
    )


def create_indicator(
    session: JixiaoSession,
    scheme: Scheme,
    fields: IndicatorFields,
    *,
    parent_id: uuid.UUID | None = None,
    position: int | None = None,
    actor: Subject,
) -> Indicator:
    """Add a node under a branch (or at the top), at a position among its siblings."""
    service.require_draft(scheme)
    _parent(session, scheme, parent_id)
    _code_free(session, scheme, fields.code, None)
    node = Indicator(scheme_id=scheme.id, parent_id=parent_id, code="", name="")
    apply_fields(node, fields)
    _place(session, _siblings(session, scheme, parent_id), node, position)
    session.add(node)
    service.touch(session, scheme)
    _record(session, "indicator.create", node, actor, None, node_snapshot(node))
    return node


def update_indicator(
    session: JixiaoSession,
    scheme: Scheme,
    node_id: uuid.UUID,
    fields: IndicatorFields,
    *,
    actor: Subject,
) -> Indicator:
    """Change a node's fields (a branch with children stays a branch)."""
    service.require_draft(scheme)
    node = get_node(session, scheme, node_id)
    _code_free(session, scheme, fields.code, node)
    if node.is_leaf and not fields.is_leaf and has_scores(session, [node.id]):
        raise Conflict(f"指标「{node.name}」已有评分数据，不能改为上级指标", field="isLeaf")
    if not node.is_leaf and fields.is_leaf and _siblings(session, scheme, node.id):
        raise Conflict(f"指标「{node.name}」还有下级指标，不能改为叶子指标", field="isLeaf")
    before = node_snapshot(node)
    apply_fields(node, fields)
    session.add(node)
    service.touch(session, scheme)
    _record(session, "indicator.update", node, actor, before, node_snapshot(node))
    return node


def move_indicator(
    session: JixiaoSession,
    scheme: Scheme,
    node_id: uuid.UUID,
    *,
    parent_id: uuid.UUID | None,
    position: int | None,
    actor: Subject,
) -> Indicator:
    """Move a node under another branch (or reorder it among its siblings)."""
    service.require_draft(scheme)
    node = get_node(session, scheme, node_id)
    _parent(session, scheme, parent_id)
    if parent_id is not None and parent_id in _subtree(session, scheme, node.id):
        raise InvalidInput("不能把指标移到它自己或它的下级指标之下", field="parentId")
    before = {"parent": str(node.parent_id) if node.parent_id else None, "position": node.position}
    old_parent = node.parent_id
    node.parent_id = parent_id
    _place(session, _siblings(session, scheme, parent_id), node, position)
    session.flush()
    if old_parent != parent_id:
        _renumber(session, scheme, old_parent)
    service.touch(session, scheme)
    after = {"parent": str(parent_id) if parent_id else None, "position": node.position}
    _record(session, "indicator.move", node, actor, before, after)
    return node


def _renumber(session: JixiaoSession, scheme: Scheme, parent_id: uuid.UUID | None) -> None:
    for index, sibling in enumerate(_siblings(session, scheme, parent_id)):
        if sibling.position != index:
            sibling.position = index
            session.add(sibling)
    session.flush()


def _subtree(session: JixiaoSession, scheme: Scheme, node_id: uuid.UUID) -> set[uuid.UUID]:
    rows = indicator_parents(session, scheme.id)
    children: dict[uuid.UUID | None, list[uuid.UUID]] = {}
    for nid, parent in rows:
        children.setdefault(parent, []).append(nid)
    found, pending = {node_id}, [node_id]
    while pending:
        for kid in children.get(pending.pop(), []):
            found.add(kid)
            pending.append(kid)
    return found


def delete_indicator(
    session: JixiaoSession, scheme: Scheme, node_id: uuid.UUID, *, actor: Subject
) -> None:
    """Delete a node and everything under it, unless some of it has scores."""
    service.require_draft(scheme)
    node = get_node(session, scheme, node_id)
    subtree = _subtree(session, scheme, node.id)
    if has_scores(session, list(subtree)):
        raise Conflict(f"指标「{node.name}」（或其下级）已有评分数据，不能删除", field="id")
    before = node_snapshot(node) | {"removed": len(subtree)}
    parent = node.parent_id
    session.delete(node)  # the database cascades to the children
    session.flush()
    session.expire_all()
    _renumber(session, scheme, parent)
    service.touch(session, scheme)
    _record(session, "indicator.delete", node, actor, before, None)
