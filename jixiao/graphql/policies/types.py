"""GraphQL types of roles and the permission catalogue."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import to_global_id
from jixiao.policies.defaults import THREE_ADMINS
from jixiao.policies.permissions import Permission
from jixiao.policies.service import RoleDetails

PERMISSIONS = (
    "Permission codes from `permissionCatalogue`, not the core powers of two of the three "
    "administrators together (三员分立)."
)


@strawberry.type(name="Role", description="A named set of permissions of your government.")
class RoleType:
    details: strawberry.Private[RoleDetails]

    @strawberry.field(description="The role's global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("Role", self.details.role.id)

    @strawberry.field(description="Stable code, e.g. `office` (考评办).")
    def code(self) -> str:
        return self.details.role.code

    @strawberry.field(description="The role's name as shown, e.g. 考评办.")
    def name(self) -> str:
        return self.details.role.name

    @strawberry.field(description="What the role is for, in the tenant's words; may be empty.")
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

    @strawberry.field(description="When the role was created.")
    def created_at(self) -> datetime:
        return self.details.role.created_at


@strawberry.type(name="PermissionInfo", description="A permission a role may hold.")
class PermissionInfo:
    code: str = strawberry.field(description="The permission's code, `resource:action`.")
    label: str = strawberry.field(description="What it allows, in Chinese, e.g. 查看考评对象.")

    @classmethod
    def of(cls, permission: Permission) -> PermissionInfo:
        return cls(code=permission.code, label=permission.label)


@strawberry.input(description="A new role of your own and the permissions it holds.")
class CreateRoleInput:
    code: str = strawberry.field(description="2–64 lowercase letters, digits or `_`")
    name: str = strawberry.field(description="Its name as shown, at most 100 characters.")
    permissions: list[str] = strawberry.field(description=PERMISSIONS)
    description: str = strawberry.field(
        default="", description="What the role is for, at most 500 characters."
    )
    needs_unit: bool = strawberry.field(
        default=False, description="Its holders must be linked to a unit (考评对象)."
    )


@strawberry.type(description="The role as it is after the change.")
class RolePayload:
    role: RoleType | None = strawberry.field(
        default=None, description="The role changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="Which role was deleted.")
class DeleteRolePayload:
    deleted_code: str | None = strawberry.field(
        default=None, description="The deleted role's code; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="A user's roles as they are after the change.")
class AssignRolesPayload:
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="The user's global id; null when refused."
    )
    role_codes: list[str] | None = strawberry.field(
        default=None, description="The user's role codes now, sorted; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
