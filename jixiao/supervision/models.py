"""Supervision (督查督办): reporting deadlines per period and supervision notices to units.

A period's deadline (`period_deadline`) is when the units' progress reports for it are due; the
supervision board measures every assignment against it and against its milestone, and the
reminders escalate from it. A supervision notice (`supervision_notice`) asks a unit to act on an
assignment (or in general) and to reply before its deadline; the reply and the closing are kept.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


def _fk(column: str, table: str, *, cascade: bool = False) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class PeriodDeadline(TenantScoped, table=True):
    """One period of a scheme: its deadlines (填报、核实、评分截止日) and whether it is closed.

    A period without a row is open and has no deadlines. A closed period is read-only: no report,
    verification, score, rating or adjustment of it is written until the office reopens it.
    """

    __tablename__ = "period_deadline"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        UniqueConstraint("tenant_id", "scheme_id", "period", name="uq_period_deadline"),
    )

    scheme_id: uuid.UUID
    period: str = Field(max_length=8)
    report_due: date | None = None
    verify_due: date | None = None
    score_due: date | None = None
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    closed_by: str | None = Field(default=None, max_length=100)
    close_reason: str = Field(default="", max_length=500)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_by: str | None = Field(default=None, max_length=100)


class NoticeState(StrEnum):
    """open (awaiting the unit's reply) → replied → closed by the supervision group."""

    OPEN = "open"
    REPLIED = "replied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "待回复", "replied": "已回复", "closed": "已办结"}[self.value]


class SupervisionNotice(TenantScoped, table=True):
    """A supervision notice (督办通知) to a unit, with the date its reply is due."""

    __tablename__ = "supervision_notice"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        _fk("unit_id", "unit"),
        _fk("assignment_id", "assignment", cascade=True),
        Index("ix_supervision_notice_unit", "tenant_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    unit_id: uuid.UUID
    assignment_id: uuid.UUID | None = None
    period: str | None = Field(default=None, max_length=8)
    title: str = Field(max_length=200)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    reply_due: date
    state: NoticeState = Field(
        default=NoticeState.OPEN, sa_type=enum_type(NoticeState, "supervision_notice_state")
    )
    reply: str = Field(default="", sa_column=Column(Text, nullable=False))
    replied_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    replied_by: str | None = Field(default=None, max_length=100)
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    closed_by: str | None = Field(default=None, max_length=100)
    close_note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    created_by_id: uuid.UUID | None = None  # the sender, told of the reply
