"""Schemes (考评方案): settings, components, groups, member units, the indicator tree,
approved revisions, and the platform's shared templates."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from jixiao.engine.model import Method
from jixiao.platform.columns import decimal_column, json_column
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow, uuid7


class SchemeStatus(StrEnum):
    """Lifecycle: draft → approved (考评领导小组) → published → closed."""

    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "approved": "已审定", "published": "已发布", "closed": "已关闭"}[
            self.value
        ]


class GradingMethod(StrEnum):
    RATIO = "ratio"
    THRESHOLD = "threshold"


def _scheme_fk(*, cascade: bool = True) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "scheme_id"],
        ["scheme.tenant_id", "scheme.id"],
        ondelete="CASCADE" if cascade else None,
    )


class Scheme(TenantScoped, table=True):
    """One year's appraisal plan of the tenant, with its lifecycle and who moved it when."""

    __tablename__ = "scheme"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_scheme_code"),)

    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    year: int
    periods: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    bonus_cap: Decimal | None = Field(default=None, sa_type=decimal_column())
    key_project_bottom: int = 0
    status: SchemeStatus = Field(
        default=SchemeStatus.DRAFT, sa_type=enum_type(SchemeStatus, "scheme_status")
    )
    revision: int = 0  # number of the last approved revision; 0 = never approved
    # Moved at every commit that changes what the engine reads (`schemes.revision`).
    inputs_seq: int = Field(default=0, sa_type=BigInteger)
    source: str | None = Field(default=None, max_length=200)  # 复制自 / 模板 / 导入
    copied_from_id: uuid.UUID | None = None  # the scheme this one was copied from (last year's)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    approved_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    approved_by: str | None = Field(default=None, max_length=100)
    published_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    published_by: str | None = Field(default=None, max_length=100)
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    closed_by: str | None = Field(default=None, max_length=100)


class SchemeComponent(TenantScoped, table=True):
    """A weighted source of the total (考评构成)."""

    __tablename__ = "scheme_component"
    __table_args__ = (
        _scheme_fk(),
        UniqueConstraint("tenant_id", "scheme_id", "code", name="uq_scheme_component_code"),
    )

    scheme_id: uuid.UUID
    position: int = 0
    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    weight: Decimal = Field(sa_type=decimal_column())


class SchemeGroup(TenantScoped, table=True):
    """Units ranked and graded together (考评分组), with the grading rules of the group."""

    __tablename__ = "scheme_group"
    __table_args__ = (
        _scheme_fk(),
        UniqueConstraint("tenant_id", "scheme_id", "code", name="uq_scheme_group_code"),
    )

    scheme_id: uuid.UUID
    position: int = 0
    code: str = Field(max_length=64)
    name: str = Field(max_length=100)
    grades: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    grading_method: GradingMethod = Field(
        default=GradingMethod.RATIO, sa_type=enum_type(GradingMethod, "grading_method")
    )
    ratio: list[str] = Field(default_factory=list, sa_column=Column(json_column(), nullable=False))
    bands: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    fail_below: Decimal | None = Field(default=None, sa_type=decimal_column())
    fail_grade: str | None = Field(default=None, max_length=100)
    bonus_base_per_head: Decimal | None = Field(default=None, sa_type=decimal_column())
    bonus_coefficients: dict[str, str] | None = Field(default=None, sa_column=Column(json_column()))


class SchemeUnit(TenantScoped, table=True):
    """A unit taking part in a scheme, in one of its groups, with that year's headcount."""

    __tablename__ = "scheme_unit"
    __table_args__ = (
        _scheme_fk(),
        ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "group_id"], ["scheme_group.tenant_id", "scheme_group.id"]
        ),
        UniqueConstraint("tenant_id", "scheme_id", "unit_id", name="uq_scheme_unit"),
        Index("ix_scheme_unit_unit", "tenant_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    group_id: uuid.UUID
    position: int = 0
    headcount: int = 0


class Indicator(TenantScoped, table=True):
    """A node of a scheme's indicator tree; leaves carry points and a scoring method."""

    __tablename__ = "indicator"
    __table_args__ = (
        _scheme_fk(),
        ForeignKeyConstraint(
            ["tenant_id", "parent_id"], ["indicator.tenant_id", "indicator.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "scheme_id", "code", name="uq_indicator_code"),
        Index("ix_indicator_parent", "tenant_id", "scheme_id", "parent_id", "position"),
    )

    scheme_id: uuid.UUID
    parent_id: uuid.UUID | None = None
    position: int = 0
    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    is_leaf: bool = True
    points: Decimal | None = Field(default=None, sa_type=decimal_column())
    method: Method | None = Field(default=None, sa_type=enum_type(Method, "indicator_method"))
    target: Decimal | None = Field(default=None, sa_type=decimal_column())
    floor: Decimal | None = Field(default=None, sa_type=decimal_column())
    lower_is_better: bool = False
    per_incident: Decimal | None = Field(default=None, sa_type=decimal_column())
    rank_table: dict[str, str] | None = Field(default=None, sa_column=Column(json_column()))
    periods: dict[str, str] | None = Field(default=None, sa_column=Column(json_column()))
    applies_all: bool = True
    applies_groups: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    applies_units: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    key_project: bool = False
    binding: bool = False
    scorers: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    criteria: str = Field(default="", sa_column=Column(Text, nullable=False))  # 评分标准
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False))  # 佐证材料要求


class SchemeRevision(TenantScoped, table=True):
    """An approved revision: the rules exactly as approved (append-only, never changed)."""

    __tablename__ = "scheme_revision"
    __table_args__ = (
        _scheme_fk(cascade=False),
        UniqueConstraint("tenant_id", "scheme_id", "number", name="uq_scheme_revision_number"),
        {"info": {"append_only": True}},
    )

    scheme_id: uuid.UUID
    number: int
    rules: str = Field(sa_column=Column(Text, nullable=False))  # canonical jixiao.scheme/1 JSON
    digest: str = Field(max_length=64)  # sha256 of `rules`
    reason: str | None = Field(default=None, max_length=500)
    approved_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    approved_by: str | None = Field(default=None, max_length=100)


class SchemeTemplate(SQLModel, table=True):
    """A scheme shared by the platform (platform table): tenants read it and copy from it."""

    __tablename__ = "scheme_template"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=1000)
    document: str = Field(sa_column=Column(Text, nullable=False))  # jixiao.scheme/1 as JSON
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    # The governments it is meant for (city, district, county); None: any.
    level: str | None = Field(default=None, max_length=16)
    updated_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    updated_by: str | None = Field(default=None, max_length=100)


class SchemeInputChange(TenantScoped, table=True):
    """What one move of a scheme's inputs revision changed: some units' data, or anything.

    Written with the move (`schemes.revision`); read by whoever keeps something of a scheme in
    memory at an older revision to bring it up to date: the recompute keeping a scheme's inputs
    and tallies re-reads only the units named, and the rules kept for entry
    (`inputs.engine_rules`) stay while only units' data changed.
    """

    __tablename__ = "scheme_input_change"
    __table_args__ = (
        _scheme_fk(),
        Index("ix_scheme_input_change_seq", "tenant_id", "scheme_id", "seq"),
    )

    scheme_id: uuid.UUID
    seq: int = Field(sa_type=BigInteger)
    # The units whose data changed; None: the rules, names or members changed (re-read all).
    units: list[str] | None = Field(default=None, sa_column=Column(json_column(), nullable=True))
