"""Who is asking: what the portal needs to draw its shell."""

from __future__ import annotations

import strawberry

from jixiao.graphql.tenants.types import TenantLevel


@strawberry.type
class TenantSummary:
    code: str
    name: str
    level: TenantLevel


@strawberry.type
class Viewer:
    authenticated: bool
    display_name: str | None
    tenant: TenantSummary | None
    permissions: list[str]
