"""Expected failures: typed, with a code and a message a user can act on."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Error codes shared by services, GraphQL payloads and the portal."""

    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TENANT_SUSPENDED = "TENANT_SUSPENDED"
    QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"  # refused before running (graphql/cost.py)


class DomainError(Exception):
    """An expected failure of a service operation; nothing it began is kept."""

    code: ErrorCode = ErrorCode.INVALID

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    code = ErrorCode.INVALID


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class TenantContextError(RuntimeError):
    """Tenant data was touched without (or against) the session's tenant: a programming error."""
