"""Audit events (append-only, hash-chained per tenant), the head of each tenant's chain, and the
archives and checkpoints that retention leaves behind."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text, UniqueConstraint
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
    # The algorithm of `hash` (jixiao.audit.hashers): `hmac-sha256` keyed with a secret the
    # database does not hold; None for the unkeyed sha256 of events written before the key.
    hash_alg: str | None = Field(default=None, max_length=32)


class AuditChainHead(TenantScoped, table=True):
    """The last event of a tenant's chain; its row lock serialises appends (updatable)."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_audit_chain_head_tenant"),)

    seq: int = 0
    hash: str = Field(default=GENESIS_HASH, max_length=64)
    # The seq of the last chained event that can alter a user's subject (see
    # `audit.subjects.SUBJECT_SAFE`): principal caches key on it, not on `seq`.
    subjects_seq: int = 0


class ArchiveKind(StrEnum):
    AUDIT_EVENTS = "audit_events"
    SIGN_IN_LOG = "sign_in_log"


class AuditArchive(TenantScoped, table=True):
    """A gzip'd JSON Lines file of rows removed after the retention period, with its checksum.

    For audit events it records the seq range and the chain hashes at its edges: the first
    row's `prev_hash` and the last row's `hash` (where the remaining chain resumes).
    """

    __tablename__ = "audit_archive"
    __table_args__ = (
        UniqueConstraint("tenant_id", "file_name", name="uq_audit_archive_file"),
        {"info": {"append_only": True}},
    )

    kind: ArchiveKind = Field(sa_type=enum_type(ArchiveKind, "audit_archive_kind"))
    file_name: str = Field(max_length=128)
    sha256: str = Field(max_length=64)
    size_bytes: int
    row_count: int
    first_seq: int | None = None
    last_seq: int | None = None
    first_prev_hash: str | None = Field(default=None, max_length=64)
    last_hash: str | None = Field(default=None, max_length=64)
    from_at: datetime = Field(sa_type=timestamp_column())  # the oldest row archived
    to_at: datetime = Field(sa_type=timestamp_column())  # the newest row archived
    cutoff: datetime = Field(sa_type=timestamp_column())  # rows before it were due
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class AuditCheckpoint(TenantScoped, table=True):
    """Where the chain resumes after archived events were removed: the last removed event.

    On PostgreSQL only the purge function (SECURITY DEFINER, run as the owner) writes these;
    the app role reads them.
    """

    __tablename__ = "audit_checkpoint"
    __table_args__ = (
        UniqueConstraint("tenant_id", "seq", name="uq_audit_checkpoint_seq"),
        ForeignKeyConstraint(
            ["tenant_id", "archive_id"], ["audit_archive.tenant_id", "audit_archive.id"]
        ),
        {"info": {"append_only": True, "definer_writes": True}},
    )

    seq: int  # the last removed event
    hash: str = Field(max_length=64)  # its hash: the next event's `prev_hash`
    archive_id: uuid.UUID
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
