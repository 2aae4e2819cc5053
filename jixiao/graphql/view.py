"""The Starlette-mounted GraphQL endpoint: context, orjson, request ids on errors."""

from __future__ import annotations

import logging
import re
from typing import Any

import orjson
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from jixiao.graphql.answering import Answering
from jixiao.graphql.context import Context
from jixiao.graphql.extensions import INTERNAL_MESSAGE, error_code
from jixiao.graphql.schema import build_schema
from jixiao.platform.auth import (
    SESSION_COOKIE,
    AuthenticationRefused,
    Authenticator,
    Subject,
    request_cookies,
)
from jixiao.platform.bodylimit import BodyTooLarge, read_body, refuse_too_large, replay
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.ratelimit import Limiter, Verdict
from jixiao.platform.requestid import bind_party, request_id_var
from jixiao.policies.permissions import SCHEME_WRITE

log = logging.getLogger(__name__)
# graphql-core adds its guesses to a message ("… Did you mean 'unitScores'?"): in production
# that hands schema names to whoever probes with typos, introspection being off. The guesses
# are quoted names, never holding a "?".
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class GraphQLView(GraphQL[Context, None]):
    """POST-only GraphQL (no queries over GET), GraphiQL outside production only."""

    def __init__(self, settings: Settings, database: Database) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
        )
        self.settings = settings
        self.database = database

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            database=self.database,
            subject=request.state.subject,
            request_id=request_id_var.get(),
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        errors: list[dict[str, Any]] = response.get("errors") or []  # type: ignore[assignment]
        request_id = request_id_var.get()
        for formatted, error in zip(errors, result.errors or [], strict=False):
            if self.settings.is_production and isinstance(formatted.get("message"), str):
                formatted["message"] = _SUGGESTION.sub("", formatted["message"])
            extensions = formatted.setdefault("extensions", {})
            extensions["requestId"] = request_id
            if formatted.get("message") == INTERNAL_MESSAGE:
                extensions.setdefault("code", "INTERNAL")
            elif code := error_code(error):
                extensions.setdefault("code", code)
        if errors:  # counted by the metrics (platform/metrics.py)
            request.scope.setdefault("state", {})["error_codes"] = [
                str((e.get("extensions") or {}).get("code", "UNKNOWN")) for e in errors
            ]
        return response


class AuthenticatedEndpoint:
    """Resolves the subject before GraphQL runs; refused credentials get a 401, not a guess.

    Then reads the body within the subject's limit (413 past it) before strawberry sees it:
    only those who may import schemes send whole data files. Persisted queries and result
    answers the cache holds are served by `answering` (jixiao/graphql/answering.py).
    """

    def __init__(
        self,
        view: GraphQLView,
        authenticate: Authenticator,
        limiter: Limiter | None = None,
        answering: Answering | None = None,
    ) -> None:
        self.view = view
        self.authenticate = authenticate
        self.limiter = limiter
        self.answering = answering  # persisted queries and cached result answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        settings = self.view.settings
        address = connection.client.host if connection.client else "-"
        limited = await self.refusal(f"addr:{address}", settings.rate_limit_address_per_minute)
        if limited is not None:
            await limited(scope, receive, send)
            return
        try:
            subject = await self.authenticate(connection)
        except AuthenticationRefused as refused:
            body = {"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]}
            response = JSONResponse(body, status_code=refused.status)
            # A 401 lets the browser sign in afresh; a 403 (an operator's support grant ended)
            # refuses this request only.
            if refused.status == 401 and SESSION_COOKIE in request_cookies(connection):
                response.delete_cookie(SESSION_COOKIE, path="/")
            await response(scope, receive, send)
            return
        if subject.authenticated:
            party = f"{subject.kind}:{subject.tenant_id}:{subject.user_id}"
            limited, standing = await self.party_limits(subject, party)
            if limited is not None:
                await limited(scope, receive, send)
                return
            if standing:
                send = _with_headers(send, standing)
        scope.setdefault("state", {})["subject"] = subject
        bind_party(
            subject.tenant.code if subject.tenant else None,
            subject.username or (str(subject.user_id) if subject.user_id else None),
        )
        answering = self.answering
        if scope["method"] == "POST":
            limit = self.body_limit(subject)
            try:
                received = await read_body(scope, receive, limit)
            except BodyTooLarge:
                await refuse_too_large(send, limit)
                return
            if answering and await answering.handle(
                scope, receive, send, subject, received, self.view
            ):
                scope["state"].setdefault("operation", "cached")
                return
            receive = replay(received, receive)
        elif (
            scope["method"] == "GET"
            and answering
            and await answering.handle(scope, receive, send, subject, None, self.view)
        ):
            scope["state"].setdefault("operation", "cached")
            return
        await self.view(scope, receive, send)

    async def party_limits(
        self, subject: Subject, party: str
    ) -> tuple[Response | None, list[tuple[bytes, bytes]]]:
        """The party's own limit, then its tenant's: a 429 past either; else the headers of
        the tighter one, for the answer."""
        settings = self.view.settings
        if self.limiter is None:
            return None, []
        checks = [(party, settings.rate_limit_per_minute, "")]
        if subject.tenant_id is not None:
            checks.append(
                (f"tenant:{subject.tenant_id}", settings.rate_limit_tenant_per_minute, "本单位")
            )
        tightest = None
        for key, limit, whose in checks:
            if limit <= 0:
                continue
            verdict = await self.limiter.hit(key, limit)
            if not verdict.allowed:
                return _too_many(verdict, whose), []
            if tightest is None or verdict.remaining < tightest.remaining:
                tightest = verdict
        return None, tightest.headers() if tightest else []

    async def refusal(self, key: str, limit: int) -> Response | None:
        """Count the request against `key`; past the limit, a 429 with Retry-After."""
        if self.limiter is None or limit <= 0:
            return None
        verdict = await self.limiter.hit(key, limit)
        if verdict.allowed:
            return None
        return _too_many(verdict, "")

    def body_limit(self, subject: Subject) -> int:
        settings = self.view.settings
        if subject.can(SCHEME_WRITE.code):
            return max(settings.graphql_import_max_body_bytes, settings.graphql_max_body_bytes)
        return settings.graphql_max_body_bytes


def _too_many(verdict: Verdict, whose: str) -> Response:
    """429 with Retry-After; `whose` names a shared limit (the tenant's) in the message."""
    message = f"{whose}请求过于频繁，请 {verdict.retry_after_s} 秒后再试"
    body = {"errors": [{"message": message, "extensions": {"code": "RATE_LIMITED"}}]}
    headers = {"Retry-After": str(verdict.retry_after_s)}
    headers.update({k.decode(): v.decode() for k, v in verdict.headers()})
    return JSONResponse(body, status_code=429, headers=headers)


def _with_headers(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            message["headers"] = [*message["headers"], *headers]
        await send(message)

    return sending
