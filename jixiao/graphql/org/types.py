"""GraphQL types of the organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.org.loaders import OrgLoaders
from jixiao.graphql.relay import Connection, Node, to_global_id
from jixiao.identity.models import User
from jixiao.org import models

strawberry.enum(models.UnitKind, name="UnitKind", description="部门 / 镇 / 街道")
strawberry.enum(
    models.UnitLinkRole, name="UnitLinkRole", description="How a user is linked to a unit."
)
describe_values(
    "UnitLinkRole",
    {
        "REPORTER": "填报员: reports the unit's progress with evidence; works in the unit.",
        "HEAD": "单位负责人: reviews the reports before they go up; works in the unit.",
        "LEADER": "分管领导: the leader in charge of the unit; sees it and rates it (领导评价).",
        "CONTACT": "联系领导: the leader in contact with the unit; sees it and rates it too.",
    },
)
UnitKind = models.UnitKind
UnitLinkRole = models.UnitLinkRole


@strawberry.type(name="LinkedUser", description="A user linked to a unit.")
class LinkedUser:
    id: strawberry.ID = strawberry.field(description="The user's global id.")
    username: str = strawberry.field(description="The user's sign-in name.")
    display_name: str = strawberry.field(description="The person's name as shown.")

    @classmethod
    def of(cls, user: User) -> LinkedUser:
        return cls(
            id=to_global_id("User", user.id), username=user.username, display_name=user.display_name
        )


@strawberry.type(name="UnitLink", description="A user's link to a unit, with its role.")
class UnitLinkType:
    role: UnitLinkRole = strawberry.field(description="How the user is linked.")
    role_label: str = strawberry.field(description="The role in Chinese, e.g. 填报员.")
    user: LinkedUser = strawberry.field(description="The user linked.")

    @classmethod
    def of(cls, link: models.UnitLink, user: User) -> UnitLinkType:
        return cls(role=link.role, role_label=link.role.label, user=LinkedUser.of(user))


@strawberry.type(name="Unit", description="An appraised body (考评对象).")
class UnitType(Node):
    model: strawberry.Private[models.Unit]
    id: strawberry.ID = strawberry.field(description="The unit's global id.")
    code: str = strawberry.field(description="The unit's code, unique in the tenant.")
    name: str = strawberry.field(description="The unit's name, e.g. 区财政局.")
    kind: UnitKind = strawberry.field(description="Department, town or subdistrict.")
    kind_label: str = strawberry.field(description="The kind in Chinese: 部门, 镇 or 街道.")
    headcount: int = strawberry.field(
        description="Its staff count (人数): the bonus is base per head × headcount × coefficient."
    )
    monitoring: bool = strawberry.field(
        description="实施监控职能部门: monitors indicators named in the tree."
    )
    active: bool = strawberry.field(
        description="False once deactivated: it stays in past schemes, new ones cannot use it."
    )
    created_at: datetime = strawberry.field(description="When it was added.")
    updated_at: datetime = strawberry.field(description="When its details last changed.")

    @classmethod
    def of(cls, row: models.Unit) -> UnitType:
        return cls(
            model=row,
            id=to_global_id("Unit", row.id),
            code=row.code,
            name=row.name,
            kind=row.kind,
            kind_label=models.UNIT_KIND_LABELS[row.kind],
            headcount=row.headcount,
            monitoring=row.monitoring,
            active=row.active,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="Reporters, heads, leaders in charge and contacts.")
    async def links(
        self,
        info: Info,
        role: Annotated[
            UnitLinkRole | None, strawberry.argument(description="Only links of this role.")
        ] = None,
    ) -> list[UnitLinkType]:
        rows = await info.context.loaders_of(OrgLoaders).links_by_unit.load(self.model.id)
        return [
            UnitLinkType.of(link, user) for link, user in rows if role is None or link.role is role
        ]

    @strawberry.field(
        description="The users working in the unit (its monitoring staff, reporters, head), "
        "whether or not they also hold a link."
    )
    async def members(self, info: Info) -> list[LinkedUser]:
        rows = await info.context.loaders_of(OrgLoaders).members_by_unit.load(self.model.id)
        return [LinkedUser.of(user) for user in rows]


UnitConnection = Connection[UnitType]


@strawberry.input(description="A unit's details, all of them (create and update alike).")
class UnitInput:
    code: str = strawberry.field(
        description="1–64 characters without spaces, unique in the tenant."
    )
    name: str = strawberry.field(description="The unit's name, e.g. 区财政局.")
    kind: UnitKind = strawberry.field(description="Department, town or subdistrict.")
    headcount: int = strawberry.field(
        default=0, description="Its staff count (人数), 0 or more: the bonus is counted per head."
    )
    monitoring: bool = strawberry.field(
        default=False, description="实施监控职能部门: it monitors indicators named in the tree."
    )


@strawberry.type(description="The unit as it is after the change.")
class UnitPayload:
    unit: UnitType | None = strawberry.field(
        default=None, description="The unit changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The unit with its links as they are after the change.")
class UnitLinksPayload:
    unit: UnitType | None = strawberry.field(
        default=None, description="The unit, its `links` included; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="What an import of the units sheet did, or why it did nothing.")
class UnitsImportPayload:
    created: int = strawberry.field(default=0, description="Units added (codes not yet used).")
    updated: int = strawberry.field(default=0, description="Existing units whose details changed.")
    unchanged: int = strawberry.field(
        default=0, description="Existing units whose details stayed (their links are still set)."
    )
    problems: list[str] = strawberry.field(
        default_factory=list,
        description="When refused: one line per problem, naming the row and column (in Chinese).",
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
