"""Replacing a draft's whole indicator tree at once (Excel import), keeping nodes by code so
that scores stay attached; a scored node cannot disappear."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.audit.service import record
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import Conflict
from jixiao.schemes import service
from jixiao.schemes.lookup import indicators_by_code
from jixiao.schemes.models import Indicator, Scheme
from jixiao.schemes.tree import IndicatorFields, apply_fields
from jixiao.scoring.queries import scored_indicator_ids


@dataclass(frozen=True)
class NodeSpec:
    """One node of a new tree: its fields and its parent's code (None: top level)."""

    fields: IndicatorFields
    parent_code: str | None


@dataclass(frozen=True)
class TreeReplaced:
    created: int
    updated: int
    deleted: int


def replace_tree(
    session: JixiaoSession, scheme: Scheme, specs: Sequence[NodeSpec], *, actor: Subject
) -> TreeReplaced:
    """Make the draft's tree exactly `specs` (parents before children, in sibling order)."""
    service.require_draft(scheme)
    existing = indicators_by_code(session, scheme.id)
    wanted = {spec.fields.code.strip() for spec in specs}
    gone = [node for code, node in existing.items() if code not in wanted]
    scored = scored_indicator_ids(session, scheme.id)
    blocked = [node.code for node in gone if node.id in scored]
    if blocked:
        raise Conflict(
            f"指标 {'、'.join(sorted(blocked))} 已有评分数据，新的指标表中不能没有它们",
            field="content",
        )
    ids: dict[str, uuid.UUID] = {}
    positions: dict[str | None, int] = {}
    created = updated = 0
    for spec in specs:
        code = spec.fields.code.strip()
        node = existing.get(code)
        if node is None:
            node = Indicator(scheme_id=scheme.id, code=code, name="")
            created += 1
        else:
            updated += 1
        apply_fields(node, spec.fields)
        node.parent_id = ids[spec.parent_code] if spec.parent_code else None
        node.position = positions.get(spec.parent_code, 0)
        positions[spec.parent_code] = node.position + 1
        session.add(node)
        session.flush()
        ids[code] = node.id
    gone_ids = {node.id for node in gone}
    for node in gone:
        if node.parent_id not in gone_ids:  # the database cascades to the rest of the subtree
            session.delete(node)
    session.flush()
    session.expire_all()
    service.touch(session, scheme)
    after = {"created": created, "updated": updated, "deleted": len(gone)}
    record(
        session,
        actor=actor,
        action="indicator.import",
        target_type="scheme",
        target_id=scheme.id,
        after=after,
    )
    return TreeReplaced(created, updated, len(gone))
