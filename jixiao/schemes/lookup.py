"""The schemes' reads that other domains use: a scheme named by the code a person types (the
one lookup every service uses), its member units, components and indicators by code, the names
they read as, and the chain of yearly copies. Low in the layers, just above the tables: the
organisation asks here whether a unit's code is fixed by a scheme."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import col, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeGroup,
    SchemeStatus,
    SchemeUnit,
)


def find_scheme(session: JixiaoSession, code: str) -> Scheme | None:
    """The session tenant's scheme with this code (blanks around it ignored), if any."""
    return session.exec(select(Scheme).where(Scheme.code == code.strip())).first()


def scheme_by_id(session: JixiaoSession, scheme_id: uuid.UUID) -> Scheme | None:
    """The session tenant's scheme with this id, if any."""
    return session.get(Scheme, (session.require_tenant(), scheme_id))


def get_scheme(session: JixiaoSession, code: str, *, field: str = "schemeCode") -> Scheme:
    """The session tenant's scheme with this code; `NotFound` naming the code otherwise."""
    scheme = find_scheme(session, code)
    if scheme is None:
        raise NotFound(f"没有代码为「{code}」的考评方案", field=field)
    return scheme


def member_ids_by_code(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """The ids of a scheme's member units by their codes."""
    return {code: unit_id for unit_id, (code, _group) in membership(session, scheme_id).items()}


def scheme_chain(session: JixiaoSession, scheme: Scheme, limit: int) -> list[Scheme]:
    """The schemes linked to `scheme` by copy, back and forth, oldest year first.

    Back: the scheme each was copied from. Forth: of the schemes copied from one, the earliest
    later year's (a copy made twice for one year is a draft beside the real one). At most
    `limit` schemes: a loop of copies cannot run forever."""
    chain = [scheme]
    seen = {scheme.id}
    current = scheme
    while current.copied_from_id is not None and len(chain) < limit:
        found = session.get(Scheme, (session.require_tenant(), current.copied_from_id))
        if found is None or found.id in seen:
            break
        chain.insert(0, found)
        seen.add(found.id)
        current = found
    current = scheme
    while len(chain) < limit:
        following = session.exec(
            select(Scheme)
            .where(Scheme.copied_from_id == current.id, col(Scheme.year) > current.year)
            .order_by(col(Scheme.year), col(Scheme.created_at), col(Scheme.code))
        ).first()
        if following is None or following.id in seen:
            break
        chain.append(following)
        seen.add(following.id)
        current = following
    return chain


def scheme_names(session: JixiaoSession, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Scheme names by code: of these codes, or of every scheme of the session's tenant."""
    statement = select(Scheme.code, Scheme.name)
    if codes is not None:
        statement = statement.where(col(Scheme.code).in_(list(codes)))
    return dict(session.exec(statement).all())


def schemes_of_year(session: JixiaoSession, year: int) -> list[Scheme]:
    """The session tenant's schemes of a year."""
    return list(session.exec(select(Scheme).where(Scheme.year == year)).all())


def all_schemes(session: JixiaoSession) -> list[Scheme]:
    """Every scheme of the session's tenant."""
    return list(session.exec(select(Scheme)).all())


def find_component(
    session: JixiaoSession, scheme_id: uuid.UUID, code: str
) -> SchemeComponent | None:
    """A scheme's component with this code, if any."""
    return session.exec(
        select(SchemeComponent).where(
            SchemeComponent.scheme_id == scheme_id, SchemeComponent.code == code
        )
    ).first()


def component_names(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, str]:
    """A scheme's component names by code."""
    rows = session.exec(
        select(SchemeComponent.code, SchemeComponent.name).where(
            SchemeComponent.scheme_id == scheme_id
        )
    ).all()
    return dict(rows)


def indicators_of_scheme(session: JixiaoSession, scheme_id: uuid.UUID) -> list[Indicator]:
    """A scheme's indicators (every node of its tree)."""
    return list(session.exec(select(Indicator).where(Indicator.scheme_id == scheme_id)).all())


def indicators_by_code(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, Indicator]:
    """A scheme's indicators (every node of its tree) by code."""
    return {row.code: row for row in indicators_of_scheme(session, scheme_id)}


def indicator_ids_by_code(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """The ids of a scheme's indicators by code."""
    rows = session.exec(
        select(Indicator.code, Indicator.id).where(Indicator.scheme_id == scheme_id)
    ).all()
    return dict(rows)


def leaves_of(session: JixiaoSession, scheme_id: uuid.UUID) -> list[Indicator]:
    """A scheme's leaf indicators (those that are scored), by code."""
    statement = select(Indicator).where(
        Indicator.scheme_id == scheme_id, col(Indicator.is_leaf).is_(True)
    )
    return list(session.exec(statement.order_by(col(Indicator.code))).all())


def leaf_scorers(session: JixiaoSession) -> list[tuple[uuid.UUID, list[str]]]:
    """Every leaf indicator of the session's tenant with the scorer codes it names."""
    rows = session.exec(
        select(Indicator.id, Indicator.scorers).where(col(Indicator.is_leaf).is_(True))
    ).all()
    return [(leaf_id, list(scorers or [])) for leaf_id, scorers in rows]


def member_unit_ids(session: JixiaoSession, scheme_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of a scheme's member units in the scheme's order."""
    statement = select(SchemeUnit.unit_id).where(SchemeUnit.scheme_id == scheme_id)
    return list(session.exec(statement.order_by(col(SchemeUnit.position))).all())


def membership(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[uuid.UUID, tuple[str, str]]:
    """unit id → (unit code, group code) of the scheme's member units."""
    rows = session.exec(
        select(SchemeUnit.unit_id, Unit.code, SchemeGroup.code)
        .join(Unit, col(Unit.id) == col(SchemeUnit.unit_id))
        .join(SchemeGroup, col(SchemeGroup.id) == col(SchemeUnit.group_id))
        .where(SchemeUnit.scheme_id == scheme_id)
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def member_units(
    session: JixiaoSession, scheme_id: uuid.UUID, *, scheme_order: bool = False
) -> list[Unit]:
    """A scheme's member units by code; in the scheme's order (then by code) if asked."""
    statement = (
        select(SchemeUnit.position, Unit)
        .join(Unit, col(Unit.id) == col(SchemeUnit.unit_id))
        .where(SchemeUnit.scheme_id == scheme_id)
    )
    order = (col(SchemeUnit.position), col(Unit.code)) if scheme_order else (col(Unit.code),)
    return [unit for _, unit in session.exec(statement.order_by(*order)).all()]


def in_fixed_scheme(session: JixiaoSession, unit_id: uuid.UUID) -> bool:
    """Whether the unit takes part in a scheme that is no longer a draft (its code is fixed)."""
    found = session.exec(
        select(SchemeUnit.id)
        .join(Scheme, col(Scheme.id) == col(SchemeUnit.scheme_id))
        .where(SchemeUnit.unit_id == unit_id, Scheme.status != SchemeStatus.DRAFT)
    ).first()
    return found is not None
