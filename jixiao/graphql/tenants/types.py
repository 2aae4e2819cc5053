"""GraphQL types of the tenants domain."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.errors import UserError
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.tenants import models
from jixiao.tenants import settings as catalogue

strawberry.enum(models.TenantLevel, name="TenantLevel")
strawberry.enum(models.TenantStatus, name="TenantStatus")
TenantLevel = models.TenantLevel
TenantStatus = models.TenantStatus


@strawberry.enum(description="How a setting's value is entered.")
class SettingKind(Enum):
    NUMBER = "number"
    CHOICE = "choice"


@strawberry.type(name="Tenant", description="A government hosted on the platform.")
class TenantType:
    model: strawberry.Private[models.Tenant]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return to_global_id("Tenant", self.model.id)

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def level(self) -> TenantLevel:
        return self.model.level

    @strawberry.field
    def status(self) -> TenantStatus:
        return self.model.status

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def provisioned_at(self) -> datetime | None:
        return self.model.provisioned_at

    @strawberry.field(description="Whether its public results page (阳光考核) is opened.")
    def public_results(self) -> bool:
        return self.model.public_results

    @strawberry.field
    async def parent(self, info: Info) -> Annotated[TenantType, strawberry.lazy(__name__)] | None:
        if self.model.parent_id is None:
            return None
        parent = await info.context.loaders.tenant_by_id.load(self.model.parent_id)
        return TenantType(model=parent) if parent else None


TenantConnection = Connection[TenantType]


@strawberry.type(name="TenantSetting", description="One configurable value of the tenant.")
class TenantSettingType:
    key: str
    label: str
    value: str
    default: str
    updated_at: datetime
    help: str = strawberry.field(description="What the setting does, for the settings page.")
    group: str = strawberry.field(description="Section key: general, cycle, supervision, security")
    group_label: str
    kind: SettingKind
    minimum: int | None = strawberry.field(description="Lowest whole number (NUMBER)")
    maximum: int | None = strawberry.field(description="Highest whole number (NUMBER)")
    unit: str | None = strawberry.field(description="Unit shown after a number, e.g. 天, MB, %")
    choices: list[str] = strawberry.field(description="The allowed values (CHOICE)")

    @classmethod
    def from_model(cls, row: models.TenantSetting) -> TenantSettingType:
        spec = catalogue.BY_KEY[row.key]
        return cls(
            key=row.key,
            label=spec.label,
            value=row.value,
            default=spec.default,
            updated_at=row.updated_at,
            help=spec.help,
            group=spec.group,
            group_label=catalogue.GROUPS[spec.group],
            kind=SettingKind(spec.kind),
            minimum=spec.minimum,
            maximum=spec.maximum,
            unit=spec.unit,
            choices=list(spec.choices),
        )


@strawberry.input
class OnboardTenantInput:
    code: str = strawberry.field(
        description="2–32 lowercase letters, digits or hyphens, e.g. `jinfeng`"
    )
    name: str
    level: TenantLevel
    parent_code: str | None = None
    template_code: str | None = strawberry.field(
        default=None, description="A platform template: the rules of its first draft scheme."
    )
    scheme_year: int | None = strawberry.field(
        default=None, description="That scheme's year (default: this year)."
    )


@strawberry.type
class TenantPayload:
    tenant: TenantType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(name="FirstAccount", description="An administrator created at onboarding.")
class FirstAccountType:
    username: str
    role: str
    one_time_password: str = strawberry.field(
        description="Shown this once; changed at first sign-in."
    )


@strawberry.type(description="The draft scheme a tenant starts with, made from a template.")
class DraftScheme:
    code: str
    name: str
    year: int


@strawberry.type
class OnboardTenantPayload:
    tenant: TenantType | None = None
    accounts: list[FirstAccountType] = strawberry.field(default_factory=list)
    draft_scheme: DraftScheme | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TenantSettingPayload:
    setting: TenantSettingType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
