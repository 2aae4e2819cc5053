"""Organisation mutations: units and their links, and the units workbook import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.org.types import (
    UnitInput,
    UnitLinkRole,
    UnitLinksPayload,
    UnitPayload,
    UnitsImportPayload,
    UnitType,
)
from jixiao.graphql.relay import from_global_id
from jixiao.org import queries as org_queries
from jixiao.org import service, workbook
from jixiao.org.models import Unit
from jixiao.org.sheets import from_base64
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires


def _fields(input: UnitInput) -> service.UnitFields:
    return service.UnitFields(
        code=input.code,
        name=input.name,
        kind=input.kind,
        headcount=input.headcount,
        monitoring=input.monitoring,
    )


@strawberry.type
class OrgMutations:
    @strawberry.mutation(
        description=(
            "Add a unit to be appraised (a department, town or subdistrict); its code is unique "
            "in the tenant."
        ),
        permission_classes=[requires(p.UNIT_WRITE)],
        metadata={AUDIT_ACTION: "unit.create"},
    )
    async def create_unit(self, info: Info, input: UnitInput) -> UnitPayload:
        actor = info.context.subject
        made, errors = await attempt(
            lambda: info.context.write(
                lambda s: service.create_unit(s, _fields(input), actor=actor)
            )
        )
        return UnitPayload(unit=UnitType.of(made) if made else None, errors=errors)

    @strawberry.mutation(
        description="Change a unit's code, name, kind or other details.",
        permission_classes=[requires(p.UNIT_WRITE)],
        metadata={AUDIT_ACTION: "unit.update"},
    )
    async def update_unit(self, info: Info, id: strawberry.ID, input: UnitInput) -> UnitPayload:
        actor = info.context.subject
        return await _change(
            info, id, lambda s, u: service.update_unit(s, u, _fields(input), actor=actor)
        )

    @strawberry.mutation(
        permission_classes=[requires(p.UNIT_WRITE)],
        description="Deactivate a unit: it stays in past schemes, new ones cannot use it.",
        metadata={AUDIT_ACTION: "unit.deactivate"},
    )
    async def deactivate_unit(self, info: Info, id: strawberry.ID) -> UnitPayload:
        actor = info.context.subject
        return await _change(info, id, lambda s, u: service.set_active(s, u, False, actor=actor))

    @strawberry.mutation(
        description="Take a deactivated unit back into appraisal.",
        permission_classes=[requires(p.UNIT_WRITE)],
        metadata={AUDIT_ACTION: "unit.activate"},
    )
    async def activate_unit(self, info: Info, id: strawberry.ID) -> UnitPayload:
        actor = info.context.subject
        return await _change(info, id, lambda s, u: service.set_active(s, u, True, actor=actor))

    @strawberry.mutation(
        permission_classes=[requires(p.UNIT_WRITE)],
        description="Make exactly these users the unit's reporters, heads, leaders or contacts.",
        metadata={AUDIT_ACTION: "unit.links.set"},
    )
    async def set_unit_links(
        self,
        info: Info,
        unit_id: strawberry.ID,
        role: Annotated[
            UnitLinkRole,
            strawberry.argument(description="The role whose users `userIds` replace."),
        ],
        user_ids: list[strawberry.ID],
    ) -> UnitLinksPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> Unit:
            unit = org_queries.get_unit(session, from_global_id(unit_id, "Unit", field="unitId"))
            users = [from_global_id(u, "User", field="userIds") for u in user_ids]
            service.set_links(session, unit, role, users, actor=actor)
            return unit

        unit, errors = await attempt(lambda: info.context.write(work))
        return UnitLinksPayload(unit=UnitType.of(unit) if unit else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.UNIT_WRITE)],
        description="Add or update units (and their links) from the units sheet (.xlsx, base64).",
        metadata={AUDIT_ACTION: "unit.import"},
    )
    async def import_units_workbook(
        self,
        info: Info,
        content: Annotated[
            str,
            strawberry.argument(
                description="The .xlsx file, base64-encoded, laid out as `unitsWorkbook`."
            ),
        ],
    ) -> UnitsImportPayload:
        actor = info.context.subject
        done, errors = await attempt(
            lambda: info.context.write(
                lambda s: workbook.import_units(s, from_base64(content), actor=actor)
            )
        )
        if done is None:
            # The first line sums up; each further line names a row and column.
            problems = [line for e in errors for line in e.message.splitlines()[1:]]
            return UnitsImportPayload(problems=problems, errors=errors)
        return UnitsImportPayload(
            created=done.created, updated=done.updated, unchanged=done.unchanged
        )


async def _change(
    info: Info, id: strawberry.ID, change: Callable[[JixiaoSession, Unit], Unit]
) -> UnitPayload:
    changed, errors = await attempt(
        lambda: info.context.write(
            lambda s: change(s, org_queries.get_unit(s, from_global_id(id, "Unit")))
        )
    )
    return UnitPayload(unit=UnitType.of(changed) if changed else None, errors=errors)
