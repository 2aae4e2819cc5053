"""Schema extensions: limits, caches and masking of unexpected errors."""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from jixiao.graphql.nul import RefuseNul
from jixiao.platform.config import Settings
from jixiao.platform.errors import DomainError

INTERNAL_MESSAGE = "服务器内部错误，请联系管理员并提供请求编号 (internal error)"


def should_mask(error: GraphQLError) -> bool:
    """Mask unexpected errors; keep GraphQL's own, permission refusals and domain errors."""
    original = error.original_error
    if original is None or isinstance(original, DomainError) or _unreadable_input(error):
        return False
    # Permission refusals carry their code in extensions and are meant for the client.
    return not (
        error.extensions and error.extensions.get("code") in {"FORBIDDEN", "UNAUTHENTICATED"}
    )


def error_code(error: GraphQLError) -> str | None:
    """The code to show the client for an error that is not masked."""
    if isinstance(error.original_error, DomainError):
        return error.original_error.code.value
    if error.original_error is None:
        return "GRAPHQL_VALIDATION" if error.nodes or error.locations or not error.path else None
    if _unreadable_input(error):
        return "GRAPHQL_VALIDATION"
    return None


def _unreadable_input(error: GraphQLError) -> bool:
    """A variable or literal a scalar could not read (a Decimal of "abc"): refused before any
    resolver ran (no path), with the scalar's own ValueError or TypeError. The caller's
    mistake, named by GraphQL's message; never one of ours."""
    return error.path is None and isinstance(
        error.original_error,
        GraphQLError | ValueError | TypeError | ArithmeticError,
    )


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Factories, never shared instances: strawberry builds them per request (PITFALLS)."""
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaskErrors(should_mask_error=should_mask, error_message=INTERNAL_MESSAGE),
        RefuseNul,
    ]
    if settings.is_production:
        factories.append(DisableIntrospection)
    return factories
