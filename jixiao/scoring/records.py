"""Records behind adjustments: inspections (明查暗访), innovation awards (创新奖) and the
evidence files of adjustments, inspections and awards.

An inspection with a deduction, or a recognised award, owns the `Adjustment` it produced
(`adjustment_id`): the engine reads adjustments only, so the record is the reason and the
adjustment is the figure.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text
from sqlmodel import Field

from jixiao.platform.columns import decimal_column
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class InspectionKind(StrEnum):
    """明查 (announced) or 暗访 (unannounced)."""

    OPEN = "open"
    UNANNOUNCED = "unannounced"

    @property
    def label(self) -> str:
        return "明查" if self is InspectionKind.OPEN else "暗访"


class AwardKind(StrEnum):
    """A collective (集体) or individual (个人) innovation award."""

    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return "集体" if self is AwardKind.COLLECTIVE else "个人"


class AwardStatus(StrEnum):
    """applied → recognised | rejected; withdrawing a recognition goes back to applied."""

    APPLIED = "applied"
    RECOGNISED = "recognised"
    REJECTED = "rejected"


class RecordOwner(StrEnum):
    """What a record file is evidence of."""

    ADJUSTMENT = "adjustment"
    INSPECTION = "inspection"
    AWARD = "award"
    APPEAL = "appeal"  # a unit's evidence of its appeal (jixiao.appeals)


def _fk(column: str, table: str, *, cascade: bool = False) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class Inspection(TenantScoped, table=True):
    """A finding of an open or unannounced inspection of a unit, with its deduction."""

    __tablename__ = "inspection"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        _fk("unit_id", "unit"),
        _fk("adjustment_id", "adjustment"),
        Index("ix_inspection_scheme_unit", "tenant_id", "scheme_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    inspected_on: date
    kind: InspectionKind = Field(sa_type=enum_type(InspectionKind, "inspection_kind"))
    finding: str = Field(sa_column=Column(Text, nullable=False))
    deduction: Decimal = Field(default=Decimal(0), sa_type=decimal_column())
    adjustment_id: uuid.UUID | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    created_by_id: uuid.UUID | None = None
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class InnovationAward(TenantScoped, table=True):
    """An application for an innovation award and, once recognised, its bonus points."""

    __tablename__ = "innovation_award"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        _fk("unit_id", "unit"),
        _fk("adjustment_id", "adjustment"),
        Index("ix_innovation_award_scheme_unit", "tenant_id", "scheme_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    kind: AwardKind = Field(sa_type=enum_type(AwardKind, "award_kind"))
    title: str = Field(max_length=200)
    applicant: str = Field(default="", max_length=100)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: AwardStatus = Field(
        default=AwardStatus.APPLIED, sa_type=enum_type(AwardStatus, "award_status")
    )
    points: Decimal | None = Field(default=None, sa_type=decimal_column())
    recognised_by: str | None = Field(default=None, max_length=100)
    recognised_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    note: str = Field(default="", max_length=1000)
    adjustment_id: uuid.UUID | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    created_by_id: uuid.UUID | None = None


class RecordFile(TenantScoped, table=True):
    """An evidence file of an adjustment, inspection or award; stored under a server name."""

    __tablename__ = "record_file"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        Index("ix_record_file_owner", "tenant_id", "owner_type", "owner_id"),
    )

    scheme_id: uuid.UUID
    owner_type: RecordOwner = Field(sa_type=enum_type(RecordOwner, "record_owner"))
    owner_id: uuid.UUID
    file_name: str = Field(max_length=200)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_by: uuid.UUID | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


RECORD_MODELS: tuple[type[TenantScoped], ...] = (Inspection, InnovationAward, RecordFile)
