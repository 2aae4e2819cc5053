"""ORM bases: time-ordered ids and the tenant-owned table mixin."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import DateTime, Dialect, TypeDecorator
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): keyset pagination follows creation order."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC timestamp")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp_column() -> UTCDateTime:
    return UTCDateTime()


def enum_type(enum: type[Enum], name: str) -> SAEnum:
    """A portable enum column type storing the members' values (`district`, not `DISTRICT`)."""
    return SAEnum(
        enum, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e]
    )


class TenantScoped(SQLModel):
    """Mixin for every tenant-owned table: `tenant_id` leads the primary key.

    Rows are filtered to the session's tenant in one place (`jixiao.platform.db`) and, on
    PostgreSQL, by row-level security as well.
    """

    # Stamped from the session's tenant at flush when left empty (jixiao.platform.db).
    tenant_id: uuid.UUID = Field(default=None, foreign_key="tenant.id", primary_key=True)
    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
