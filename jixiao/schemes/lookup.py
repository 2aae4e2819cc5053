"""A scheme named by the code a person types: the one lookup every service uses."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import NotFound
from jixiao.schemes.models import Scheme, SchemeUnit


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
    rows = session.exec(
        select(SchemeUnit.unit_id, Unit.code)
        .join(Unit, col(Unit.id) == col(SchemeUnit.unit_id))
        .where(SchemeUnit.scheme_id == scheme_id)
    ).all()
    return {code: unit_id for unit_id, code in rows}
