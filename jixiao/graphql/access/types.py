"""GraphQL types of roles and the permission catalogue."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import to_global_id
from jixiao.policies.defaults import THREE_ADMINS
from jixiao.policies.permissions import Permission
from jixiao.policies.service import RoleDetails


@strawberry.type(name="Role", description="A named set of permissions of your government.")
class RoleType:
    details: strawberry.Private[RoleDetails]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Role", self.details.role.id)

    @strawberry.field(description="Stable code, e.g. `office` (考评办).")
    def code(self) -> str:
        return self.details.role.code

    @strawberry.field
    def name(self) -> str:
        return self.details.role.name

    @strawberry.field
    def description(self) -> str:
        return self.details.role.description

    @strawberry.field(description="One of the roles every government starts with: not deletable.")
    def builtin(self) -> bool:
        return self.details.role.builtin

    @strawberry.field(
        description="Permissions fixed by the platform: the three administrators (三员分立)."
    )
    def fixed(self) -> bool:
        return self.details.role.code in THREE_ADMINS

    @strawberry.field(description="Its holders must be linked to a unit (考评对象).")
    def needs_unit(self) -> bool:
        return self.details.role.needs_unit

    @strawberry.field(description="Permission codes (`resource:action`), sorted.")
    def permissions(self) -> list[str]:
        return list(self.details.permissions)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.details.role.created_at


@strawberry.type(name="PermissionInfo", description="A permission a role may hold.")
class PermissionInfo:
    code: str
    label: str

    @classmethod
    def of(cls, permission: Permission) -> PermissionInfo:
        return cls(code=permission.code, label=permission.label)


@strawberry.input
class CreateRoleInput:
    code: str = strawberry.field(description="2–64 lowercase letters, digits or `_`")
    name: str
    permissions: list[str]
    description: str = ""
    needs_unit: bool = False


@strawberry.type
class RolePayload:
    role: RoleType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteRolePayload:
    deleted_code: str | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AssignRolesPayload:
    user_id: strawberry.ID | None = None
    role_codes: list[str] | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
