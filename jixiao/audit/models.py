"""Audit events (append-only, hash-chained per tenant) and the head of each tenant's chain."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow

GENESIS_HASH = "0" * 64  # the `prev_hash` of a tenant's first event


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    REFUSED = "refused"  # no permission, or not signed in
    FAILED = "failed"  # an expected failure (typed error) or an unexpected one


class AuditEvent(TenantScoped, table=True):
    """Who did what to which target, when, from where, and how it ended (日志)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq", name="uq_audit_event_seq"),
        Index("ix_audit_event_at", "tenant_id", "at"),
        Index("ix_audit_event_target", "tenant_id", "target_type", "target_id"),
        # The app role may insert and read these rows, never change or delete them.
        {"info": {"append_only": True}},
    )

    seq: int  # 1, 2, 3… within the tenant: a gap means a deleted event
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    actor_kind: str = Field(max_length=16)
    actor_id: str | None = Field(default=None, max_length=64)
    actor_name: str | None = Field(default=None, max_length=100)
    action: str = Field(max_length=64)
    target_type: str | None = Field(default=None, max_length=64)
    target_id: str | None = Field(default=None, max_length=128)
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    outcome: AuditOutcome = Field(
        default=AuditOutcome.SUCCESS,
        sa_column=Column(enum_type(AuditOutcome, "audit_outcome"), nullable=False),
    )
    reason: str | None = Field(default=None, max_length=500)
    client_address: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChainHead(TenantScoped, table=True):
    """The last event of a tenant's chain; its row lock serialises appends (updatable)."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_audit_chain_head_tenant"),)

    seq: int = 0
    hash: str = Field(default=GENESIS_HASH, max_length=64)
