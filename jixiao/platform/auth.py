"""Who is acting: the subject of a request or job, resolved by a pluggable authenticator."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from starlette.requests import HTTPConnection, cookie_parser

SESSION_COOKIE = "jixiao_session"
CSRF_COOKIE = "jixiao_csrf"
CSRF_HEADER = "x-csrf-token"


def request_cookies(connection: HTTPConnection) -> dict[str, str]:
    """The request's cookies, read the one way every part of the app reads them (the CSRF
    check, the authenticator, sign-in): every Cookie header, pair by pair, a malformed pair
    skipped rather than the whole header, the last of a repeated name winning."""
    headers = connection.headers.getlist("cookie")
    return cookie_parser("; ".join(headers)) if headers else {}


SubjectKind = Literal["anonymous", "user", "token", "operator", "system"]
Via = Literal["cookie", "token"]


@dataclass(frozen=True)
class TenantRef:
    """The tenant a subject acts in, as resolved at authentication."""

    id: uuid.UUID
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class DataScope:
    """Which units' data a subject may see and which indicators it scores, computed once per
    request (`jixiao.policies.scopes`); services filter by it, resolvers never do."""

    every_unit: bool = False
    unit_ids: frozenset[uuid.UUID] = frozenset()  # its own unit and the units in its charge
    scorer_codes: frozenset[str] = frozenset()  # how indicator trees name it among scorers

    def sees_unit(self, unit_id: uuid.UUID | None) -> bool:
        return self.every_unit or (unit_id is not None and unit_id in self.unit_ids)

    def scores(self, scorers: Iterable[str]) -> bool:
        """Whether an indicator with these scorers is one this subject scores."""
        return not self.scorer_codes.isdisjoint(scorers)


NO_SCOPE = DataScope()


@dataclass(frozen=True)
class SupportRef:
    """The support grant under which an operator reads a tenant's data (`jixiao.support`)."""

    grant_id: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class Subject:
    """The acting party: its tenant (None for platform operators) and permission codes."""

    kind: SubjectKind
    tenant: TenantRef | None = None
    user_id: uuid.UUID | None = None
    display_name: str | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    username: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    unit_id: uuid.UUID | None = None
    via: Via | None = None
    session_id: uuid.UUID | None = None
    must_change_password: bool = False
    scope: DataScope = NO_SCOPE
    must_enrol_second_factor: bool = False  # required but not set up: may only enrol
    support: SupportRef | None = None  # an operator reading a tenant under its grant: no writes

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    @property
    def tenant_id(self) -> uuid.UUID | None:
        return self.tenant.id if self.tenant else None

    def can(self, permission: str) -> bool:
        """Whether the subject holds the code, its resource's wildcard (`score:*`) or `*`."""
        resource = permission.partition(":")[0]
        return bool({permission, f"{resource}:*", "*"} & self.permissions)


ANONYMOUS = Subject(kind="anonymous")

Authenticator = Callable[[HTTPConnection], Awaitable[Subject]]


class AuthenticationRefused(Exception):
    """Credentials were presented but may not be used (e.g. the tenant is suspended)."""

    def __init__(self, code: str, message: str, *, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status  # 401 ends the browser's session; 403 refuses this request only
