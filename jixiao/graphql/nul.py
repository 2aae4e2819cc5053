"""Refuse NUL characters (U+0000) in any string input before a resolver runs.

PostgreSQL text cannot hold NUL and psycopg refuses it, so such a value used to end as an
INTERNAL error halfway through a mutation (sign-in included). It is never a meaningful
character in this domain: the whole operation is refused up front, as a user error naming the
argument, whether the value came in a variable or as a literal in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension

from jixiao.platform.errors import InvalidInput

NUL = "\x00"


class RefuseNul(SchemaExtension):
    """After validation, before execution: an operation with a NUL anywhere gets one error."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        where = _nul_in(context.graphql_document, context.query, context.variables)
        if where is not None:
            refusal = InvalidInput(
                f"参数 {where} 含有空字符（\\u0000），请删除后重试 (NUL character not allowed)",
                field=where,
            )
            error = GraphQLError(refusal.message, original_error=refusal)
            error.extensions = {"field": where}
            context.result = ExecutionResult(data=None, errors=[error])
        yield


def _nul_in(
    document: DocumentNode | None, query: str | None, variables: dict[str, Any] | None
) -> str | None:
    """The argument (dotted path) holding a NUL, or None. The cheap checks come first: the
    document is walked only when its text could hold one, variables only when their JSON does."""
    arguments = _Arguments()
    walked = False
    if document is not None and (query is None or NUL in query or "\\u" in query):
        visit(document, arguments)
        walked = True
        if arguments.literal is not None:
            return arguments.literal
    if variables and _may_hold_nul(variables):
        if not walked and document is not None:
            visit(document, arguments)
        for name, value in variables.items():
            inner = _path_of_nul(value)
            if inner is not None:
                return arguments.variables.get(name, f"${name}") + inner
    return None


def _may_hold_nul(variables: dict[str, Any]) -> bool:
    try:
        return b"\\u0000" in orjson.dumps(variables)
    except TypeError:  # not plain JSON (a direct schema call): look at everything
        return True


def _path_of_nul(value: object) -> str | None:
    """Where in a variable's value a NUL is ('' for the value itself, `.key`, `[3]`…)."""
    if isinstance(value, str):
        return "" if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                return f".{key!s}".replace(NUL, "\\u0000")
            inner = _path_of_nul(item)
            if inner is not None:
                return f".{key}{inner}"
    if isinstance(value, list):
        for index, item in enumerate(value):
            inner = _path_of_nul(item)
            if inner is not None:
                return f"[{index}]{inner}"
    return None


class _Arguments(Visitor):
    """Collects, over every argument of the document: the first literal string with a NUL, and
    which argument (path) each variable stands for."""

    def __init__(self) -> None:
        super().__init__()
        self.literal: str | None = None
        self.variables: dict[str, str] = {}

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self._look(node.name.value, node.value)

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: object) -> None:
        if node.default_value is not None:
            self._look(f"${node.variable.name.value}", node.default_value)

    def _look(self, name: str, value_node: ValueNode) -> None:
        for path, value in _values(name, value_node):
            if isinstance(value, VariableNode):
                self.variables.setdefault(value.name.value, path)
            elif self.literal is None and NUL in value.value:
                self.literal = path


def _values(path: str, node: ValueNode) -> Iterator[tuple[str, VariableNode | StringValueNode]]:
    if isinstance(node, VariableNode | StringValueNode):
        yield path, node
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _values(f"{path}.{field.name.value}", field.value)
    elif isinstance(node, ListValueNode):
        for index, item in enumerate(node.values):
            yield from _values(f"{path}[{index}]", item)
