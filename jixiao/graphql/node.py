"""`node(id:)` and `nodes(ids:)`: any object with a global id, found again by that id alone.

Each type implementing `Node` is found the way the API already finds it, behind the same guard:

- where a root field takes the object's `id` (`unit`, `notice`, `appeal`, `progressReport`…),
  `node` asks that field's permission classes and then runs that field's own resolver with the
  id: the same permission, the same data scope (a reporter's own unit's reports, the appeals
  routed to a scorer…), the same answer;
- the others are listed by a root field that takes no id (`scheme(code:)`, `users`,
  `resultRuns`): `node` asks that field's permission classes and looks the row up as that field's
  service does (a run through the result scope, as `rankings(runId:)` does).

Every read is in the viewer's tenant (`Context.read`): another tenant's id finds nothing. An id
that exists nowhere, another tenant's, and one the viewer may not see (no permission, outside
its data scope) all answer null, so `node` tells nothing about what exists. A malformed id, or
the id of a type that is no `Node`, is the INVALID error every id argument gives.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, cast

import strawberry
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField

from jixiao.graphql.appeals.queries import AppealQueries
from jixiao.graphql.assignments.queries import AssignmentQueries
from jixiao.graphql.context import Info
from jixiao.graphql.cost import PAGE_MAX
from jixiao.graphql.identity.accounts import AccountQueries
from jixiao.graphql.identity.types import UserType
from jixiao.graphql.notices.queries import NoticeQueries
from jixiao.graphql.org.queries import OrgQueries
from jixiao.graphql.relay import Node, node_global_id
from jixiao.graphql.schemes.import_jobs import ImportJobQueries
from jixiao.graphql.schemes.indicator_types import IndicatorType
from jixiao.graphql.schemes.queries import SchemeQueries
from jixiao.graphql.schemes.types import SchemeType
from jixiao.graphql.scoring.records.queries import InspectionQueries
from jixiao.graphql.scoring.runs.loaders import result_scope
from jixiao.graphql.scoring.runs.queries import ResultQueries
from jixiao.graphql.scoring.runs.types import ResultRunType
from jixiao.graphql.supervision.queries import SupervisionQueries
from jixiao.graphql.surveys.queries import SurveyQueries
from jixiao.identity import service as identity
from jixiao.platform.db import JixiaoSession
from jixiao.platform.errors import InvalidInput, NotFound
from jixiao.policies.guards import Authenticated
from jixiao.schemes import tree
from jixiao.schemes.lookup import scheme_by_id
from jixiao.scoring.runs import queries as runs

MAX_IDS = PAGE_MAX  # `nodes(ids:)` takes as many ids as a page (`first`) holds at most
# A lookup of the row by its local id, in the viewer's tenant; None when there is none to show.
Lookup = Callable[[Info, uuid.UUID], Awaitable[Node | None]]


@dataclass(frozen=True)
class Finder:
    """How `node` finds one type: behind the guard of `field` (a root Query field), with
    `lookup`, or with `field`'s own resolver (given the global id) when there is none."""

    field: StrawberryField
    lookup: Lookup | None = None

    async def find(self, info: Info, global_id: strawberry.ID, local: uuid.UUID) -> Node | None:
        if not await allowed(self.field, info, {"id": global_id} if self.lookup is None else {}):
            return None
        if self.lookup is not None:
            return await self.lookup(info, local)
        resolver = self.field.base_resolver
        call = resolver.wrapped_func if resolver is not None else None
        assert callable(call)
        # The root field's own resolver (its class is never instantiated: `self` is unused).
        found = await call(None, info, id=global_id)
        return cast(Node | None, found)


async def allowed(field: StrawberryField, info: Info, arguments: dict[str, Any]) -> bool:
    """Whether every permission class of a root field lets the viewer use it, as strawberry
    asks them before that field's resolver runs."""
    for permission_class in field.permission_classes:
        granted = permission_class().has_permission(None, info, **arguments)
        if inspect.isawaitable(granted):
            granted = await granted
        if not granted:
            return False
    return True


def root_field(queries: type, name: str) -> StrawberryField:
    """A root Query field of a domain's queries class, by its Python name."""
    for field in get_object_definition(queries, strict=True).fields:
        if field.python_name == name:
            return field
    raise LookupError(f"{queries.__name__} has no field {name}")


def by_its_field(queries: type, name: str) -> Finder:
    """Found by the root field that takes its `id`: that field's guard, then its resolver."""
    field = root_field(queries, name)
    if [argument.python_name for argument in field.arguments] != ["id"]:
        raise TypeError(f"{queries.__name__}.{name} does not take the id alone")
    return Finder(field)


async def _scheme(info: Info, local: uuid.UUID) -> Node | None:
    found = await info.context.read(lambda session: scheme_by_id(session, local))
    return SchemeType.of(found) if found else None


async def _indicator(info: Info, local: uuid.UUID) -> Node | None:
    def find(session: JixiaoSession) -> IndicatorType | None:
        try:
            node, _scheme = tree.locate(session, local)
        except NotFound:
            return None
        return IndicatorType.of(node)

    return await info.context.read(find)


async def _user(info: Info, local: uuid.UUID) -> Node | None:
    def find(session: JixiaoSession) -> UserType | None:
        try:
            return UserType.of(identity.get_user(session, local))
        except NotFound:
            return None

    return await info.context.read(find)


async def _run(info: Info, local: uuid.UUID) -> Node | None:
    scope = result_scope(info)

    # As `rankings(runId:)` finds a run: drafts only for those who manage results.
    view = await info.context.read(lambda session: runs.visible_run_by_id(session, scope, local))
    return ResultRunType.of(view) if view else None


# Every type implementing Node, by its GraphQL name (tests/graphql/test_node.py holds the two
# lists together).
FINDERS: dict[str, Finder] = {
    "Unit": by_its_field(OrgQueries, "unit"),
    "Notice": by_its_field(NoticeQueries, "notice"),
    "Appeal": by_its_field(AppealQueries, "appeal"),
    "Assignment": by_its_field(AssignmentQueries, "assignment"),
    "ProgressReport": by_its_field(AssignmentQueries, "progress_report"),
    "Survey": by_its_field(SurveyQueries, "survey"),
    "Inspection": by_its_field(InspectionQueries, "inspection"),
    "InnovationAward": by_its_field(InspectionQueries, "innovation_award"),
    "SupervisionNotice": by_its_field(SupervisionQueries, "supervision_notice"),
    "SchemeImportJob": by_its_field(ImportJobQueries, "scheme_import_job"),
    # Guarded as the root field that shows them; found in the viewer's tenant.
    "Scheme": Finder(root_field(SchemeQueries, "scheme"), _scheme),
    "Indicator": Finder(root_field(SchemeQueries, "scheme"), _indicator),  # Scheme.indicators
    "User": Finder(root_field(AccountQueries, "users"), _user),
    "ResultRun": Finder(root_field(ResultQueries, "result_runs"), _run),
}


async def find_node(info: Info, global_id: strawberry.ID, *, field: str = "id") -> Node | None:
    type_name, local = node_global_id(global_id, FINDERS, field=field)
    return await FINDERS[type_name].find(info, global_id, local)


@strawberry.type
class NodeQueries:
    @strawberry.field(
        permission_classes=[Authenticated],
        description="Any object with a global id (`Node`), by that id: null when there is none, "
        "or when you may not see it (the same guard and data scope as the object's own query, "
        "e.g. `unit(id:)`, `progressReport(id:)`, `scheme(code:)`, `users`, `resultRuns`). "
        "Select its fields with `... on Unit { code }`.",
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await find_node(info, id)

    @strawberry.field(
        permission_classes=[Authenticated],
        description="Objects with global ids, by those ids (at most 100), in their order: each "
        "as `node` answers it, null where it answers null.",
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="Global ids, as returned in `id` fields (≤ 100)."),
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_IDS:
            raise InvalidInput(f"ids 最多 {MAX_IDS} 个", field="ids")
        # Every id is read first: one malformed refuses them all, before any lookup.
        found = [node_global_id(gid, FINDERS, field=f"ids[{i}]") for i, gid in enumerate(ids)]
        return [
            await FINDERS[type_name].find(info, gid, local)
            for gid, (type_name, local) in zip(ids, found, strict=True)
        ]
