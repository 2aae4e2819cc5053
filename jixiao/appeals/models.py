"""Appeals (申诉): a unit's objection to one line of its published result.

An appeal names a published run and one line of the unit's result in it: an indicator's score
(`indicator`, keyed by the indicator code, with the line's own period), an adjustment
(`adjustment`, keyed by the adjustment's id) or a rating component (`rating`, keyed by the
component code). It moves 待分派 → 待答复 → 待裁定 → 已维持原结果 / 已更正, or 已撤回 by the
unit before the decision. While it is open, `open_line` names its line, and a unique index
over (scheme, unit, open_line) keeps one open appeal per line of a scheme's period.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow
from jixiao.scoring.runs.models import DecimalText


class AppealState(StrEnum):
    """Where an appeal stands."""

    ROUTING = "routing"  # 待分派: the office has not routed it yet
    ANSWERING = "answering"  # 待答复: the scorer or monitoring department answers
    DECIDING = "deciding"  # 待裁定: the office decides
    REJECTED = "rejected"  # 已维持原结果
    UPHELD = "upheld"  # 已更正: corrected, recomputed and republished
    WITHDRAWN = "withdrawn"  # 已撤回 by the unit

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def open(self) -> bool:
        return self in (AppealState.ROUTING, AppealState.ANSWERING, AppealState.DECIDING)


STATE_LABELS = {
    AppealState.ROUTING: "待分派",
    AppealState.ANSWERING: "待答复",
    AppealState.DECIDING: "待裁定",
    AppealState.REJECTED: "已维持原结果",
    AppealState.UPHELD: "已更正",
    AppealState.WITHDRAWN: "已撤回",
}


class LineKind(StrEnum):
    """Which kind of result line an appeal is about."""

    INDICATOR = "indicator"
    ADJUSTMENT = "adjustment"
    RATING = "rating"

    @property
    def label(self) -> str:
        return {"indicator": "指标得分", "adjustment": "加减分", "rating": "评价得分"}[self.value]


def _fk(column: str, table: str, *, cascade: bool = False) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class Appeal(TenantScoped, table=True):
    """One appeal (申诉) of a unit on one line of a published result."""

    __tablename__ = "appeal"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        _fk("run_id", "result_run"),
        _fk("unit_id", "unit"),
        UniqueConstraint("tenant_id", "scheme_id", "unit_id", "open_line", name="uq_appeal_open"),
        Index("ix_appeal_scheme", "tenant_id", "scheme_id", "period", "state"),
        Index("ix_appeal_unit", "tenant_id", "unit_id"),
    )

    scheme_id: uuid.UUID
    scheme_code: str = Field(max_length=64)
    period: str = Field(max_length=8)  # the run's period (annual or a quarter)
    run_id: uuid.UUID  # the published run it was raised on
    unit_id: uuid.UUID
    unit_code: str = Field(max_length=64)
    unit_name: str = Field(max_length=200)
    line_kind: LineKind = Field(sa_type=enum_type(LineKind, "appeal_line_kind"))
    line_key: str = Field(max_length=64)
    line_period: str = Field(default="", max_length=8)  # an indicator line's own period
    line_label: str = Field(max_length=200)
    # The figure as published: the line's score, the adjustment's signed points, the rating.
    line_figure: Decimal = Field(sa_column=Column(DecimalText(), nullable=False))
    # `<period>:<kind>:<key>:<line period>` while open, NULL once closed (one open appeal per line).
    open_line: str | None = Field(default=None, max_length=100)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    state: AppealState = Field(
        default=AppealState.ROUTING, sa_type=enum_type(AppealState, "appeal_state")
    )
    raised_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    raised_by: str | None = Field(default=None, max_length=100)
    raised_by_id: uuid.UUID | None = None
    handler: str = Field(default="", max_length=64)  # the scorer code it was routed to
    handler_name: str = Field(default="", max_length=200)
    route_note: str = Field(default="", max_length=1000)
    routed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    routed_by: str | None = Field(default=None, max_length=100)
    answer: str = Field(default="", sa_column=Column(Text, nullable=False))
    answered_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    answered_by: str | None = Field(default=None, max_length=100)
    decision_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    decided_by: str | None = Field(default=None, max_length=100)
    corrected_run_id: uuid.UUID | None = None  # the republished run of an upheld appeal
    withdrawn_at: datetime | None = Field(default=None, sa_type=timestamp_column())
