"""Batch reads of schemes' relations, for dataloaders: one query per relation and batch."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import col, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.queries import rows_by_id
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeRevision,
    SchemeUnit,
)
from jixiao.schemes.queries import revisions
from jixiao.schemes.validation import SchemeCheck, check_scheme

Member = tuple[SchemeUnit, Unit]


def _by_scheme(
    session: JixiaoSession, model: Any, ids: Sequence[uuid.UUID], *order: Any
) -> dict[uuid.UUID, list[Any]]:
    found: dict[uuid.UUID, list[Any]] = {i: [] for i in ids}
    rows = session.exec(
        select(model).where(col(model.scheme_id).in_(list(ids))).order_by(*order)
    ).all()
    for row in rows:
        found[row.scheme_id].append(row)
    return found


def components_of(
    session: JixiaoSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SchemeComponent]]:
    """Each scheme's components, in order."""
    return _by_scheme(session, SchemeComponent, ids, col(SchemeComponent.position))


def groups_of(
    session: JixiaoSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SchemeGroup]]:
    """Each scheme's groups, in order."""
    return _by_scheme(session, SchemeGroup, ids, col(SchemeGroup.position))


def indicators_of(
    session: JixiaoSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Indicator]]:
    """Each scheme's tree nodes as a flat list (by position among siblings, then code)."""
    return _by_scheme(session, Indicator, ids, col(Indicator.position), col(Indicator.code))


def members_of(session: JixiaoSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Member]]:
    """Each scheme's member units with their unit rows, in order."""
    found: dict[uuid.UUID, list[Member]] = {i: [] for i in ids}
    rows = session.exec(
        select(SchemeUnit, Unit)
        .join(Unit, col(Unit.id) == col(SchemeUnit.unit_id))
        .where(col(SchemeUnit.scheme_id).in_(list(ids)))
        .order_by(col(SchemeUnit.position))
    ).all()
    for member, unit in rows:
        found[member.scheme_id].append((member, unit))
    return found


def checks_of(session: JixiaoSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, SchemeCheck]:
    """Each scheme's validation issues and per-unit points check."""
    schemes = session.exec(select(Scheme).where(col(Scheme.id).in_(list(ids)))).all()
    return {scheme.id: check_scheme(session, scheme) for scheme in schemes}


def revisions_of(
    session: JixiaoSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[SchemeRevision]]:
    """Each scheme's approved revisions, oldest first."""
    return {i: revisions(session, i) for i in ids}


def indicators_by_id(
    session: JixiaoSession, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Indicator]:
    """Indicators of the session's tenant by id (unknown ids are left out)."""
    return rows_by_id(session, Indicator, ids)


def schemes_by_id(session: JixiaoSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Scheme]:
    """Schemes of the session's tenant by id (unknown ids are left out)."""
    return rows_by_id(session, Scheme, ids)
