"""Indicator tree mutations: create, edit, move (and reorder) and delete nodes of a draft."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError, attempt
from jixiao.graphql.relay import from_global_id, to_global_id
from jixiao.graphql.schemes.indicator_types import (
    DeleteIndicatorPayload,
    IndicatorPayload,
    IndicatorType,
)
from jixiao.graphql.schemes.inputs import IndicatorInput
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.schemes import service, tree
from jixiao.schemes.models import Indicator

WRITE = [requires(p.SCHEME_WRITE)]
PARENT = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="The branch to add it under; null: at the top of the tree."),
]
NEW_PARENT = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="The branch to put it under; null: the top of the tree."),
]
POSITION = Annotated[
    int | None, strawberry.argument(description="Its place among the siblings, from 0; null: last.")
]


def _payload(node: Indicator | None, errors: list[UserError]) -> IndicatorPayload:
    return IndicatorPayload(indicator=IndicatorType.of(node) if node else None, errors=errors)


def _optional_id(value: strawberry.ID | None, field: str) -> uuid.UUID | None:
    return from_global_id(value, "Indicator", field=field) if value else None


@strawberry.type
class TreeMutations:
    @strawberry.mutation(
        permission_classes=WRITE,
        description="Add a node under a branch (no parentId: at the top), at a position "
        "among its siblings (none: last).",
        metadata={AUDIT_ACTION: "indicator.create"},
    )
    async def create_indicator(
        self,
        info: Info,
        scheme_code: str,
        input: IndicatorInput,
        parent_id: PARENT = None,
        position: POSITION = None,
    ) -> IndicatorPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> Indicator:
            scheme = service.get_scheme(session, scheme_code)
            parent = _optional_id(parent_id, "parentId")
            return tree.create_indicator(
                session, scheme, input.to_fields(), parent_id=parent, position=position, actor=actor
            )

        node, errors = await attempt(lambda: info.context.write(work))
        return _payload(node, errors)

    @strawberry.mutation(
        description=(
            "Change an indicator of a draft scheme: its name, weight, scoring method and the "
            "method's parameters."
        ),
        permission_classes=WRITE,
        metadata={AUDIT_ACTION: "indicator.update"},
    )
    async def update_indicator(
        self, info: Info, id: strawberry.ID, input: IndicatorInput
    ) -> IndicatorPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> Indicator:
            node_id = from_global_id(id, "Indicator")
            _node, scheme = tree.locate(session, node_id)
            return tree.update_indicator(session, scheme, node_id, input.to_fields(), actor=actor)

        node, errors = await attempt(lambda: info.context.write(work))
        return _payload(node, errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Move a node under another branch (no parentId: to the top) or reorder it.",
        metadata={AUDIT_ACTION: "indicator.move"},
    )
    async def move_indicator(
        self,
        info: Info,
        id: strawberry.ID,
        parent_id: NEW_PARENT = None,
        position: POSITION = None,
    ) -> IndicatorPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> Indicator:
            node_id = from_global_id(id, "Indicator")
            parent = _optional_id(parent_id, "parentId")
            _node, scheme = tree.locate(session, node_id)
            return tree.move_indicator(
                session, scheme, node_id, parent_id=parent, position=position, actor=actor
            )

        node, errors = await attempt(lambda: info.context.write(work))
        return _payload(node, errors)

    @strawberry.mutation(
        permission_classes=WRITE,
        description="Delete a node and everything under it (not once scored).",
        metadata={AUDIT_ACTION: "indicator.delete"},
    )
    async def delete_indicator(self, info: Info, id: strawberry.ID) -> DeleteIndicatorPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> uuid.UUID:
            node_id = from_global_id(id, "Indicator")
            _node, scheme = tree.locate(session, node_id)
            tree.delete_indicator(session, scheme, node_id, actor=actor)
            return node_id

        done, errors = await attempt(lambda: info.context.write(work))
        return DeleteIndicatorPayload(
            deleted_id=to_global_id("Indicator", done) if done else None, errors=errors
        )
