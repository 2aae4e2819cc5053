"""Tenants (governments) and their settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow, uuid7


class TenantLevel(StrEnum):
    CITY = "city"
    DISTRICT = "district"
    COUNTY = "county"


class TenantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Tenant(SQLModel, table=True):
    """A government hosted on the platform (platform table, no tenant_id)."""

    __tablename__ = "tenant"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=100)
    level: TenantLevel = Field(
        sa_column=Column(enum_type(TenantLevel, "tenant_level"), nullable=False)
    )
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="tenant.id", index=True)
    status: TenantStatus = Field(
        default=TenantStatus.ACTIVE,
        sa_column=Column(enum_type(TenantStatus, "tenant_status"), nullable=False),
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    status_changed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    provisioned_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    # The operator's switch of the public results page (阳光考核, jixiao.public_results).
    public_results: bool = False

    @property
    def is_active(self) -> bool:
        return self.status is TenantStatus.ACTIVE


class TenantSetting(TenantScoped, table=True):
    """One configurable value of a tenant (locale, retention days, reminder days…)."""

    __tablename__ = "tenant_setting"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_tenant_setting_key"),)

    key: str = Field(max_length=64)
    value: str = Field(max_length=2000)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
