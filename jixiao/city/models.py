"""The parent's rankings of its districts, what it published to each, and each district's
responsible units for the items it received."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from jixiao.platform.orm import TenantScoped, timestamp_column, utcnow

ITEM_LIMIT = 200


class CityRanking(TenantScoped, table=True):
    """The parent's rank of one child district on one item of a year (its working copy:
    the children see only what is published, `CityRankingRelease`)."""

    __tablename__ = "city_ranking"
    __table_args__ = (
        UniqueConstraint("tenant_id", "year", "item", "child_id", name="uq_city_ranking"),
        Index("ix_city_ranking_year", "tenant_id", "year", "seq"),
    )

    year: int
    item: str = Field(max_length=ITEM_LIMIT)
    child_id: uuid.UUID = Field(foreign_key="tenant.id")
    rank: int
    seq: int = 0  # the item's place in the parent's list
    updated_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    updated_by: str | None = Field(default=None, max_length=100)


class CityRankingRelease(TenantScoped, table=True):
    """One published rank, addressed to one child district.

    Owned by the parent (`tenant_id`): publishing writes nothing into a child's tenant. The
    child reads the rows addressed to it (`child_id`) through `city.received` only; on
    PostgreSQL a second policy lets a tenant SELECT the rows whose `child_id` is its own.
    """

    __tablename__ = "city_ranking_release"
    __table_args__ = (
        UniqueConstraint("tenant_id", "year", "child_id", "item", name="uq_city_ranking_release"),
        Index("ix_city_ranking_release_child", "child_id", "year"),
    )

    year: int
    item: str = Field(max_length=ITEM_LIMIT)
    child_id: uuid.UUID = Field(foreign_key="tenant.id")
    rank: int
    ranked: int  # how many districts the parent ranked on this item
    last: bool  # the child holds the item's worst rank (and it is not 1): 末位
    seq: int = 0
    parent_name: str = Field(max_length=100)
    published_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    published_by: str | None = Field(default=None, max_length=100)


class CityItemMapping(TenantScoped, table=True):
    """A unit of the child's scheme responsible for one item the parent ranks it on."""

    __tablename__ = "city_item_mapping"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "scheme_id"], ["scheme.tenant_id", "scheme.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id", "unit_id"], ["unit.tenant_id", "unit.id"]),
        UniqueConstraint("tenant_id", "scheme_id", "item", "unit_id", name="uq_city_item_mapping"),
    )

    scheme_id: uuid.UUID
    item: str = Field(max_length=ITEM_LIMIT)
    unit_id: uuid.UUID
    seq: int = 0
    mapped_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    mapped_by: str | None = Field(default=None, max_length=100)
