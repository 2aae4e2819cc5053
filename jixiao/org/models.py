"""Organisation: the appraised units (考评对象) and who is linked to which unit."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from jixiao.engine.model import UnitKind
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow

__all__ = ["Unit", "UnitKind", "UnitLink", "UnitLinkRole"]


class UnitLinkRole(StrEnum):
    """How a user is linked to a unit."""

    REPORTER = "reporter"  # 填报员
    HEAD = "head"  # 单位负责人
    LEADER = "leader"  # 分管领导
    CONTACT = "contact"  # 联系领导

    @property
    def label(self) -> str:
        return _LINK_LABELS[self]

    @property
    def belongs(self) -> bool:
        """Whether the user works in the unit (then `app_user.unit_id` points to it)."""
        return self in (UnitLinkRole.REPORTER, UnitLinkRole.HEAD)


_LINK_LABELS = {
    UnitLinkRole.REPORTER: "填报员",
    UnitLinkRole.HEAD: "单位负责人",
    UnitLinkRole.LEADER: "分管领导",
    UnitLinkRole.CONTACT: "联系领导",
}
UNIT_KIND_LABELS = {
    UnitKind.DEPARTMENT: "部门",
    UnitKind.TOWN: "镇",
    UnitKind.SUBDISTRICT: "街道",
}


class Unit(TenantScoped, table=True):
    """An appraised body of the tenant: a department, town or subdistrict."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_unit_code"),)

    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    kind: UnitKind = Field(sa_type=enum_type(UnitKind, "unit_kind"))
    headcount: int = 0
    # 实施监控职能部门: monitors indicators (named among the scorers of the tree's leaves).
    monitoring: bool = False
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class UnitLink(TenantScoped, table=True):
    """A user linked to a unit: its reporter or head, or a scoring leader in charge of it."""

    __tablename__ = "unit_link"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "user_id"], ["app_user.tenant_id", "app_user.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "unit_id", "user_id", "role", name="uq_unit_link"),
        Index("ix_unit_link_user", "tenant_id", "user_id"),
    )

    unit_id: uuid.UUID
    user_id: uuid.UUID
    role: UnitLinkRole = Field(sa_type=enum_type(UnitLinkRole, "unit_link_role"))
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
