"""Leader rating forms (领导评价) and self-assessment (自评): tenant tables.

- `RatingAssignment`: the office decides that a leader (a user holding the 赋分领导 role) rates a
  unit for a rating component of a scheme. The leader's form lists exactly these rows; a saved
  value stays a draft on the row until the form is submitted, when it becomes the leader's
  `Rating` of the unit (what the engine reads). Not an engine input itself.
- `SelfAssessment`: a unit's own score (points) of an indicator for a period, given with its
  progress report. Shown to scorers beside the report with the gap; never an engine input.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.columns import decimal_column
from jixiao.platform.orm import TenantScoped, timestamp_column, utcnow


def _fk(column: str, table: str, *, cascade: bool = True) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class RatingAssignment(TenantScoped, table=True):
    """One line of a leader's rating form: this leader rates this unit for this component."""

    __tablename__ = "rating_assignment"
    __table_args__ = (
        _fk("scheme_id", "scheme"),
        _fk("component_id", "scheme_component"),
        _fk("unit_id", "unit", cascade=False),
        _fk("rater_id", "app_user"),
        UniqueConstraint(
            "tenant_id",
            "scheme_id",
            "component_id",
            "rater_id",
            "unit_id",
            name="uq_rating_assignment",
        ),
        Index("ix_rating_assignment_rater", "tenant_id", "rater_id"),
    )

    scheme_id: uuid.UUID
    component_id: uuid.UUID
    unit_id: uuid.UUID
    rater_id: uuid.UUID
    rater: str = Field(max_length=100)  # the leader's username, as `Rating.rater` names them
    # The leader's saved value not yet submitted (None: none, or submitted as a Rating).
    draft: Decimal | None = Field(default=None, sa_type=decimal_column())
    saved_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    submitted_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    assigned_by: str | None = Field(default=None, max_length=100)


class SelfAssessment(TenantScoped, table=True):
    """A unit's own score of an indicator in a period (自评), in points."""

    __tablename__ = "self_assessment"
    __table_args__ = (
        _fk("scheme_id", "scheme"),
        _fk("unit_id", "unit", cascade=False),
        _fk("indicator_id", "indicator"),
        UniqueConstraint(
            "tenant_id", "unit_id", "indicator_id", "period", name="uq_self_assessment"
        ),
        Index("ix_self_assessment_scheme", "tenant_id", "scheme_id", "period"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    indicator_id: uuid.UUID
    period: str = Field(max_length=8)
    value: Decimal = Field(sa_type=decimal_column())
    note: str = Field(default="", max_length=500)
    entered_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    entered_by: str | None = Field(default=None, max_length=100)
