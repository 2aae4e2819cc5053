"""What keeps an operator's support access read-only and logged.

- `refuse_support_writes` gives every root mutation a field extension that refuses an operator
  reading under a support grant, whatever the mutation's own guard (a signed-in person's own
  password, tokens, notifications… are not the operator's to change in a tenant). It runs inside
  `AuditAttempt`, so the refused attempt lands in the tenant's audit log.
- `SupportReads` records each query run under a grant (its operation and root fields) in the
  tenant's audit chain before any resolver reads: a read that cannot be logged is not made. Only
  a request of such a subject pays for it; the answer cache never serves them
  (graphql/answering.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio.to_thread
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.field_extension import (
    AsyncExtensionResolver,
    FieldExtension,
    SyncExtensionResolver,
)
from strawberry.types import Info
from strawberry.types.base import get_object_definition
from strawberry.types.graphql import OperationType

from jixiao.platform.auth import Subject
from jixiao.support.service import record_read

READ_ONLY = "运维支持为只读访问，不能进行任何修改"


def _refusal() -> StrawberryGraphQLError:
    return StrawberryGraphQLError(READ_ONLY, extensions={"code": "FORBIDDEN"})


class SupportReadOnly(FieldExtension):
    """Refuses a root mutation to a subject reading under a support grant."""

    def resolve(self, next_: SyncExtensionResolver, source: Any, info: Info, **kwargs: Any) -> Any:
        if info.context.subject.support is not None:
            raise _refusal()
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Info, **kwargs: Any
    ) -> Any:
        if info.context.subject.support is not None:
            raise _refusal()
        return await next_(source, info, **kwargs)


def refuse_support_writes(mutation_type: type) -> type:
    """Give every root field of the Mutation type the `SupportReadOnly` extension (idempotent);
    call before `audit_mutations`, whose extension must stay the outermost."""
    definition = get_object_definition(mutation_type, strict=True)
    for field in definition.fields:
        if not any(isinstance(e, SupportReadOnly) for e in field.extensions):
            field.extensions.append(SupportReadOnly())
    return mutation_type


class SupportReads(SchemaExtension):
    """Logs every query an operator runs under a support grant in the tenant's audit chain."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        subject: Subject | None = getattr(context, "subject", None)
        if (
            subject is not None
            and subject.support is not None
            and self.execution_context.operation_type is OperationType.QUERY
        ):
            await _record(context.database, subject, *self._what())
        yield

    def _what(self) -> tuple[str | None, list[str]]:
        """The operation's name and its root fields (fragments by name)."""
        document = self.execution_context.graphql_document
        name = self.execution_context.operation_name
        fields: list[str] = []
        for definition in document.definitions if document else ():
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if name is not None and (definition.name is None or definition.name.value != name):
                continue
            _root_fields(definition.selection_set, fields)
            break
        return name, fields


def _root_fields(selections: SelectionSetNode, into: list[str]) -> None:
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            into.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            _root_fields(selection.selection_set, into)
        elif isinstance(selection, FragmentSpreadNode):
            into.append(f"...{selection.name.value}")


async def _record(
    database: Any, subject: Subject, operation: str | None, fields: list[str]
) -> None:
    def write() -> None:
        with database.session(subject.tenant_id) as session:
            record_read(session, subject, operation=operation, fields=fields)
            session.commit()

    await anyio.to_thread.run_sync(write)


def support_extensions() -> list[Callable[[], SchemaExtension]]:
    """The schema extensions of support access (factories, as strawberry wants them)."""
    return [SupportReads]
