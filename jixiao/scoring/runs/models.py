"""Result runs (考评结果): one computation of a scheme for a period, its units and drill-down.

A run is a snapshot keyed by its inputs' version; its unit results and indicator lines are
written once and never changed (the app role may only insert and read them). A pointer per
scheme and period names the newest run and the published one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Dialect,
    ForeignKeyConstraint,
    Index,
    String,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapper
from sqlmodel import Field

from jixiao.platform.errors import Conflict
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal kept as its text: equal on SQLite and PostgreSQL, digit for digit."""

    impl = String(80)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"a Decimal is needed, not {type(value).__name__}")
        return str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class Period(StrEnum):
    """考评周期: the four quarters and the annual combination."""

    ANNUAL = "annual"
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"


class RunStatus(StrEnum):
    """draft → reviewed (考评办) → approved (领导小组) → [publicity (公示中) →] published →
    superseded by a newer one."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    PUBLICITY = "publicity"  # 公示中: shown to every unit of the tenant before it is final
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def was_published(self) -> bool:
        """Published now or before a newer run replaced it: what units may see."""
        return self in (RunStatus.PUBLISHED, RunStatus.SUPERSEDED)


def _decimal(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(DecimalText(), nullable=nullable))


def _json() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ResultRun(TenantScoped, table=True):
    """One computation of a scheme for one period, with its review and publication."""

    __tablename__ = "result_run"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"]),
        UniqueConstraint(
            "tenant_id", "scheme_id", "period", "inputs_version", name="uq_result_run_inputs"
        ),
        Index("ix_result_run_scheme", "tenant_id", "scheme_code", "period"),
    )

    scheme_id: uuid.UUID
    scheme_code: str = Field(max_length=64)
    scheme_name: str = Field(max_length=200)
    period: Period = Field(sa_column=Column(enum_type(Period, "result_period"), nullable=False))
    inputs_version: str = Field(max_length=64)  # sha256 of the canonical inputs
    status: RunStatus = Field(
        default=RunStatus.DRAFT,
        sa_column=Column(enum_type(RunStatus, "result_run_status"), nullable=False),
    )
    provisional: bool = False
    # [{code, name, weight}] of the scheme's components, as computed.
    components: list[dict[str, str]] = _json()
    computed_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    computed_by_id: uuid.UUID | None = None
    computed_by: str | None = Field(default=None, max_length=100)
    reviewed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    reviewed_by: str | None = Field(default=None, max_length=100)
    approved_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    approved_by: str | None = Field(default=None, max_length=100)
    published_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    published_by: str | None = Field(default=None, max_length=100)
    # 公示 (jixiao.scoring.runs.publicity): when it began, by whom, and when it ends.
    publicity_started_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    publicity_started_by: str | None = Field(default=None, max_length=100)
    publicity_ends_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    superseded_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    superseded_by_run_id: uuid.UUID | None = None


class ResultPointer(TenantScoped, table=True):
    """Per scheme and period: the newest run, the published one and the one in 公示."""

    __tablename__ = "result_pointer"
    __table_args__ = (
        UniqueConstraint("tenant_id", "scheme_id", "period", name="uq_result_pointer"),
        ForeignKeyConstraint(["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"]),
        ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "published_run_id"], ["result_run.tenant_id", "result_run.id"]
        ),
        ForeignKeyConstraint(
            ["tenant_id", "publicity_run_id"], ["result_run.tenant_id", "result_run.id"]
        ),
        Index("ix_result_pointer_code", "tenant_id", "scheme_code", "period"),
    )

    scheme_id: uuid.UUID
    scheme_code: str = Field(max_length=64)
    period: Period = Field(sa_column=Column(enum_type(Period, "result_period"), nullable=False))
    run_id: uuid.UUID
    # The scheme's inputs revision at which `run_id` was known to match the inputs.
    inputs_seq: int = Field(default=-1, sa_type=BigInteger)
    published_run_id: uuid.UUID | None = None
    publicity_run_id: uuid.UUID | None = None  # the run in 公示 now (shown to every unit)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class ResultUnit(TenantScoped, table=True):
    """A unit's published figures in one run (`jixiao.results/1` plus names, for display)."""

    __tablename__ = "result_unit"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        UniqueConstraint("tenant_id", "run_id", "unit_code", name="uq_result_unit"),
        Index("ix_result_unit_unit", "tenant_id", "unit_id"),
        {"info": {"append_only": True}},
    )

    run_id: uuid.UUID
    # The run whose `result_lines` row holds this unit's drill-down (an earlier run's when the
    # unit's lines did not change: a recompute after one score stores one unit's lines).
    lines_run_id: uuid.UUID | None = None
    lines_key: str | None = Field(default=None, max_length=64)  # digest of the lines' inputs
    position: int  # publication order: by group, rank, unit code
    unit_id: uuid.UUID | None = None  # the organisation unit, for the units' own data scope
    unit_code: str = Field(max_length=64)
    unit_name: str = Field(max_length=200)
    unit_kind: str = Field(max_length=16)
    headcount: int = 0
    group_code: str = Field(max_length=64)
    group_name: str = Field(max_length=200)
    components: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    bonus: Decimal | None = _decimal()
    deductions: Decimal | None = _decimal()
    total: Decimal = _decimal(nullable=False)
    rank: int
    overall_rank: int
    base_grade: str | None = Field(default=None, max_length=64)
    grade: str | None = Field(default=None, max_length=64)
    flags: list[str] = _json()
    bonus_amount: Decimal | None = _decimal()
    base_per_head: Decimal | None = _decimal()
    bonus_coefficient: Decimal | None = _decimal()
    missing: list[str] = _json()
    explain: list[str] = _json()


class ResultLines(TenantScoped, table=True):
    """Drill-down of one unit in one run: its lines as one JSON array, in order.

    One row per unit, not per line: a city-scale run has ~700,000 lines, which one row each
    (with their indexes, foreign keys and row-level security checks) took 40 µs apiece to
    store. Each line is `[indicator code, indicator name, period, available, score, raw score,
    status]` with the figures as their exact text. A later run whose unit's inputs did not
    change points at this row (`ResultUnit.lines_run_id`) instead of storing it again.
    """

    __tablename__ = "result_lines"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "run_id"], ["result_run.tenant_id", "result_run.id"]),
        UniqueConstraint("tenant_id", "run_id", "unit_code", name="uq_result_lines"),
        {"info": {"append_only": True}},
    )

    run_id: uuid.UUID
    unit_code: str = Field(max_length=64)
    lines: list[list[str | None]] = _json()


@dataclass(frozen=True)
class ResultLine:
    """Drill-down: one indicator of a unit in one period of a run, with exact figures."""

    run_id: uuid.UUID
    unit_code: str
    position: int
    indicator_code: str
    indicator_name: str
    period: str
    available: Decimal
    score: Decimal
    raw_score: Decimal | None
    status: str  # scored | missing | binding_failed

    @classmethod
    def unpack(cls, row: ResultLines, run_id: uuid.UUID) -> list[ResultLine]:
        """The lines of one stored row, in order, as lines of run `run_id` (which may share
        the row of an earlier run)."""
        return [
            cls(
                run_id,
                row.unit_code,
                position,
                str(code),
                str(name),
                str(period),
                Decimal(str(available)),
                Decimal(str(score)),
                None if raw is None else Decimal(raw),
                str(status),
            )
            for position, (code, name, period, available, score, raw, status) in enumerate(
                row.lines
            )
        ]


# What a run was computed from and as: never changed once written (a recompute makes a new run).
_FROZEN = (
    "scheme_id",
    "scheme_code",
    "scheme_name",
    "period",
    "inputs_version",
    "provisional",
    "components",
    "computed_at",
    "computed_by_id",
    "computed_by",
)


class RunImmutable(Conflict):
    """A stored run's figures or inputs were about to change."""


@event.listens_for(ResultRun, "before_update")
def _keep_runs_immutable(
    _mapper: Mapper[ResultRun], _connection: Connection, run: ResultRun
) -> None:
    state = inspect(run)
    changed = [name for name in _FROZEN if state.attrs[name].history.has_changes()]
    if changed:
        raise RunImmutable(
            f"考评结果一经计算不能修改（{', '.join(changed)}）；请重新计算生成新结果"
        )
