"""Who is asking: what the portal needs to draw its shell."""

from __future__ import annotations

import strawberry

from jixiao.graphql.tenants.types import TenantLevel
from jixiao.platform.auth import Subject


@strawberry.type
class TenantSummary:
    code: str
    name: str
    level: TenantLevel


@strawberry.type
class Viewer:
    authenticated: bool
    kind: str
    username: str | None
    display_name: str | None
    tenant: TenantSummary | None
    permissions: list[str]
    roles: list[str]
    must_change_password: bool

    @classmethod
    def of(cls, subject: Subject) -> Viewer:
        tenant = subject.tenant
        return cls(
            authenticated=subject.authenticated,
            kind=subject.kind,
            username=subject.username,
            display_name=subject.display_name,
            tenant=TenantSummary(
                code=tenant.code, name=tenant.name, level=TenantLevel(tenant.level)
            )
            if tenant
            else None,
            permissions=sorted(subject.permissions),
            roles=sorted(subject.roles),
            must_change_password=subject.must_change_password,
        )
