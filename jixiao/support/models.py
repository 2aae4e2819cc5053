"""Support grants: a tenant's time-limited, audited permission for one platform operator to
read (never change) its appraisal data."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, timestamp_column, utcnow


class SupportGrant(TenantScoped, table=True):
    """Granted by the tenant's security admin to a named operator until `expires_at`; ended
    early by revocation. The operator is a platform account: named by id and, as it was then,
    by username and name (no foreign key leaves the tenant's own rows)."""

    __tablename__ = "support_grant"
    __table_args__ = (Index("ix_support_grant_operator", "tenant_id", "operator_id"),)

    operator_id: uuid.UUID
    operator_username: str = Field(max_length=64)
    operator_name: str = Field(max_length=100)
    reason: str = Field(max_length=500)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    granted_by: str = Field(max_length=100)
    expires_at: datetime = Field(sa_type=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    revoked_by: str | None = Field(default=None, max_length=100)

    def live(self, now: datetime) -> bool:
        """Whether the grant opens the tenant's data at `now`."""
        return self.revoked_at is None and now < self.expires_at
