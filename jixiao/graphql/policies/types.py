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
    id: strawberry.ID = strawberry.field(description="The role's global id.")
    code: str = strawberry.field(description="Stable code, e.g. `office` (考评办).")
    name: str = strawberry.field(description="The role's name as shown, e.g. 考评办.")
    description: str = strawberry.field(
        description="What the role is for, in the tenant's words; may be empty."
    )
    builtin: bool = strawberry.field(
        description="One of the roles every government starts with: not deletable."
    )
    fixed: bool = strawberry.field(
        description="Permissions fixed by the platform: the three administrators (三员分立)."
    )
    needs_unit: bool = strawberry.field(
        description="Its holders must be linked to a unit (考评对象)."
    )
    permissions: list[str] = strawberry.field(
        description="Permission codes (`resource:action`), sorted."
    )
    created_at: datetime = strawberry.field(description="When the role was created.")

    @classmethod
    def of(cls, details: RoleDetails) -> RoleType:
        return cls(
            id=to_global_id("Role", details.role.id),
            code=details.role.code,
            name=details.role.name,
            description=details.role.description,
            builtin=details.role.builtin,
            fixed=details.role.code in THREE_ADMINS,
            needs_unit=details.role.needs_unit,
            permissions=list(details.permissions),
            created_at=details.role.created_at,
        )


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
