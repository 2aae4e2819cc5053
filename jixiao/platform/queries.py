"""The platform's generic reads: rows of any table by id, for the domains' read modules."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TypeVar

from sqlmodel import SQLModel, col, select

from jixiao.platform.db import JixiaoSession

Row = TypeVar("Row", bound=SQLModel)


def rows_by_id(
    session: JixiaoSession, model: type[Row], ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Row]:
    """Rows of a table with an `id` by id, in one query (a tenant table's rows of the
    session's tenant only); unknown ids are left out."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    key = col(model.id)  # type: ignore[attr-defined]
    return {row.id: row for row in session.exec(select(model).where(key.in_(wanted))).all()}  # type: ignore[attr-defined]
