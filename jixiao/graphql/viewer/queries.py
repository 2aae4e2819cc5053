"""The `viewer` query: public, answers for anonymous visitors too."""

from __future__ import annotations

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.viewer.types import TenantSummary, Viewer
from jixiao.policies.guards import Public
from jixiao.tenants.models import TenantLevel


@strawberry.type
class ViewerQueries:
    @strawberry.field(permission_classes=[Public], description="The signed-in subject, if any.")
    def viewer(self, info: Info) -> Viewer:
        subject = info.context.subject
        tenant = subject.tenant
        return Viewer(
            authenticated=subject.authenticated,
            display_name=subject.display_name,
            tenant=TenantSummary(
                code=tenant.code, name=tenant.name, level=TenantLevel(tenant.level)
            )
            if tenant
            else None,
            permissions=sorted(subject.permissions),
        )
