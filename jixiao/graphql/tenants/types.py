"""GraphQL types of the tenants domain."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from jixiao.graphql.context import Info
from jixiao.graphql.enum_docs import describe_values
from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.loaders import TenantLoaders
from jixiao.graphql.relay import Connection, to_global_id
from jixiao.tenants import models
from jixiao.tenants import settings as catalogue

strawberry.enum(models.TenantLevel, name="TenantLevel", description="A government's level.")
describe_values(
    "TenantLevel",
    {
        "CITY": "A city (市): may hold districts and counties.",
        "DISTRICT": "A district (区), alone or under a city.",
        "COUNTY": "A county (县), alone or under a city.",
    },
)
strawberry.enum(
    models.TenantStatus, name="TenantStatus", description="Whether a government uses the platform."
)
describe_values(
    "TenantStatus",
    {
        "ACTIVE": "Its people sign in and its tokens work.",
        "SUSPENDED": "Suspended by the platform: sign-in, sessions and tokens are refused.",
    },
)
TenantLevel = models.TenantLevel
TENANT_CODE = "The tenant's code, e.g. `jinfeng`."
TenantStatus = models.TenantStatus


@strawberry.enum(description="How a setting's value is entered.")
class SettingKind(Enum):
    NUMBER = strawberry.enum_value(
        "number", description="A whole number between `minimum` and `maximum`."
    )
    CHOICE = strawberry.enum_value("choice", description="One of `choices`.")


@strawberry.type(name="Tenant", description="A government hosted on the platform.")
class TenantType:
    model: strawberry.Private[models.Tenant]
    id: strawberry.ID = strawberry.field(description="The tenant's global id.")
    code: str = strawberry.field(
        description="The tenant's code, e.g. `jinfeng`: typed at sign-in, unique on the platform."
    )
    name: str = strawberry.field(description="The government's name, e.g. 金凤区.")
    level: TenantLevel = strawberry.field(description="City, district or county.")
    status: TenantStatus = strawberry.field(
        description="Whether its people may use the platform now."
    )
    created_at: datetime = strawberry.field(description="When it was onboarded.")
    provisioned_at: datetime | None = strawberry.field(
        description="When onboarding's set-up (file areas, settings) finished; null until then."
    )
    public_results: bool = strawberry.field(
        description="Whether its public results page (阳光考核) is opened."
    )

    @classmethod
    def of(cls, row: models.Tenant) -> TenantType:
        return cls(
            model=row,
            id=to_global_id("Tenant", row.id),
            code=row.code,
            name=row.name,
            level=row.level,
            status=row.status,
            created_at=row.created_at,
            provisioned_at=row.provisioned_at,
            public_results=row.public_results,
        )

    @strawberry.field(description="The city a district or county belongs to; null for none.")
    async def parent(self, info: Info) -> Annotated[TenantType, strawberry.lazy(__name__)] | None:
        if self.model.parent_id is None:
            return None
        parent = await info.context.loaders_of(TenantLoaders).tenant_by_id.load(
            self.model.parent_id
        )
        return TenantType.of(parent) if parent else None


TenantConnection = Connection[TenantType]


@strawberry.type(name="TenantSetting", description="One configurable value of the tenant.")
class TenantSettingType:
    key: str = strawberry.field(description="The setting's key, for updateTenantSetting.")
    label: str = strawberry.field(description="Its name in Chinese, for the settings page.")
    value: str = strawberry.field(description="The value now, as text (numbers too).")
    default: str = strawberry.field(description="The value a new government starts with.")
    updated_at: datetime = strawberry.field(description="When the value was last set.")
    help: str = strawberry.field(description="What the setting does, for the settings page.")
    group: str = strawberry.field(description="Section key: general, cycle, supervision, security")
    group_label: str = strawberry.field(description="The section's name in Chinese.")
    kind: SettingKind = strawberry.field(description="How its value is entered.")
    minimum: int | None = strawberry.field(description="Lowest whole number (NUMBER)")
    maximum: int | None = strawberry.field(description="Highest whole number (NUMBER)")
    unit: str | None = strawberry.field(description="Unit shown after a number, e.g. 天, MB, %")
    choices: list[str] = strawberry.field(description="The allowed values (CHOICE)")

    @classmethod
    def of(cls, row: models.TenantSetting) -> TenantSettingType:
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


@strawberry.input(description="A government to onboard and what it starts with.")
class OnboardTenantInput:
    code: str = strawberry.field(
        description="2–32 lowercase letters, digits or hyphens, e.g. `jinfeng`"
    )
    name: str = strawberry.field(description="The government's name, e.g. 金凤区.")
    level: TenantLevel = strawberry.field(description="City, district or county.")
    parent_code: str | None = strawberry.field(
        default=None, description="The code of the city a district or county belongs to."
    )
    template_code: str | None = strawberry.field(
        default=None, description="A platform template: the rules of its first draft scheme."
    )
    scheme_year: int | None = strawberry.field(
        default=None, description="That scheme's year (default: this year)."
    )


@strawberry.type(description="The tenant as it is after the change.")
class TenantPayload:
    tenant: TenantType | None = strawberry.field(
        default=None, description="The tenant changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(name="FirstAccount", description="An administrator created at onboarding.")
class FirstAccountType:
    username: str = strawberry.field(description="`admin`, `secadmin` or `auditadmin`.")
    role: str = strawberry.field(
        description="Its role's code (三员分立): `tenant_admin`, `security_admin` or `audit_admin`."
    )
    one_time_password: str = strawberry.field(
        description="Shown this once; changed at first sign-in."
    )


@strawberry.type(description="The draft scheme a tenant starts with, made from a template.")
class DraftScheme:
    code: str = strawberry.field(description="The scheme's code.")
    name: str = strawberry.field(description="The scheme's name.")
    year: int = strawberry.field(description="The appraisal year it is for.")


@strawberry.type(description="The new tenant, its first administrators and its draft scheme.")
class OnboardTenantPayload:
    tenant: TenantType | None = strawberry.field(
        default=None, description="The tenant made; null when refused."
    )
    accounts: list[FirstAccountType] = strawberry.field(
        default_factory=list,
        description="The three administrators, with one-time passwords to hand over.",
    )
    draft_scheme: DraftScheme | None = strawberry.field(
        default=None, description="The draft made from `templateCode`; null without one."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)


@strawberry.type(description="The setting as it is after the change.")
class TenantSettingPayload:
    setting: TenantSettingType | None = strawberry.field(
        default=None, description="The setting changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
