"""GraphQL guards: every root field declares the permission it needs (or that it is public)."""

from __future__ import annotations

from functools import cache
from typing import Any

from strawberry.exceptions import StrawberryGraphQLError
from strawberry.permission import BasePermission
from strawberry.types import Info

from jixiao.policies.permissions import BY_CODE, Permission


class Public(BasePermission):
    """Open to anyone, signed in or not (listed explicitly so the schema test can tell)."""

    permission = "public"
    message = ""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return True


class Authenticated(BasePermission):
    """Any signed-in subject."""

    permission = "authenticated"
    message = "请先登录 (sign-in required)"
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 - strawberry reads it

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return bool(info.context.subject.authenticated)


class SignedIn(BasePermission):
    """A person signed in through the portal (not an API token): own password and tokens."""

    permission = "signed-in"
    message = "请先登录 (sign-in required)"
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012 - strawberry reads it

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return bool(info.context.subject.via == "cookie")


@cache
def requires(permission: Permission) -> type[BasePermission]:
    """A permission class requiring one permission code."""
    if permission.code not in BY_CODE:
        raise ValueError(f"unknown permission code {permission.code}")

    def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
        subject = info.context.subject
        if not subject.authenticated:  # signed out or expired: the portal sends them to sign in
            raise StrawberryGraphQLError(
                Authenticated.message, extensions={"code": "UNAUTHENTICATED"}
            )
        if not subject.can(permission.code):
            return False
        # Tenant permissions need a tenant; platform permissions must not act in one.
        return (subject.tenant is None) == permission.platform

    return type(
        f"Requires_{permission.code.replace(':', '_')}",
        (BasePermission,),
        {
            "permission": permission.code,
            "message": f"没有权限：需要「{permission.label}」({permission.code})",
            "error_extensions": {"code": "FORBIDDEN"},
            "has_permission": has_permission,
        },
    )


@cache
def requires_any(*permissions: Permission) -> type[BasePermission]:
    """A permission class requiring at least one of several tenant permission codes."""
    for permission in permissions:
        if permission.code not in BY_CODE or permission.platform:
            raise ValueError(f"not a tenant permission code: {permission.code}")
    codes = [permission.code for permission in permissions]

    def has_permission(self: BasePermission, source: Any, info: Info, **kwargs: Any) -> bool:
        subject = info.context.subject
        if not subject.authenticated:
            raise StrawberryGraphQLError(
                Authenticated.message, extensions={"code": "UNAUTHENTICATED"}
            )
        return subject.tenant is not None and any(subject.can(code) for code in codes)

    labels = "、".join(f"「{permission.label}」" for permission in permissions)
    return type(
        "RequiresAny_" + "_".join(code.replace(":", "_") for code in codes),
        (BasePermission,),
        {
            "permission": " | ".join(codes),
            "message": f"没有权限：需要{labels}之一 ({' | '.join(codes)})",
            "error_extensions": {"code": "FORBIDDEN"},
            "has_permission": has_permission,
        },
    )
