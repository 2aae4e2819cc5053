"""Who is asking: what the portal needs to draw its shell."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import anyio.to_thread
import strawberry

from jixiao.assignments.approval import ApprovalMode, mode
from jixiao.graphql.context import Info
from jixiao.graphql.tenants.types import TenantLevel
from jixiao.org.queries import units_by_id
from jixiao.platform.auth import Subject
from jixiao.platform.db import JixiaoSession

T = TypeVar("T")

strawberry.enum(
    ApprovalMode,
    name="ReportApproval",
    description="How a unit head's approval works: sent up at once, or sent up separately.",
)


@strawberry.type(description="The government the viewer belongs to.")
class TenantSummary:
    code: str = strawberry.field(description="Its tenant code, e.g. `jinfeng`.")
    name: str = strawberry.field(description="Its name, e.g. 金凤区.")
    level: TenantLevel = strawberry.field(description="City, district or county.")


@strawberry.type(description="The unit the viewer works in (its own reports and results).")
class ViewerUnit:
    code: str = strawberry.field(description="The unit's code.")
    name: str = strawberry.field(description="The unit's name.")


@strawberry.type(description="Whose data the viewer may see and what it scores (its data scope).")
class ViewerScope:
    every_unit: bool = strawberry.field(
        description="It sees every unit (office, leadership…); else only `unitCount` units."
    )
    unit_count: int = strawberry.field(description="Units it sees (own and in its charge).")
    scorer_codes: list[str] = strawberry.field(
        description="How indicator trees name it among scorers."
    )


@strawberry.type(description="Who is asking: signed in or not, where, and with which rights.")
class Viewer:
    authenticated: bool = strawberry.field(description="Signed in (by session or API token).")
    kind: str = strawberry.field(
        description="`anonymous`, `user` (of a government), `token` (an API token's) or "
        "`operator` (of the platform)."
    )
    username: str | None = strawberry.field(description="The sign-in name; null when anonymous.")
    display_name: str | None = strawberry.field(
        description="The person's name as shown; null when anonymous."
    )
    tenant: TenantSummary | None = strawberry.field(
        description="The viewer's government (an operator's: the one read under a support "
        "grant); null for anonymous visitors and operators without one."
    )
    permissions: list[str] = strawberry.field(
        description="Permission codes held now, sorted; empty until a required password change "
        "or second factor is done."
    )
    roles: list[str] = strawberry.field(description="Role codes held, sorted.")
    must_change_password: bool = strawberry.field(
        description="A one-time or expired password: nothing else until it is changed."
    )
    must_enrol_second_factor: bool = strawberry.field(
        description="Two-step verification is required and not set up: nothing else until it is."
    )
    scope: ViewerScope | None = strawberry.field(
        description="The data scope of a tenant user; null for anonymous visitors and operators."
    )
    support_until: datetime | None = strawberry.field(
        description="An operator reading a tenant under its support grant (read-only): when the "
        "grant ends; null otherwise.",
    )
    _subject: strawberry.Private[Subject]

    @strawberry.field(description="The viewer's own unit; null when it works in none.")
    async def unit(self, info: Info) -> ViewerUnit | None:
        unit_id = self._subject.unit_id
        if unit_id is None or self._subject.tenant is None:
            return None

        def find(session: JixiaoSession) -> ViewerUnit | None:
            row = units_by_id(session, [unit_id]).get(unit_id)
            return ViewerUnit(code=row.code, name=row.name) if row else None

        return await self._read(info, find)

    @strawberry.field(
        description="How a unit head's 审核通过 works in the viewer's tenant (setting "
        "report_approval); null outside a tenant."
    )
    async def report_approval(self, info: Info) -> ApprovalMode | None:
        if self._subject.tenant is None or not self._subject.authenticated:
            return None
        return await self._read(info, mode)

    async def _read(self, info: Info, work: Callable[[JixiaoSession], T]) -> T:
        """Read in the viewer's own tenant: after signing in, the request's subject is still
        the anonymous one that asked, without a tenant."""
        tenant_id = self._subject.tenant_id

        def run() -> T:
            with info.context.database.session(tenant_id) as session:
                return work(session)

        return await anyio.to_thread.run_sync(run)

    @classmethod
    def of(cls, subject: Subject) -> Viewer:
        tenant = subject.tenant
        scope = subject.scope
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
            must_enrol_second_factor=subject.must_enrol_second_factor,
            scope=ViewerScope(
                every_unit=scope.every_unit,
                unit_count=len(scope.unit_ids),
                scorer_codes=sorted(scope.scorer_codes),
            )
            if tenant and subject.authenticated
            else None,
            support_until=subject.support.expires_at if subject.support else None,
            _subject=subject,
        )
