"""The public results page (阳光考核): whether a tenant's office shows it, and what it discloses.

The platform operator's switch is a column of the tenant (`Tenant.public_results`); these tables
hold the office's: the page on or off, and per scheme and period which columns are shown. Names
of units and groups are always shown; ranks, grades and total scores only when chosen. Nothing
else of a result (scorers, comments, bonus, flags, people) is ever disclosed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKeyConstraint, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow
from jixiao.scoring.runs.models import Period


class PublicResultsPage(TenantScoped, table=True):
    """The office's switch of its public results page (one row per tenant, once changed)."""

    __tablename__ = "public_results_page"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_public_results_page"),)

    enabled: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_by: str | None = Field(default=None, max_length=100)


class PublicDisclosure(TenantScoped, table=True):
    """One scheme and period whose published result the public page shows, with its columns."""

    __tablename__ = "public_disclosure"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "scheme_id", "period", name="uq_public_disclosure"),
    )

    scheme_id: uuid.UUID
    scheme_code: str = Field(max_length=64)
    period: Period = Field(sa_column=Column(enum_type(Period, "result_period"), nullable=False))
    show_rank: bool = True
    show_grade: bool = True
    show_total: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_by: str | None = Field(default=None, max_length=100)

    @property
    def columns(self) -> list[str]:
        """The disclosed columns besides the names, in the page's order."""
        shown = (("rank", self.show_rank), ("grade", self.show_grade), ("total", self.show_total))
        return [name for name, on in shown if on]
