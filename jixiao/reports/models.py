"""Generated reports (PDF) kept with their result run: what was asked, its progress, the file."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, ForeignKeyConstraint, Index
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class ReportKind(StrEnum):
    NOTICE = "notice"  # 考评结果通报: every group's ranks, grades, flags and bonus
    CARDS = "cards"  # 考评报告单: one unit's card, or one per unit the requester may read
    BONUS = "bonus"  # 绩效奖金表


class ReportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class GeneratedReport(TenantScoped, table=True):
    """One report of one run: queued by a reader of the run's results, made by a job."""

    __tablename__ = "generated_report"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        Index("ix_generated_report_run", "tenant_id", "run_id", "created_at"),
    )

    run_id: uuid.UUID
    kind: ReportKind = Field(sa_type=enum_type(ReportKind, "report_kind"))
    # CARDS: the codes of the units it holds (the one asked for, else those the requester
    # reads); None = every unit of the run.
    unit_codes: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: ReportStatus = Field(
        default=ReportStatus.QUEUED, sa_type=enum_type(ReportStatus, "report_status")
    )
    done: int = 0
    total: int = 0
    file_name: str | None = Field(default=None, max_length=200)  # its name in the store
    title: str = Field(max_length=300)  # also the download name, with `.pdf`
    size_bytes: int | None = None
    sha256: str | None = Field(default=None, max_length=64)
    pages: int | None = None
    error: str | None = Field(default=None, max_length=500)
    # Whether the requester sees drafts: a card's trend reads the runs they would be shown.
    sees_drafts: bool = False
    requested_by_id: uuid.UUID | None = None
    requested_by: str | None = Field(default=None, max_length=100)
    requested_by_username: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    finished_at: datetime | None = Field(default=None, sa_type=timestamp_column())
