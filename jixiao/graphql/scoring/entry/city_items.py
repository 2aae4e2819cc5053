"""City-level items (三区末位) and last year's outcomes (连续末位) of a scheme: read (scheme:read),
set whole, remove one, and fill last year's from its published annual result (scheme:write)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.org.models import Unit
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import DomainError
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.scoring.entry import city_items as service
from jixiao.scoring.models import CityItem, PreviousOutcome

WRITE = [requires(p.SCHEME_WRITE)]
T = TypeVar("T")


@strawberry.type(name="CityItem", description="An item of the upper government's ranking.")
class CityItemType:
    id: strawberry.ID = strawberry.field(description="The entry's global id.")
    unit_code: str = strawberry.field(description="The responsible unit's code.")
    unit_name: str = strawberry.field(description="The responsible unit's name.")
    item: str = strawberry.field(description="The item the upper government ranked.")
    last: bool = strawberry.field(description="The district was last on this item (末位).")


@strawberry.type(name="PreviousOutcome", description="A unit's outcome in last year's result.")
class PreviousOutcomeType:
    id: strawberry.ID = strawberry.field(description="The entry's global id.")
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    last_in_group: bool = strawberry.field(description="Last in its group last year.")


@strawberry.input(description="A city-level item (三区末位) and the unit responsible for it.")
class CityItemInput:
    unit_code: str = strawberry.field(description="The responsible unit's code.")
    item: str = strawberry.field(description="The item's name, unique per unit.")
    last: bool = strawberry.field(description="The district was last on it (末位).")


@strawberry.input(description="A unit's outcome last year (连续末位).")
class PreviousOutcomeInput:
    unit_code: str = strawberry.field(description="The unit's code (one entry per unit).")
    last_in_group: bool = strawberry.field(description="Last in its group last year.")


@strawberry.type(description="The scheme's city-level items after a change.")
class CityItemsPayload:
    items: list[CityItemType] = strawberry.field(
        default_factory=list, description="Every item of the scheme now; empty on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The scheme's outcomes of last year after a change.")
class PreviousOutcomesPayload:
    outcomes: list[PreviousOutcomeType] = strawberry.field(
        default_factory=list, description="Every outcome of the scheme now; empty on errors."
    )
    source_code: str | None = strawberry.field(
        default=None, description="The scheme whose published annual result filled them."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


def _item(row: CityItem, unit: Unit) -> CityItemType:
    return CityItemType(
        id=to_global_id("CityItem", row.id),
        unit_code=unit.code,
        unit_name=unit.name,
        item=row.item,
        last=row.last,
    )


def _outcome(row: PreviousOutcome, unit: Unit) -> PreviousOutcomeType:
    return PreviousOutcomeType(
        id=to_global_id("PreviousOutcome", row.id),
        unit_code=unit.code,
        unit_name=unit.name,
        last_in_group=row.last_in_group,
    )


def _errors(error: DomainError) -> list[UserError]:
    """Every problem of refused entries at its field, else the one error."""
    if isinstance(error, service.EntriesInvalid):
        return [UserError(code=error.code, message=m, field=f) for f, m in error.problems]
    return [UserError.from_domain(error)]


async def _write(
    info: Info, work: Callable[[JixiaoSession], T]
) -> tuple[T | None, list[UserError]]:
    try:
        return await info.context.write(work), []
    except DomainError as error:
        return None, _errors(error)


def _items(session: JixiaoSession, code: str) -> list[CityItemType]:
    return [_item(row, unit) for row, unit in service.city_items(session, code)]


def _outcomes(session: JixiaoSession, code: str) -> list[PreviousOutcomeType]:
    return [_outcome(row, unit) for row, unit in service.previous_outcomes(session, code)]


@strawberry.type
class CityItemQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="The scheme's city-level items (三区末位), in entry order.",
    )
    async def scheme_city_items(self, info: Info, scheme_code: str) -> list[CityItemType]:
        return await info.context.read(lambda s: _items(s, scheme_code))

    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="The scheme's outcomes of last year (连续末位), in entry order.",
    )
    async def scheme_previous_outcomes(
        self, info: Info, scheme_code: str
    ) -> list[PreviousOutcomeType]:
        return await info.context.read(lambda s: _outcomes(s, scheme_code))


@strawberry.type
class CityItemMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.city_items.set"},
        description="Make the scheme's city-level items exactly these (checked as an import "
        "checks them); not once the scheme is closed.",
    )
    async def set_city_items(
        self,
        info: Info,
        scheme_code: str,
        items: Annotated[
            list[CityItemInput],
            strawberry.argument(description="The whole list; an empty one removes them all."),
        ],
    ) -> CityItemsPayload:
        actor = info.context.subject
        wanted = [service.CityItemEntry(i.unit_code, i.item, i.last) for i in items]

        def work(session: JixiaoSession) -> list[CityItemType]:
            service.set_city_items(session, actor, scheme_code, wanted)
            return _items(session, scheme_code)

        done, errors = await _write(info, work)
        return CityItemsPayload(items=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.city_items.remove"},
        description="Remove one city-level item; answers with the scheme's remaining items.",
    )
    async def remove_city_item(self, info: Info, id: strawberry.ID) -> CityItemsPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> list[CityItemType]:
            row_id = from_global_id(id, "CityItem", field="id")
            scheme = service.remove_city_item(session, actor, row_id)
            return _items(session, scheme.code)

        done, errors = await _write(info, work)
        return CityItemsPayload(items=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.previous.set"},
        description="Make the scheme's outcomes of last year exactly these (one per unit).",
    )
    async def set_previous_outcomes(
        self,
        info: Info,
        scheme_code: str,
        outcomes: Annotated[
            list[PreviousOutcomeInput],
            strawberry.argument(description="The whole list; an empty one removes them all."),
        ],
    ) -> PreviousOutcomesPayload:
        actor = info.context.subject
        wanted = [service.OutcomeEntry(o.unit_code, o.last_in_group) for o in outcomes]

        def work(session: JixiaoSession) -> list[PreviousOutcomeType]:
            service.set_previous_outcomes(session, actor, scheme_code, wanted)
            return _outcomes(session, scheme_code)

        done, errors = await _write(info, work)
        return PreviousOutcomesPayload(outcomes=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.previous.remove"},
        description="Remove one unit's outcome of last year.",
    )
    async def remove_previous_outcome(
        self, info: Info, id: strawberry.ID
    ) -> PreviousOutcomesPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> list[PreviousOutcomeType]:
            row_id = from_global_id(id, "PreviousOutcome", field="id")
            scheme = service.remove_previous_outcome(session, actor, row_id)
            return _outcomes(session, scheme.code)

        done, errors = await _write(info, work)
        return PreviousOutcomesPayload(outcomes=done or [], errors=errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "scheme.previous.fill"},
        description="Fill the outcomes of last year from last year's published annual result: "
        "the scheme this one was copied from, or `sourceCode`. Replaces those entered before.",
    )
    async def fill_previous_outcomes(
        self,
        info: Info,
        scheme_code: str,
        source_code: Annotated[
            str | None,
            strawberry.argument(
                description="Last year's scheme (default: the one this was copied from)."
            ),
        ] = None,
    ) -> PreviousOutcomesPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> tuple[list[PreviousOutcomeType], str]:
            last = service.fill_previous_outcomes(session, actor, scheme_code, source_code)
            return _outcomes(session, scheme_code), last.source.code

        done, errors = await _write(info, work)
        if done is None:
            return PreviousOutcomesPayload(errors=errors)
        return PreviousOutcomesPayload(outcomes=done[0], source_code=done[1])
