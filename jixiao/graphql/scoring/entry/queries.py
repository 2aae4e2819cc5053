"""Score entry queries: the scorer's workbench (its data scope applied by the service)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.relay import connection
from jixiao.graphql.scoring.entry.scorers import ScorerType
from jixiao.graphql.scoring.entry.types import Quarter, WorkbenchCell, WorkbenchConnection
from jixiao.platform.errors import InvalidInput
from jixiao.platform.pagination import DEFAULT_PAGE, Page, decode_cursor, encode_cursor
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import scorers
from jixiao.scoring.entry import rating_list, service
from jixiao.scoring.models import DataSource

MAX_PAGE = 500  # a whole row or column of a large scheme fits in one page


@strawberry.type(description="One rating of a unit for a component, and who gave it.")
class RatingEntry:
    unit_code: str = strawberry.field(description="The unit's code.")
    unit_name: str = strawberry.field(description="The unit's name.")
    rater: str | None = strawberry.field(description="Null for imported and survey values.")
    value: Decimal = strawberry.field(description="The rating, 0–100.")
    entered: bool = strawberry.field(description="Entered in the portal (not imported).")


@strawberry.type
class ScoringQueries:
    @strawberry.field(
        permission_classes=[requires(p.SCHEME_READ)],
        description="Who an indicator or assignment may name as its scorers: the active people "
        "who score (by name), then the monitoring departments; `code` is what `scorers` stores.",
    )
    async def scorer_choices(self, info: Info) -> list[ScorerType]:
        found = await info.context.read(scorers.choices)
        return [ScorerType.of(scorer) for scorer in found]

    @strawberry.field(
        permission_classes=[requires(p.SCORE_READ)],
        description="A rating component's values for the units you see, by unit then rater; "
        "the component is their mean.",
    )
    async def ratings(self, info: Info, scheme_code: str, component_code: str) -> list[RatingEntry]:
        subject = info.context.subject
        rows = await info.context.read(
            lambda s: rating_list.ratings(s, subject, scheme_code, component_code)
        )
        return [
            RatingEntry(
                unit_code=row.unit_code,
                unit_name=row.unit_name,
                rater=row.rater or None,
                value=row.value,
                entered=row.source is DataSource.ENTRY,
            )
            for row in rows
        ]

    @strawberry.field(
        permission_classes=[requires(p.SCORE_READ)],
        description="The units × indicators the viewer may score in a period, with entries.",
    )
    async def scoring_workbench(
        self,
        info: Info,
        scheme_code: str,
        period: Quarter,
        first: int | None = None,
        after: str | None = None,
    ) -> WorkbenchConnection:
        subject = info.context.subject
        size = DEFAULT_PAGE if first is None else first
        if size < 0 or size > MAX_PAGE:
            raise InvalidInput(f"first 须在 0 到 {MAX_PAGE} 之间 (got {size})", field="first")
        start = int(decode_cursor(after, int)) if after else 0
        bench = await info.context.read(
            lambda s: service.workbench(s, subject, scheme_code, period)
        )
        rest = [cell for cell in bench.cells if cell.position > start]
        items = rest[:size]
        page = Page(
            items=items,
            cursors=[encode_cursor(cell.position) for cell in items],
            has_next=len(rest) > size,
        )
        return connection(page, WorkbenchCell.of, after=after)
