"""The organisation's reads: units by code, by id, listed and paged, and who is linked to each.
Services and the GraphQL layer read units and their links here (one query per batch). Low in the
layers, just above the tables: every domain may read units, and `identity.queries` uses the
links as a subquery."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import String, cast
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.engine.model import UnitKind
from jixiao.identity.models import AccountStatus, User
from jixiao.org.models import Unit, UnitLink, UnitLinkRole
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.platform.pagination import Page, keyset_page
from jixiao.platform.queries import rows_by_id


def find_unit(session: JixiaoSession, code: str) -> Unit | None:
    """The session tenant's unit with this code, if any."""
    return session.exec(select(Unit).where(Unit.code == code.strip())).first()


def get_unit(session: JixiaoSession, unit_id: uuid.UUID) -> Unit:
    """One unit of the session's tenant."""
    unit = session.get(Unit, (session.require_tenant(), unit_id))
    if unit is None:
        raise NotFound("没有这个考评对象", field="id")
    return unit


def units_by_id(session: JixiaoSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Unit]:
    """Units of the session's tenant by id (unknown ids are left out)."""
    return rows_by_id(session, Unit, ids)


def list_units(
    session: JixiaoSession,
    *,
    kind: UnitKind | None = None,
    search: str | None = None,
    active: bool | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Unit]:
    """Units by code, filtered by kind, a search text (code or name) and whether active."""
    statement = select(Unit)
    if kind is not None:
        statement = statement.where(Unit.kind == kind)
    if active is not None:
        statement = statement.where(Unit.active == active)
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        statement = statement.where(col(Unit.code).ilike(pattern) | col(Unit.name).ilike(pattern))
    return keyset_page(session, statement, col(Unit.code), first=first, after=after)  # type: ignore[arg-type]


def all_units(session: JixiaoSession) -> list[Unit]:
    """Every unit of the session's tenant, by code."""
    return list(session.exec(select(Unit).order_by(col(Unit.code))).all())


def links_of(
    session: JixiaoSession, unit_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[UnitLink, User]]]:
    """Each unit's links with their users, by role then username."""
    found: dict[uuid.UUID, list[tuple[UnitLink, User]]] = {uid: [] for uid in unit_ids}
    if not unit_ids:
        return found
    rows = session.exec(
        select(UnitLink, User)
        .join(User, col(User.id) == col(UnitLink.user_id))
        .where(col(UnitLink.unit_id).in_(list(unit_ids)))
        .order_by(col(UnitLink.role), col(User.username))
    ).all()
    for link, user in rows:
        found[link.unit_id].append((link, user))
    return found


def units_by_code(session: JixiaoSession, codes: Iterable[str] | None = None) -> dict[str, Unit]:
    """Every unit of the session's tenant by its code (those of these codes only, if given)."""
    statement = select(Unit)
    if codes is not None:
        statement = statement.where(col(Unit.code).in_(sorted(set(codes))))
    return {unit.code: unit for unit in session.exec(statement).all()}


def unit_by_code(session: JixiaoSession, code: str, *, field: str = "unitCode") -> Unit:
    """The session tenant's unit with this code; `NotFound` naming the code otherwise."""
    unit = find_unit(session, code)
    if unit is None:
        raise NotFound(f"没有考评对象「{code}」", field=field)
    return unit


def unit_ids_by_code(
    session: JixiaoSession, codes: Iterable[str] | None = None
) -> dict[str, uuid.UUID]:
    """The id of every unit of the session's tenant by its code (of these codes only, if
    given)."""
    statement = select(Unit.code, Unit.id)
    if codes is not None:
        statement = statement.where(col(Unit.code).in_(list(codes)))
    return dict(session.exec(statement).all())


def unit_codes_by_text_id(session: JixiaoSession) -> dict[str, str]:
    """Every unit's code by its id as text (for rows read with their ids as text)."""
    found: dict[str, str] = dict(
        session.execute(select(cast(col(Unit.id), String), col(Unit.code))).all()
    )
    return found


def unit_codes(session: JixiaoSession) -> set[str]:
    """The code of every unit of the session's tenant."""
    return set(session.exec(select(Unit.code)).all())


def unit_labels(session: JixiaoSession) -> list[tuple[uuid.UUID, str, str]]:
    """(id, code, name) of every unit of the session's tenant, as plain columns."""
    rows = session.exec(select(Unit.id, Unit.code, Unit.name)).all()
    return [(unit_id, code, name) for unit_id, code, name in rows]


def unit_links(session: JixiaoSession, unit_id: uuid.UUID, role: UnitLinkRole) -> list[UnitLink]:
    """A unit's links in one role."""
    rows = session.exec(select(UnitLink).where(UnitLink.unit_id == unit_id, UnitLink.role == role))
    return list(rows.all())


def links_of_users(
    session: JixiaoSession, user_ids: list[uuid.UUID], roles: list[UnitLinkRole]
) -> list[UnitLink]:
    """The links of these users in one of these roles."""
    rows = session.exec(
        select(UnitLink).where(col(UnitLink.user_id).in_(user_ids), col(UnitLink.role).in_(roles))
    )
    return list(rows.all())


def linked_unit_ids(session: JixiaoSession, user_id: uuid.UUID) -> set[uuid.UUID]:
    """The units a user is linked to (as reporter, head or staff)."""
    return set(session.exec(select(UnitLink.unit_id).where(UnitLink.user_id == user_id)).all())


def active_unit_ids(session: JixiaoSession) -> set[uuid.UUID]:
    """The ids of the session tenant's active units."""
    return set(session.exec(select(Unit.id).where(col(Unit.active).is_(True))).all())


def scoring_departments(session: JixiaoSession, staff_unit_ids: Iterable[uuid.UUID]) -> list[Unit]:
    """The active units that score as a department: the monitoring departments, and the units
    of these ids (where a monitoring department's scoring staff work)."""
    statement = select(Unit).where(
        col(Unit.active), col(Unit.monitoring) | col(Unit.id).in_(list(staff_unit_ids))
    )
    return list(session.exec(statement).all())


def unit_people(
    session: JixiaoSession, unit_ids: Iterable[uuid.UUID], roles: Iterable[UnitLinkRole]
) -> list[uuid.UUID]:
    """The active users linked to these units in one of these roles, sorted (one query)."""
    wanted, units = list(roles), list(unit_ids)
    if not units:
        return []
    rows = session.exec(
        select(UnitLink.user_id)
        .join(User, col(User.id) == col(UnitLink.user_id))
        .where(
            col(UnitLink.unit_id).in_(units),
            col(UnitLink.role).in_(wanted),
            User.status == AccountStatus.ACTIVE,
        )
    ).all()
    return sorted(set(rows))


def users_linked_to(
    unit_id: uuid.UUID, role: UnitLinkRole | None = None
) -> SelectOfScalar[uuid.UUID]:
    """The statement of the users linked to a unit (in one role, if given), whatever their
    account's state: to run, or to use as a subquery."""
    statement = select(UnitLink.user_id).where(UnitLink.unit_id == unit_id)
    return statement if role is None else statement.where(UnitLink.role == role)


def linked_user_ids(
    session: JixiaoSession, unit_id: uuid.UUID, role: UnitLinkRole
) -> list[uuid.UUID]:
    """The users linked to a unit in one role (any account state)."""
    return list(session.exec(users_linked_to(unit_id, role)).all())


def holds_link(
    session: JixiaoSession, user_id: uuid.UUID, unit_id: uuid.UUID, role: UnitLinkRole
) -> bool:
    """Whether the user is linked to the unit in this role."""
    found = session.exec(
        select(UnitLink.id).where(
            UnitLink.unit_id == unit_id, UnitLink.user_id == user_id, UnitLink.role == role
        )
    ).first()
    return found is not None


def links_between(
    session: JixiaoSession,
    user_ids: Collection[uuid.UUID],
    unit_ids: Collection[uuid.UUID],
    roles: Collection[UnitLinkRole],
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(user id, unit id) of each link in one of these roles between these users and units."""
    rows = session.exec(
        select(UnitLink.user_id, UnitLink.unit_id).where(
            col(UnitLink.role).in_(list(roles)),
            col(UnitLink.user_id).in_(sorted(user_ids)),
            col(UnitLink.unit_id).in_(sorted(unit_ids)),
        )
    ).all()
    return [(user_id, unit_id) for user_id, unit_id in rows]
