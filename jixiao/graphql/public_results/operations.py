"""Queries and mutations of the public results page (阳光考核): the office (result:publish)
chooses what it discloses; the platform operator (tenant:public) opens the page for a tenant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import strawberry

from jixiao.graphql.audit_extension import AUDIT_ACTION
from jixiao.graphql.context import Info
from jixiao.graphql.errors import attempt
from jixiao.graphql.public_results.types import (
    PublicDisclosureInput,
    PublicResultsSettings,
    PublicResultsSettingsPayload,
)
from jixiao.graphql.scoring.runs.types import Period
from jixiao.graphql.tenants.types import TenantPayload, TenantType
from jixiao.platform.db import JixiaoSession
from jixiao.policies import permissions as p
from jixiao.policies.guards import requires
from jixiao.public_results import service

OFFICE = requires(p.RESULT_PUBLISH)
PAGE_ON = Annotated[
    bool,
    strawberry.argument(
        description="True: it shows your disclosures (if the operator opened it); false: hidden."
    ),
]
PAGE_ALLOWED = Annotated[
    bool,
    strawberry.argument(
        description="True: the tenant's office may turn its page on; false: it is closed."
    ),
]


@strawberry.type
class PublicResultsQueries:
    @strawberry.field(
        permission_classes=[OFFICE],
        description="The public results page (阳光考核): its switches and what it discloses.",
    )
    async def public_results_settings(self, info: Info) -> PublicResultsSettings:
        return await info.context.read(lambda s: PublicResultsSettings.of(service.page_settings(s)))


async def _changed(
    info: Info, change: Callable[[JixiaoSession], object]
) -> PublicResultsSettingsPayload:
    def work(session: JixiaoSession) -> PublicResultsSettings:
        change(session)
        return PublicResultsSettings.of(service.page_settings(session))

    found, errors = await attempt(lambda: info.context.write(work))
    return PublicResultsSettingsPayload(settings=found, errors=errors)


@strawberry.type
class PublicResultsMutations:
    @strawberry.mutation(
        permission_classes=[OFFICE],
        metadata={AUDIT_ACTION: "public_results.page"},
        description="Turn the office's public results page on or off.",
    )
    async def set_public_results_page(
        self, info: Info, enabled: PAGE_ON
    ) -> PublicResultsSettingsPayload:
        actor = info.context.subject
        return await _changed(info, lambda s: service.set_page(s, enabled, actor=actor))

    @strawberry.mutation(
        permission_classes=[OFFICE],
        metadata={AUDIT_ACTION: "public_results.disclose"},
        description="Show a scheme and period's published result on the public page, with the "
        "chosen columns (or change them).",
    )
    async def disclose_public_results(
        self, info: Info, input: PublicDisclosureInput
    ) -> PublicResultsSettingsPayload:
        actor, command = info.context.subject, input.to_domain()
        return await _changed(info, lambda s: service.disclose(s, command, actor=actor))

    @strawberry.mutation(
        permission_classes=[OFFICE],
        metadata={AUDIT_ACTION: "public_results.withdraw"},
        description="Stop showing a scheme and period on the public page.",
    )
    async def withdraw_public_results(
        self, info: Info, scheme_code: str, period: Period
    ) -> PublicResultsSettingsPayload:
        actor = info.context.subject
        return await _changed(info, lambda s: service.withdraw(s, scheme_code, period, actor=actor))

    @strawberry.mutation(
        permission_classes=[requires(p.TENANT_PUBLIC)],
        metadata={AUDIT_ACTION: "tenant.public_results"},
        description="Open (or close) the public results page (阳光考核) for a tenant.",
    )
    async def set_tenant_public_results(
        self, info: Info, code: str, enabled: PAGE_ALLOWED
    ) -> TenantPayload:
        actor = info.context.subject
        tenant, errors = await attempt(
            lambda: info.context.write(lambda s: service.set_access(s, code, enabled, actor=actor))
        )
        return TenantPayload(tenant=TenantType.of(tenant) if tenant else None, errors=errors)
