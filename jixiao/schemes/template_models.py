"""Template tables beside the platform's `SchemeTemplate`: the record of operators' changes to
platform templates, and a tenant's own templates (指标库) saved from its schemes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from jixiao.platform.orm import TenantScoped, timestamp_column, utcnow, uuid7


class TemplateLibrary(StrEnum):
    """Where a template is kept: the platform's (operators') or the tenant's own 指标库."""

    PLATFORM = "platform"
    TENANT = "tenant"


class SchemeTemplateChange(SQLModel, table=True):
    """One operator's change of a platform template (platform table, append-only).

    Operators have no tenant audit chain, so the platform keeps its own record: who created,
    replaced or deleted which template, when, and the sha256 of the document it then held.
    """

    __tablename__ = "scheme_template_change"
    __table_args__ = {"info": {"append_only": True}}

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    template_code: str = Field(max_length=64, index=True)
    action: str = Field(max_length=16)  # create | replace | delete
    actor_id: uuid.UUID | None = Field(default=None)
    actor_name: str | None = Field(default=None, max_length=100)
    digest: str | None = Field(default=None, max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())


class TenantSchemeTemplate(TenantScoped, table=True):
    """A tenant's own template (指标库): one of its schemes without data, for next year."""

    __tablename__ = "tenant_scheme_template"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_tenant_scheme_template_code"),)

    code: str = Field(max_length=64)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=1000)
    document: str = Field(sa_column=Column(Text, nullable=False))  # jixiao.scheme/1 as JSON
    source_scheme: str | None = Field(default=None, max_length=64)
    saved_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    saved_by: str | None = Field(default=None, max_length=100)
