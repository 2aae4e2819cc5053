"""Schema extensions: limits, caches and masking of unexpected errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from graphql import ASTValidationRule, FieldNode, GraphQLError, OperationDefinitionNode
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from jixiao.graphql import cost  # noqa: F401  (describes ErrorCode.QUERY_TOO_COSTLY for the schema)
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


class Limits(NamedTuple):
    """What of the settings the schema's extensions use: a schema is built once per value
    (`schema.build_schema`)."""

    max_depth: int
    max_aliases: int
    max_tokens: int
    production: bool

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            settings.graphql_max_depth,
            settings.graphql_max_aliases,
            settings.graphql_max_tokens,
            settings.is_production,
        )


def schema_extensions(limits: Limits) -> list[Callable[[], SchemaExtension]]:
    """Factories, never shared instances: strawberry builds them per request (PITFALLS).

    The depth and alias limits' validation rules are made here, once: the validation cache is
    keyed by the document and the rules, and strawberry's QueryDepthLimiter and
    MaxAliasesLimiter make a new rule class in each instance, so with them every request
    missed the cache and was validated again (tests/graphql/test_validation_cache.py)."""
    rules: list[type[ASTValidationRule]] = [
        depth_rule(limits.max_depth, None, None),
        aliases_rule(limits.max_aliases),
    ]
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaskErrors(should_mask_error=should_mask, error_message=INTERNAL_MESSAGE),
        RefuseNul,
        OperationLabel,
    ]
    if limits.production:
        factories.append(DisableIntrospection)
    return factories


class OperationLabel(SchemaExtension):
    """Names the operation for the request's metrics (`platform/metrics.py`): its kind and
    first root field, `query:rankings`. Execution starts only for a valid document, so the
    name is one the schema has: a client cannot grow the metrics' label set."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        request = getattr(context.context, "request", None)
        if document is not None and request is not None:
            label = _label(document.definitions, context.operation_name)
            if label:
                request.scope.setdefault("state", {})["operation"] = label
        yield


def _label(definitions: object, name: str | None) -> str | None:
    for definition in definitions:  # type: ignore[attr-defined]
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if name is not None and (definition.name is None or definition.name.value != name):
            continue
        for selection in definition.selection_set.selections:
            if isinstance(selection, FieldNode):
                return f"{definition.operation.value}:{selection.name.value}"
        return definition.operation.value
    return None
