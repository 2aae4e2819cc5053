"""GraphQL types of the organisation."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.org.loaders import org_loaders
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.org import models

strawberry.enum(models.UnitKind, name="UnitKind", description="部门 / 镇 / 街道")
strawberry.enum(models.UnitLinkRole, name="UnitLinkRole")
UnitKind = models.UnitKind
UnitLinkRole = models.UnitLinkRole


@strawberry.type(name="LinkedUser", description="A user linked to a unit.")
class LinkedUser:
    id: strawberry.ID
    username: str
    display_name: str


@strawberry.type(name="UnitLink", description="A user's link to a unit, with its role.")
class UnitLinkType:
    role: UnitLinkRole
    role_label: str
    user: LinkedUser


@strawberry.type(name="Unit", description="An appraised body (考评对象).")
class UnitType:
    model: strawberry.Private[models.Unit]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Unit", self.model.id)

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def kind(self) -> UnitKind:
        return self.model.kind

    @strawberry.field
    def kind_label(self) -> str:
        return models.UNIT_KIND_LABELS[self.model.kind]

    @strawberry.field
    def headcount(self) -> int:
        return self.model.headcount

    @strawberry.field(description="实施监控职能部门: monitors indicators named in the tree.")
    def monitoring(self) -> bool:
        return self.model.monitoring

    @strawberry.field
    def active(self) -> bool:
        return self.model.active

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @strawberry.field(description="Reporters, heads, leaders in charge and contacts.")
    async def links(self, info: Info, role: UnitLinkRole | None = None) -> list[UnitLinkType]:
        rows = await org_loaders(info.context).links_by_unit.load(self.model.id)
        return [
            UnitLinkType(
                role=link.role,
                role_label=link.role.label,
                user=LinkedUser(
                    id=to_global_id("User", user.id),
                    username=user.username,
                    display_name=user.display_name,
                ),
            )
            for link, user in rows
            if role is None or link.role is role
        ]

    @strawberry.field(
        description="The users working in the unit (its monitoring staff, reporters, head), "
        "whether or not they also hold a link."
    )
    async def members(self, info: Info) -> list[LinkedUser]:
        rows = await org_loaders(info.context).members_by_unit.load(self.model.id)
        return [
            LinkedUser(
                id=to_global_id("User", user.id),
                username=user.username,
                display_name=user.display_name,
            )
            for user in rows
        ]


UnitConnection = Connection[UnitType]


@strawberry.input
class UnitInput:
    code: str
    name: str
    kind: UnitKind
    headcount: int = 0
    monitoring: bool = False


@strawberry.type
class UnitPayload:
    unit: UnitType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UnitLinksPayload:
    unit: UnitType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UnitsImportPayload:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)
