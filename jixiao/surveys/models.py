"""The public satisfaction survey (群众满意度测评): a survey of a scheme's period, its units,
its invitation codes, the one-time tickets of its open link, and the anonymous answers.

Answers keep no person: no account, no address, no user agent, no time (their ids are random,
not time-ordered, and carry no link to the code or ticket that let them in). A code is kept
only as a hash; a redeemed ticket only as the hash of its nonce.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.columns import decimal_column, json_column
from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class SurveyState(StrEnum):
    """Where a survey stands: edited while a draft, answered while open, read-only once closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "open": "进行中", "closed": "已结束"}[self.value]


class SurveyScale(StrEnum):
    """How a respondent answers a question."""

    FIVE_POINT = "five_point"  # 非常满意 100 … 非常不满意 20
    HUNDRED = "hundred"  # a whole number 0–100

    @property
    def label(self) -> str:
        return {"five_point": "五级（非常满意～非常不满意）", "hundred": "百分制（0～100）"}[
            self.value
        ]


class SurveyAccess(StrEnum):
    """How respondents come in."""

    CODE = "code"  # 邀请码: one answer per printed code
    LINK = "link"  # 公开链接: throttled per address, one-time tickets

    @property
    def label(self) -> str:
        return {"code": "邀请码", "link": "公开链接"}[self.value]


def _fk(column: str, table: str, *, cascade: bool = False) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{table}.tenant_id", f"{table}.id"],
        ondelete="CASCADE" if cascade else None,
    )


class Survey(TenantScoped, table=True):
    """One satisfaction survey (群众满意度测评) of a scheme's period."""

    __tablename__ = "survey"
    __table_args__ = (
        _fk("scheme_id", "scheme", cascade=True),
        UniqueConstraint("tenant_id", "public_key", name="uq_survey_public_key"),
        Index("ix_survey_scheme", "tenant_id", "scheme_id", "period"),
    )

    scheme_id: uuid.UUID
    scheme_code: str = Field(max_length=64)
    period: str = Field(max_length=8)
    title: str = Field(max_length=200)
    intro: str = Field(default="", sa_column=Column(Text, nullable=False))
    component_code: str = Field(default="public", max_length=64)
    questions: list[str] = Field(
        default_factory=list, sa_column=Column(json_column(), nullable=False)
    )
    scale: SurveyScale = Field(
        default=SurveyScale.FIVE_POINT, sa_type=enum_type(SurveyScale, "survey_scale")
    )
    access: SurveyAccess = Field(
        default=SurveyAccess.CODE, sa_type=enum_type(SurveyAccess, "survey_access")
    )
    min_sample: int = 30  # fewer responses for a unit: its value is provisional
    state: SurveyState = Field(
        default=SurveyState.DRAFT, sa_type=enum_type(SurveyState, "survey_state")
    )
    # What the public page is reached by: names the tenant and the survey, nothing else.
    public_key: str = Field(max_length=64)
    codes_issued: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    created_by: str | None = Field(default=None, max_length=100)
    opened_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    opened_by: str | None = Field(default=None, max_length=100)
    closed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    closed_by: str | None = Field(default=None, max_length=100)
    applied_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    applied_by: str | None = Field(default=None, max_length=100)


class SurveyUnit(TenantScoped, table=True):
    """A unit rated in a survey; respondents name it by its position."""

    __tablename__ = "survey_unit"
    __table_args__ = (
        _fk("survey_id", "survey", cascade=True),
        _fk("unit_id", "unit"),
        UniqueConstraint("tenant_id", "survey_id", "unit_id", name="uq_survey_unit"),
        UniqueConstraint("tenant_id", "survey_id", "position", name="uq_survey_unit_position"),
    )

    survey_id: uuid.UUID
    unit_id: uuid.UUID
    position: int
    unit_code: str = Field(max_length=64)
    unit_name: str = Field(max_length=200)


class SurveyCode(TenantScoped, table=True):
    """An invitation code (邀请码), kept as its hash; used once."""

    __tablename__ = "survey_code"
    __table_args__ = (
        _fk("survey_id", "survey", cascade=True),
        UniqueConstraint("tenant_id", "survey_id", "code_hash", name="uq_survey_code"),
    )

    survey_id: uuid.UUID
    code_hash: str = Field(max_length=64)
    used: bool = False


class SurveyTicket(TenantScoped, table=True):
    """A redeemed one-time ticket of an open link, kept as its nonce's hash."""

    __tablename__ = "survey_ticket"
    __table_args__ = (
        _fk("survey_id", "survey", cascade=True),
        UniqueConstraint("tenant_id", "survey_id", "nonce_hash", name="uq_survey_ticket"),
    )

    survey_id: uuid.UUID
    nonce_hash: str = Field(max_length=64)


class SurveyAnswer(TenantScoped, table=True):
    """One anonymous answer: a response's value (0–100) on one question about one unit."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        _fk("survey_id", "survey", cascade=True),
        _fk("unit_id", "unit"),
        Index("ix_survey_answer_unit", "tenant_id", "survey_id", "unit_id"),
    )

    survey_id: uuid.UUID
    response_id: uuid.UUID  # random: groups one respondent's answers, names no one
    unit_id: uuid.UUID
    question: int
    value: Decimal = Field(sa_type=decimal_column())
