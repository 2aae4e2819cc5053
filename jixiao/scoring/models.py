"""Stored scheme data (tenant tables): scores, ratings, adjustments, city items, last year.

Rows keep their entry order (`seq`) so that an export reproduces the imported file.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from jixiao.engine.model import AdjustmentKind
from jixiao.platform.columns import decimal_column
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class DataSource(StrEnum):
    """How a row came in: a file import or entry in the portal."""

    IMPORT = "import"
    ENTRY = "entry"


class ScoreStatus(StrEnum):
    """Workflow state of a score: a draft, or recorded (imported, or submitted at entry and
    locked until the office reopens it). Values fit the column's VARCHAR(8) of 0004."""

    RECORDED = "recorded"
    DRAFT = "draft"


def _fks(*others: tuple[str, str]) -> tuple[ForeignKeyConstraint, ...]:
    scheme = ForeignKeyConstraint(
        ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
    )
    unit = ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"])
    rest = tuple(
        ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])
        for column, table in others
    )
    return (scheme, unit, *rest)


class Score(TenantScoped, table=True):
    """One value for (unit, indicator, period[, scorer]) (赋分)."""

    __tablename__ = "score"
    __table_args__ = (
        *_fks(("indicator_id", "indicator")),
        UniqueConstraint(
            "tenant_id",
            "scheme_id",
            "unit_id",
            "indicator_id",
            "period",
            "scorer",
            name="uq_score_entry",
        ),
        Index("ix_score_scheme_seq", "tenant_id", "scheme_id", "seq"),
        Index("ix_score_indicator", "tenant_id", "indicator_id"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    indicator_id: uuid.UUID
    period: str = Field(max_length=8)
    scorer: str = Field(default="", max_length=64)  # "" when the method has no scorer
    value: Decimal | None = Field(default=None, sa_type=decimal_column())
    actual: Decimal | None = Field(default=None, sa_type=decimal_column())
    met: bool | None = None
    incidents: int | None = None
    rank: int | None = None
    seq: int = 0
    source: DataSource = Field(
        default=DataSource.IMPORT, sa_type=enum_type(DataSource, "data_source")
    )
    status: ScoreStatus = Field(
        default=ScoreStatus.RECORDED, sa_type=enum_type(ScoreStatus, "score_status")
    )
    entered_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    entered_by: str | None = Field(default=None, max_length=100)
    # Why less than full points (required then at entry); "" for imports and full points.
    reason: str = Field(default="", max_length=500)

    def audited(self) -> dict[str, object]:
        """The entry's values as the audit log keeps them (before and after a change)."""
        return {
            "value": self.value,
            "actual": self.actual,
            "met": self.met,
            "incidents": self.incidents,
            "rank": self.rank,
            "status": self.status.value,
        }


class Rating(TenantScoped, table=True):
    """A rating or survey value for a component other than `indicators`."""

    __tablename__ = "rating"
    __table_args__ = (
        *_fks(("component_id", "scheme_component")),
        Index("ix_rating_scheme_seq", "tenant_id", "scheme_id", "seq"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    component_id: uuid.UUID
    value: Decimal = Field(sa_type=decimal_column())
    # Who gave it (a leader's username); "" for an imported or survey value. Each rater keeps
    # one value per unit and component; the component is the mean of all of them.
    rater: str = Field(default="", max_length=100)
    seq: int = 0
    source: DataSource = Field(
        default=DataSource.IMPORT, sa_type=enum_type(DataSource, "data_source")
    )


class Adjustment(TenantScoped, table=True):
    """A bonus (加分) or deduction (扣分) outside the components."""

    __tablename__ = "adjustment"
    __table_args__ = (*_fks(), Index("ix_adjustment_scheme_seq", "tenant_id", "scheme_id", "seq"))

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    kind: AdjustmentKind = Field(sa_type=enum_type(AdjustmentKind, "adjustment_kind"))
    points: Decimal = Field(sa_type=decimal_column())
    reason: str = Field(max_length=500)
    seq: int = 0
    source: DataSource = Field(
        default=DataSource.IMPORT, sa_type=enum_type(DataSource, "data_source")
    )


class CityItem(TenantScoped, table=True):
    """The upper government's ranking of one item owned by a unit (三区末位)."""

    __tablename__ = "city_item"
    __table_args__ = (
        *_fks(),
        UniqueConstraint("tenant_id", "scheme_id", "unit_id", "item", name="uq_city_item"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    item: str = Field(max_length=200)
    last: bool
    seq: int = 0


class PreviousOutcome(TenantScoped, table=True):
    """Last year's outcome of a unit, for the consecutive-last rule."""

    __tablename__ = "previous_outcome"
    __table_args__ = (
        *_fks(),
        UniqueConstraint("tenant_id", "scheme_id", "unit_id", name="uq_previous_outcome"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    last_in_group: bool
    seq: int = 0


DATA_MODELS: tuple[type[TenantScoped], ...] = (Score, Rating, Adjustment, CityItem, PreviousOutcome)
