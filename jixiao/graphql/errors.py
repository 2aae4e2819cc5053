"""Typed errors for expected failures, returned in mutation payloads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from jixiao.platform import errors as domain

strawberry.enum(domain.ErrorCode, name="ErrorCode")
T = TypeVar("T")


@strawberry.type
class UserError:
    """An expected failure the user can act on: what is wrong and, when known, which field."""

    code: domain.ErrorCode
    message: str
    field: str | None = None

    @classmethod
    def from_domain(cls, error: domain.DomainError) -> UserError:
        return cls(code=error.code, message=error.message, field=error.field)


async def attempt(work: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Run a mutation's work; a DomainError becomes the payload's errors (nothing was kept)."""
    try:
        return await work(), []
    except domain.DomainError as error:
        return None, [UserError.from_domain(error)]
