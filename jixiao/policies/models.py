"""Roles, their permission grants, users' roles and the tenant's policy version."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, timestamp_column, utcnow


class Role(TenantScoped, table=True):
    """A named set of permissions within one tenant; the default ones are `builtin`."""

    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_role_code"),)

    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=500)
    builtin: bool = False
    needs_unit: bool = False  # its holders must be linked to a unit
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class RoleGrant(TenantScoped, table=True):
    """One permission code (`resource:action`) held by a role."""

    __tablename__ = "role_grant"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "role_id"], ["role.tenant_id", "role.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "role_id", "permission", name="uq_role_grant"),
    )

    role_id: uuid.UUID
    permission: str = Field(max_length=64)


class UserRole(TenantScoped, table=True):
    """A user holds a role in the tenant."""

    __tablename__ = "user_role"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "role_id"], ["role.tenant_id", "role.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "user_id"], ["app_user.tenant_id", "app_user.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "user_id", "role_id", name="uq_user_role"),
        Index("ix_user_role_role", "tenant_id", "role_id"),
    )

    user_id: uuid.UUID
    role_id: uuid.UUID
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    assigned_by: uuid.UUID | None = None


class PolicyRevision(TenantScoped, table=True):
    """The tenant's policy version, bumped by every change so each process's enforcer reloads."""

    __tablename__ = "policy_revision"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_policy_revision_tenant"),)

    version: int = 0
    changed_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
