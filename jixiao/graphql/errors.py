"""Typed errors for expected failures, returned in mutation payloads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from jixiao.graphql.enum_docs import describe_values
from jixiao.platform import errors as domain

strawberry.enum(
    domain.ErrorCode, name="ErrorCode", description="What kind of failure a `UserError` is."
)
describe_values(
    "ErrorCode",
    {
        "INVALID": "The input breaks a rule (a format, a range, a state); `field` names it.",
        "NOT_FOUND": "Nothing by that id or code, or nothing you may see: the two answer alike.",
        "CONFLICT": "It clashes with what exists or its state: a code taken, already enabled.",
        "FORBIDDEN": "Not yours to do: your role or unit, or a rule (e.g. not your own roles).",
        "UNAUTHENTICATED": "The username, password or code was wrong (sign-in steps).",
        "TENANT_SUSPENDED": "Your government's use of the platform is suspended for now.",
    },
)
T = TypeVar("T")
# The `errors` field of a mutation's payload (`attempt` below fills it).
ERRORS = "Why it was refused, if it was (then nothing of it was kept); empty on success."


@strawberry.type(
    description="An expected failure you can act on: what is wrong and, when known, which field."
)
class UserError:
    code: domain.ErrorCode = strawberry.field(description="The kind of failure, for programs.")
    message: str = strawberry.field(description="What is wrong, in Chinese, for people.")
    field: str | None = strawberry.field(
        default=None,
        description="The input it concerns, as a path (`input.weight`, `items[2].ranks[0]`); "
        "null when no one field is at fault.",
    )

    @classmethod
    def from_domain(cls, error: domain.DomainError) -> UserError:
        return cls(code=error.code, message=error.message, field=error.field)


async def attempt(work: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Run a mutation's work; a DomainError becomes the payload's errors (nothing was kept)."""
    try:
        return await work(), []
    except domain.DomainError as error:
        return None, [UserError.from_domain(error)]
