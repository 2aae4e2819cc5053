"""An import of interchange text run as a job (`schemes.import`): its payload, progress and
outcome, one row per import, tenant-owned like every appraisal table."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow


class ImportKind(StrEnum):
    SCHEME = "scheme"  # a scheme, optionally with its data (importScheme)
    DATA = "data"  # a stored scheme's data (importSchemeData)


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class SchemeImportJob(TenantScoped, table=True):
    """One import: the texts until it has run, then what it did or why it was refused."""

    __tablename__ = "scheme_import_job"
    __table_args__ = (Index("ix_scheme_import_job_created", "tenant_id", "created_at"),)

    kind: ImportKind = Field(sa_type=enum_type(ImportKind, "import_kind"))
    status: ImportStatus = Field(
        default=ImportStatus.QUEUED, sa_type=enum_type(ImportStatus, "import_status")
    )
    stage: str = Field(default="queued", max_length=16)
    done: int = 0
    total: int = 0
    scheme_code: str | None = Field(default=None, max_length=64)
    scheme_id: uuid.UUID | None = None
    # The uploaded texts; cleared once the job has run (the stored scheme is the truth then).
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    data_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    actor_kind: str = Field(max_length=16)
    actor_id: uuid.UUID | None = None
    actor_name: str | None = Field(default=None, max_length=100)
    actor_username: str | None = Field(default=None, max_length=100)
    # Whether it replaced the data; before a data import has run, whether it is to replace
    # (REPLACE) rather than merge.
    replaced: bool = False
    counts: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # [{"file", "path", "message", "code"}] and [{"code", "message", "field"}] of a refusal.
    issues: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    errors: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    finished_at: datetime | None = Field(default=None, sa_type=timestamp_column())
