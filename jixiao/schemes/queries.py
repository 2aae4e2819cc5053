"""The schemes' own reads: schemes for listing and for the engine's inputs, a scheme's parts and
data rows, its tree's nodes, the inputs' change log, the templates, the tenant's library and the
import jobs. Only the schemes package reads here; other domains read through `lookup`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Result, Select, String, Table, cast, false, func
from sqlalchemy import select as select_columns
from sqlmodel import col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.schemes.import_job_model import SchemeImportJob
from jixiao.schemes.models import (
    Indicator,
    Scheme,
    SchemeComponent,
    SchemeInputChange,
    SchemeRevision,
    SchemeTemplate,
    SchemeUnit,
)
from jixiao.schemes.template_models import SchemeTemplateChange, TenantSchemeTemplate
from jixiao.scoring import models as data_models

T = TypeVar("T")
_MEMBER: Table = SchemeUnit.__table__  # type: ignore[attr-defined]
_LOG: Table = SchemeInputChange.__table__  # type: ignore[attr-defined]


def schemes_statement(year: int | None = None) -> SelectOfScalar[Scheme]:
    """The statement of the tenant's schemes, of one year when given (to page through)."""
    statement = select(Scheme)
    if year is not None:
        statement = statement.where(Scheme.year == year)
    return statement


def schemes_newest_first(session: JixiaoSession) -> list[Scheme]:
    """Every scheme of the tenant, newest year first, then by code."""
    return list(
        session.exec(select(Scheme).order_by(col(Scheme.year).desc(), col(Scheme.code))).all()
    )


def scheme_codes(session: JixiaoSession) -> list[str]:
    """The codes of every scheme of the tenant, in order."""
    return list(session.exec(select(Scheme.code).order_by(col(Scheme.code))).all())


def scheme_id_of(session: JixiaoSession, code: str) -> uuid.UUID | None:
    """The id of the tenant's scheme with this code (blanks around it ignored), if any."""
    return session.exec(select(Scheme.id).where(Scheme.code == code.strip())).first()


def fresh_scheme(session: JixiaoSession, scheme_id: uuid.UUID) -> Scheme:
    """A scheme's row read again from the database (the session's copy refreshed)."""
    return session.exec(
        select(Scheme).where(Scheme.id == scheme_id).execution_options(populate_existing=True)
    ).one()


def inputs_seq(session: JixiaoSession, scheme_id: uuid.UUID) -> int:
    """A scheme's inputs revision as stored now."""
    return session.exec(select(Scheme.inputs_seq).where(Scheme.id == scheme_id)).one()


def count_rows(session: JixiaoSession, model: Any, *conditions: Any) -> int:
    """How many of a table's rows meet these conditions."""
    return int(session.exec(select(func.count()).select_from(model).where(*conditions)).one())


def rows_of_scheme(
    session: JixiaoSession, model: type[T], scheme_id: uuid.UUID, *order: Any
) -> list[T]:
    """A scheme's rows of one of its tables (its parts or its data), in this order if given."""
    table: Any = model
    return list(
        session.exec(select(table).where(table.scheme_id == scheme_id).order_by(*order)).all()
    )


def members_with_units(
    session: JixiaoSession, scheme_id: uuid.UUID
) -> list[tuple[SchemeUnit, Unit]]:
    """A scheme's members with their unit rows, in the scheme's order, then by unit code."""
    rows = session.exec(
        select(SchemeUnit, Unit)
        .join(Unit, col(Unit.id) == col(SchemeUnit.unit_id))
        .where(SchemeUnit.scheme_id == scheme_id)
        .order_by(col(SchemeUnit.position), col(Unit.code))
    ).all()
    return [(member, unit) for member, unit in rows]


def component_ids_by_code(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """The ids of a scheme's components by code."""
    rows = session.exec(
        select(SchemeComponent.code, SchemeComponent.id).where(
            SchemeComponent.scheme_id == scheme_id
        )
    ).all()
    return dict(rows)


def find_indicator(session: JixiaoSession, scheme_id: uuid.UUID, code: str) -> Indicator | None:
    """A scheme's indicator with this code, if any."""
    return session.exec(
        select(Indicator).where(Indicator.scheme_id == scheme_id, Indicator.code == code)
    ).first()


def indicator_children(
    session: JixiaoSession, scheme_id: uuid.UUID, parent_id: uuid.UUID | None
) -> list[Indicator]:
    """The nodes under a parent of a scheme's tree (None: the top), in sibling order."""
    return list(
        session.exec(
            select(Indicator)
            .where(Indicator.scheme_id == scheme_id, Indicator.parent_id == parent_id)
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    )


def indicator_parents(
    session: JixiaoSession, scheme_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
    """(node id, parent id) of every node of a scheme's tree."""
    rows = session.exec(
        select(Indicator.id, Indicator.parent_id).where(Indicator.scheme_id == scheme_id)
    ).all()
    return list(rows)


def leaf_codes_by_text_id(session: JixiaoSession, scheme_id: uuid.UUID) -> dict[str, str]:
    """The codes of a scheme's indicators by their ids as text."""
    of_scheme = col(Indicator.scheme_id) == scheme_id
    return dict(
        session.execute(
            select_columns(cast(col(Indicator.id), String), col(Indicator.code)).where(of_scheme)
        ).all()
    )


def pairs(
    session: JixiaoSession, model: Any, key: str, value: str, scheme_id: uuid.UUID | None = None
) -> dict[Any, Any]:
    """{key: value} of a tenant table's rows (of one scheme when given)."""
    table: Table = model.__table__
    statement = select_columns(table.c[key], table.c[value]).where(
        table.c.tenant_id == session.require_tenant()
    )
    if scheme_id is not None:
        statement = statement.where(table.c.scheme_id == scheme_id)
    found: dict[Any, Any] = {}
    for key, value in session.connection().execute(statement):
        found[key] = value
    return found


def data_table_rows(
    session: JixiaoSession, table: Table, scheme_id: uuid.UUID, columns: Sequence[str]
) -> Result[*tuple[Any, ...]]:
    """A scheme's rows of a data table in entry order: id, unit id, whether entered in the
    portal (not imported), then these columns."""
    entered = table.c.source == data_models.DataSource.ENTRY if "source" in table.c else false()
    statement = (
        select_columns(table.c.id, table.c.unit_id, entered, *(table.c[c] for c in columns))
        .where(table.c.tenant_id == session.require_tenant(), table.c.scheme_id == scheme_id)
        .order_by(table.c.seq, table.c.id)
    )
    return session.connection().execute(statement)


def next_entry_seq(session: JixiaoSession, table: Table, scheme_id: uuid.UUID) -> int:
    """The entry number a new row of a scheme's data table takes: one past the highest (0 for
    the first)."""
    top = (
        session.connection()
        .execute(
            select_columns(func.max(table.c.seq)).where(
                table.c.tenant_id == session.require_tenant(), table.c.scheme_id == scheme_id
            )
        )
        .scalar()
    )
    return int(top if top is not None else -1) + 1


def input_changes(
    session: JixiaoSession, scheme_id: uuid.UUID, seq: int, upto: int
) -> Result[Any, Any]:
    """A scheme's inputs change log after revision `seq` up to `upto`, in order: (seq, the
    unit ids whose data changed or None)."""
    return session.connection().execute(
        select_columns(_LOG.c.seq, _LOG.c.units)
        .where(
            _LOG.c.tenant_id == session.require_tenant(),
            _LOG.c.scheme_id == scheme_id,
            _LOG.c.seq > seq,
            _LOG.c.seq <= upto,
        )
        .order_by(_LOG.c.seq)
    )


def schemes_of_units(tenant_id: uuid.UUID, unit_ids: Sequence[uuid.UUID]) -> Select[Any]:
    """The statement of the ids of the schemes these units are members of (to embed)."""
    return select_columns(_MEMBER.c.scheme_id).where(
        _MEMBER.c.tenant_id == tenant_id, _MEMBER.c.unit_id.in_(unit_ids)
    )


def revisions(session: JixiaoSession, scheme_id: uuid.UUID) -> list[SchemeRevision]:
    """A scheme's approved revisions, oldest first."""
    return list(
        session.exec(
            select(SchemeRevision)
            .where(SchemeRevision.scheme_id == scheme_id)
            .order_by(col(SchemeRevision.number))
        ).all()
    )


def list_templates(session: JixiaoSession, *, level: str | None = None) -> list[SchemeTemplate]:
    """Every platform template by code; with `level`, those meant for it or for any level."""
    statement = select(SchemeTemplate).order_by(col(SchemeTemplate.code))
    if level is not None:
        statement = statement.where(
            or_(col(SchemeTemplate.level).is_(None), col(SchemeTemplate.level) == level)
        )
    return list(session.exec(statement).all())


def find_template(session: JixiaoSession, code: str) -> SchemeTemplate | None:
    """The platform template with this code (blanks around it ignored), if any."""
    return session.exec(select(SchemeTemplate).where(SchemeTemplate.code == code.strip())).first()


def template_changes(session: JixiaoSession, code: str | None = None) -> list[SchemeTemplateChange]:
    """Operators' changes of platform templates, newest first."""
    statement = select(SchemeTemplateChange).order_by(col(SchemeTemplateChange.at).desc())
    if code is not None:
        statement = statement.where(SchemeTemplateChange.template_code == code.strip())
    return list(session.exec(statement).all())


def list_library(session: JixiaoSession) -> list[TenantSchemeTemplate]:
    """The session tenant's own templates, by code."""
    statement = select(TenantSchemeTemplate).order_by(col(TenantSchemeTemplate.code))
    return list(session.exec(statement).all())


def find_library_template(session: JixiaoSession, code: str) -> TenantSchemeTemplate | None:
    """The session tenant's own template with this code (blanks around it ignored), if any."""
    return session.exec(
        select(TenantSchemeTemplate).where(TenantSchemeTemplate.code == code.strip())
    ).first()


def find_import_job(session: JixiaoSession, job_id: uuid.UUID) -> SchemeImportJob | None:
    """The session tenant's import job with this id, if any."""
    return session.exec(select(SchemeImportJob).where(col(SchemeImportJob.id) == job_id)).first()
