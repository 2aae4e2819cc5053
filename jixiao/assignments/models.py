"""Task decomposition (任务分解) and progress reports (进度填报) with their evidence files.

A report row is one version: a returned report stays as it was and the next draft is a new
version. Every transition is a `ReportEvent` row (append-only), so nothing is overwritten.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.columns import decimal_column, json_column
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class ReportStatus(StrEnum):
    """draft → submitted → approved (领导已审) → reported (上报) → verified; returned ends a
    version (the next draft is a new version)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REPORTED = "reported"
    VERIFIED = "verified"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]


_STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "approved": "领导已审",
    "reported": "已上报",
    "verified": "已核实",
    "returned": "已退回",
}


def _fk(column: str, table: str, *, cascade: bool = False) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class Assignment(TenantScoped, table=True):
    """An applicable leaf indicator given to a unit: target, deadline, milestones, scorers."""

    __tablename__ = "assignment"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        _fk("indicator_id", "indicator", cascade=True),
        _fk("unit_id", "unit"),
        UniqueConstraint("tenant_id", "indicator_id", "unit_id", name="uq_assignment"),
        Index("ix_assignment_unit", "tenant_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    indicator_id: uuid.UUID
    unit_id: uuid.UUID
    target_value: Decimal | None = Field(default=None, sa_type=decimal_column())
    target_text: str = Field(default="", max_length=1000)
    deadline: date | None = None
    # period → {"text": str, "value": str | None} (quarterly milestones)
    milestones: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(json_column(), nullable=False)
    )
    scorers: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class ProgressReport(TenantScoped, table=True):
    """One version of a unit's progress report for an assignment and a period."""

    __tablename__ = "progress_report"
    __table_args__ = (
        _fk("assignment_id", "assignment", cascade=True),
        _fk("unit_id", "unit"),
        _fk("indicator_id", "indicator", cascade=True),
        UniqueConstraint(
            "tenant_id", "assignment_id", "period", "version", name="uq_progress_report"
        ),
        Index("ix_progress_report_unit", "tenant_id", "unit_id"),
    )

    assignment_id: uuid.UUID
    unit_id: uuid.UUID  # the assignment's, kept here for the data scope
    indicator_id: uuid.UUID
    period: str = Field(max_length=8)
    version: int = 1
    narrative: str = Field(default="", sa_column=Column(Text, nullable=False))
    completion: Decimal | None = Field(default=None, sa_type=decimal_column())  # percent
    actual: Decimal | None = Field(default=None, sa_type=decimal_column())  # reported value
    verified_value: Decimal | None = Field(default=None, sa_type=decimal_column())
    verify_note: str = Field(default="", max_length=1000)
    return_reason: str = Field(default="", max_length=1000)
    late: bool = False  # saved after the period's report deadline (accepted by the tenant setting)
    status: ReportStatus = Field(
        default=ReportStatus.DRAFT, sa_type=enum_type(ReportStatus, "report_status")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class ReportEvent(TenantScoped, table=True):
    """A transition of a report: who, when, from which status to which, and why."""

    __tablename__ = "report_event"
    __table_args__ = (
        _fk("report_id", "progress_report", cascade=True),
        Index("ix_report_event_report", "tenant_id", "report_id"),
        {"info": {"append_only": True}},
    )

    report_id: uuid.UUID
    action: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    reason: str = Field(default="", max_length=1000)
    value: Decimal | None = Field(default=None, sa_type=decimal_column())
    actor_id: uuid.UUID | None = None
    actor_name: str | None = Field(default=None, max_length=100)
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class EvidenceFile(TenantScoped, table=True):
    """An evidence file (佐证材料) of a report version; stored under a server-chosen name."""

    __tablename__ = "evidence_file"
    __table_args__ = (
        _fk("report_id", "progress_report", cascade=True),
        Index("ix_evidence_file_report", "tenant_id", "report_id"),
    )

    report_id: uuid.UUID
    file_name: str = Field(max_length=200)
    stored_name: str = Field(max_length=64)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    uploaded_by: uuid.UUID | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
