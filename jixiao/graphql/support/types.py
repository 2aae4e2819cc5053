"""GraphQL types of support grants (operators' read-only access to a tenant's data)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from jixiao.graphql.errors import ERRORS, UserError
from jixiao.graphql.relay import to_global_id
from jixiao.platform.orm import utcnow
from jixiao.support import models
from jixiao.support.service import OperatorGrant


@strawberry.type(
    name="SupportGrant",
    description="A platform operator's read-only access to your government's data, as granted "
    "by its security admin: until when, why, and whether revoked.",
)
class SupportGrantType:
    id: strawberry.ID = strawberry.field(description="The grant's global id.")
    operator_username: str = strawberry.field(description="The operator's platform username.")
    operator_name: str = strawberry.field(description="The operator's name as shown.")
    reason: str = strawberry.field(description="Why it was granted (the ticket, the problem).")
    granted_at: datetime = strawberry.field(description="When it was granted.")
    granted_by: str = strawberry.field(description="The name of the security admin who granted it.")
    expires_at: datetime = strawberry.field(description="When it ends by itself.")
    revoked_at: datetime | None = strawberry.field(
        description="When it was ended early; null if not."
    )
    revoked_by: str | None = strawberry.field(
        description="The name of who ended it early; null if no one."
    )
    live: bool = strawberry.field(description="Whether the operator can read now.")

    @classmethod
    def of(cls, grant: models.SupportGrant) -> SupportGrantType:
        return cls(
            id=to_global_id("SupportGrant", grant.id),
            operator_username=grant.operator_username,
            operator_name=grant.operator_name,
            reason=grant.reason,
            granted_at=grant.granted_at,
            granted_by=grant.granted_by,
            expires_at=grant.expires_at,
            revoked_at=grant.revoked_at,
            revoked_by=grant.revoked_by,
            live=grant.live(utcnow()),
        )


@strawberry.type(
    name="OperatorSupportGrant",
    description="A grant given to the signed-in operator: which government, until when.",
)
class OperatorSupportGrantType:
    tenant_code: str = strawberry.field(description="The government's tenant code.")
    tenant_name: str = strawberry.field(description="The government's name.")
    reason: str = strawberry.field(description="Why it was granted (the ticket, the problem).")
    granted_at: datetime = strawberry.field(description="When it was granted.")
    granted_by: str = strawberry.field(description="The name of the security admin who granted it.")
    expires_at: datetime = strawberry.field(description="When it ends by itself.")
    revoked_at: datetime | None = strawberry.field(
        description="When the government ended it early; null if not."
    )
    live: bool = strawberry.field(description="Whether you can read the government's data now.")

    @classmethod
    def of(cls, found: OperatorGrant) -> OperatorSupportGrantType:
        grant = found.grant
        return cls(
            tenant_code=found.tenant.code,
            tenant_name=found.tenant.name,
            reason=grant.reason,
            granted_at=grant.granted_at,
            granted_by=grant.granted_by,
            expires_at=grant.expires_at,
            revoked_at=grant.revoked_at,
            live=grant.live(utcnow()),
        )


@strawberry.input(description="Which operator may read your data, for how long and why.")
class GrantSupportInput:
    operator_username: str = strawberry.field(description="The operator's platform username.")
    hours: int = strawberry.field(description="How long the grant lasts: 1 to 72 hours.")
    reason: str = strawberry.field(description="Why (the support ticket, the problem).")


@strawberry.type(description="The grant as it is after the change.")
class SupportGrantPayload:
    grant: SupportGrantType | None = strawberry.field(
        default=None, description="The grant changed; null when refused."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description=ERRORS)
