"""Role mutations: define roles and their permissions, assign roles to users."""

from __future__ import annotations

from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.policies.types import (
    PERMISSIONS,
    AssignRolesPayload,
    CreateRoleInput,
    DeleteRolePayload,
    RolePayload,
    RoleType,
)
from jixiao.graphql.relay import from_global_id
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies import service
from jixiao.policies.guards import requires


@strawberry.type
class AccessMutations:
    @strawberry.mutation(
        permission_classes=[requires(p.ROLE_WRITE)],
        description="Create a role of your own.",
        metadata={AUDIT_ACTION: "role.create"},
    )
    async def create_role(self, info: Info, input: CreateRoleInput) -> RolePayload:
        actor = info.context.subject
        details, errors = await attempt(
            lambda: info.context.write(
                lambda s: service.create_role(
                    s,
                    input.code,
                    input.name,
                    input.permissions,
                    description=input.description,
                    needs_unit=input.needs_unit,
                    actor=actor,
                )
            )
        )
        return RolePayload(role=RoleType.of(details) if details else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ROLE_WRITE)],
        description="Replace a role's permissions (built-in roles included).",
        metadata={AUDIT_ACTION: "role.update"},
    )
    async def update_role_permissions(
        self,
        info: Info,
        role_code: str,
        permissions: Annotated[list[str], strawberry.argument(description=PERMISSIONS)],
    ) -> RolePayload:
        actor = info.context.subject
        details, errors = await attempt(
            lambda: info.context.write(
                lambda s: service.update_role_permissions(s, role_code, permissions, actor=actor)
            )
        )
        return RolePayload(role=RoleType.of(details) if details else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ROLE_WRITE)],
        description="Delete a role you created; built-in roles and roles still held stay.",
        metadata={AUDIT_ACTION: "role.delete"},
    )
    async def delete_role(self, info: Info, role_code: str) -> DeleteRolePayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> str:
            service.delete_role(session, role_code, actor=actor)
            return role_code

        deleted, errors = await attempt(lambda: info.context.write(work))
        return DeleteRolePayload(deleted_code=deleted, errors=errors)

    @strawberry.mutation(
        permission_classes=[requires(p.ROLE_ASSIGN)],
        description="Set a user's roles to exactly these (三员分立; nobody changes their own).",
        metadata={AUDIT_ACTION: "role.assign"},
    )
    async def assign_roles(
        self, info: Info, user_id: strawberry.ID, role_codes: list[str]
    ) -> AssignRolesPayload:
        actor = info.context.subject

        def work(session: JixiaoSession) -> list[str]:
            target = from_global_id(user_id, "User", field="userId")
            return service.assign_roles(session, actor.user_id, target, role_codes, actor=actor)

        codes, errors = await attempt(lambda: info.context.write(work))
        if codes is None:
            return AssignRolesPayload(errors=errors)
        return AssignRolesPayload(user_id=user_id, role_codes=codes)
