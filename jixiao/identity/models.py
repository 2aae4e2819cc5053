"""Accounts, sessions, API tokens and the sign-in log.

Tenant users (`app_user`) and their sessions, tokens and sign-in log are tenant tables; the
platform's operators have their own platform tables. Shared fields live in mixins.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from jixiao.platform.orm import TenantScoped, enum_type, timestamp_column, utcnow, uuid7


class AccountStatus(str, Enum):
    ACTIVE = "active"
    DISABLED = "disabled"


class SignInOutcome(str, Enum):
    SUCCESS = "success"
    FAILED = "failed"
    LOCKED = "locked"
    REFUSED = "refused"  # disabled account or suspended tenant
    PENDING = "pending"  # right password; the second factor is still to come


class AccountFields(SQLModel):
    """What a person signing in has, whether tenant user or platform operator."""

    username: str = Field(max_length=64)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=255)
    must_change_password: bool = True
    password_changed_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    status: AccountStatus = Field(
        default=AccountStatus.ACTIVE, sa_type=enum_type(AccountStatus, "account_status")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    last_sign_in_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    # The second factor (jixiao.identity.second_factor): TOTP secrets encrypted (platform.crypto),
    # recovery codes as space-separated SHA-256 digests, each removed when used.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_pending_secret: str | None = Field(default=None, max_length=255)
    totp_enabled_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    totp_last_step: int | None = None  # the last time step accepted: no code counts twice
    recovery_codes: str | None = Field(default=None, max_length=1000)


class SessionFields(SQLModel):
    """A signed-in browser: idle and absolute expiry, revocation."""

    secret_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    expires_at: datetime = Field(sa_type=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    revoked_reason: str | None = Field(default=None, max_length=64)
    client_address: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=255)
    # Right password, second factor not yet given: the session carries no rights (it is only
    # found by `verifySecondFactor`) and lives minutes.
    second_factor_pending: bool = False


class SignInFields(SQLModel):
    """One sign-in attempt, successful or not."""

    at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    username: str = Field(max_length=64)
    outcome: SignInOutcome = Field(sa_type=enum_type(SignInOutcome, "sign_in_outcome"))
    reason: str | None = Field(default=None, max_length=200)
    client_address: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=255)


class User(AccountFields, TenantScoped, table=True):
    """A person of one government; linked to a unit where the role needs one."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("tenant_id", "username", name="uq_app_user_username"),)

    # The unit model arrives with the setup issue; the link is ready for it.
    unit_id: uuid.UUID | None = Field(default=None)


class UserSession(SessionFields, TenantScoped, table=True):
    __tablename__ = "user_session"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "user_id"], ["app_user.tenant_id", "app_user.id"]),
        UniqueConstraint("tenant_id", "secret_hash", name="uq_user_session_secret"),
        Index("ix_user_session_user", "tenant_id", "user_id"),
    )

    user_id: uuid.UUID


class ApiToken(TenantScoped, table=True):
    """A third-party client's credential: shown once, stored hashed, scoped, expiring."""

    __tablename__ = "api_token"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "user_id"], ["app_user.tenant_id", "app_user.id"]),
        UniqueConstraint("tenant_id", "secret_hash", name="uq_api_token_secret"),
        Index("ix_api_token_user", "tenant_id", "user_id"),
    )

    user_id: uuid.UUID
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=64)
    secret_hash: str = Field(max_length=64)
    scopes: str = Field(max_length=4000)  # space-separated permission codes
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    expires_at: datetime = Field(sa_type=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    last_used_at: datetime | None = Field(default=None, sa_type=timestamp_column())
    last_used_address: str | None = Field(default=None, max_length=64)

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class SignInLog(SignInFields, TenantScoped, table=True):
    """The tenant's sign-in log (append-only)."""

    __tablename__ = "sign_in_log"
    __table_args__ = (
        Index("ix_sign_in_log_at", "tenant_id", "at"),
        {"info": {"append_only": True}},
    )

    user_id: uuid.UUID | None = None


class Operator(AccountFields, table=True):
    """A platform operator: onboards and suspends governments, reads no appraisal data."""

    __tablename__ = "operator"
    __table_args__ = (UniqueConstraint("username", name="uq_operator_username"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)


class OperatorSession(SessionFields, table=True):
    __tablename__ = "operator_session"
    __table_args__ = (UniqueConstraint("secret_hash", name="uq_operator_session_secret"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    operator_id: uuid.UUID = Field(foreign_key="operator.id", index=True)


class PlatformSignInLog(SignInFields, table=True):
    """Sign-in attempts of operators and against unknown tenants (append-only)."""

    __tablename__ = "platform_sign_in_log"
    __table_args__ = ({"info": {"append_only": True}},)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    realm: str = Field(max_length=64)  # the tenant code tried, or "platform"


class SignInThrottle(SQLModel, table=True):
    """Failure counters per account and per address (keys are hashes, no names stored)."""

    __tablename__ = "sign_in_throttle"

    key: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    window_started_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_column())
    locked_until: datetime | None = Field(default=None, sa_type=timestamp_column())
