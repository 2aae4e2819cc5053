"""Who is acting: the subject of a request or job, resolved by a pluggable authenticator."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from starlette.requests import HTTPConnection

SubjectKind = Literal["anonymous", "user", "token", "operator", "system"]


@dataclass(frozen=True)
class TenantRef:
    """The tenant a subject acts in, as resolved at authentication."""

    id: uuid.UUID
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class Subject:
    """The acting party: its tenant (None for platform operators) and permission codes."""

    kind: SubjectKind
    tenant: TenantRef | None = None
    user_id: uuid.UUID | None = None
    display_name: str | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def tenant_id(self) -> uuid.UUID | None:
        return self.tenant.id if self.tenant else None

    def can(self, permission: str) -> bool:
        """Whether the subject holds the permission code (or the wildcard)."""
        return permission in self.permissions or "*" in self.permissions


ANONYMOUS = Subject(kind="anonymous")

Authenticator = Callable[[HTTPConnection], Awaitable[Subject]]


async def anonymous_authenticator(_connection: HTTPConnection) -> Subject:
    """The authenticator used until sign-in exists: everyone is anonymous."""
    return ANONYMOUS
