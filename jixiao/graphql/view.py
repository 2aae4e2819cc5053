"""The Starlette-mounted GraphQL endpoint: context, orjson, request ids on errors."""

from __future__ import annotations

import logging
import re
from typing import Any

import anyio
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
from jixiao.graphql.cost import Pricer
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
from jixiao.platform.errors import ErrorCode
from jixiao.platform.ratelimit import Limiter, Verdict, Window
from jixiao.platform.requestid import bind_party, request_id_var
from jixiao.policies.permissions import SCHEME_WRITE

log = logging.getLogger(__name__)
# graphql-core adds its guesses to a message ("… Did you mean 'unitScores'?"): in production
# that hands schema names to whoever probes with typos, introspection being off. The guesses
# are quoted names, never holding a "?".
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
# A body larger than this (an import's data file) is read for its price off the event loop.
PRICE_ON_LOOP_BYTES = 256 * 1024


class GraphQLView(GraphQL[Context, None]):
    """POST-only GraphQL (no queries over GET), GraphiQL outside production only."""

    def __init__(self, settings: Settings, database: Database) -> None:
        schema = build_schema(settings)
        self.graphql_schema = schema._schema  # what the operations are priced against
        super().__init__(
            schema,
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
    only those who may import schemes send whole data files. The operation is priced
    (graphql/cost.py) and a signed-in party's request counted against its and its tenant's
    request windows and cost budgets in one call; an operation costing more than one request
    may is refused (QUERY_TOO_COSTLY) before it runs. Persisted queries and result answers the
    cache holds are served by `answering` (jixiao/graphql/answering.py).
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
        self.pricer = Pricer(view.graphql_schema, view.settings.graphql_max_tokens)

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
        scope.setdefault("state", {})["subject"] = subject
        bind_party(
            subject.tenant.code if subject.tenant else None,
            subject.username or (str(subject.user_id) if subject.user_id else None),
        )
        received: bytes | None = None
        if scope["method"] == "POST":
            limit = self.body_limit(subject)
            try:
                received = await read_body(scope, receive, limit)
            except BodyTooLarge:
                await refuse_too_large(send, limit)
                return
        if received is not None and len(received) > PRICE_ON_LOOP_BYTES:
            cost = await anyio.to_thread.run_sync(self.price, scope, received)
        else:
            cost = self.price(scope, received)
        ceiling = self.ceiling(subject)
        if subject.authenticated:
            limited, standing = await self.party_limits(subject, cost if cost <= ceiling else 0)
            if limited is not None:
                await limited(scope, receive, send)
                return
            send = _with_headers(send, [(b"x-query-cost", str(cost).encode()), *standing])
        if cost > ceiling:
            scope["state"]["error_codes"] = [ErrorCode.QUERY_TOO_COSTLY.value]
            await _too_costly(cost, ceiling)(scope, receive, send)
            return
        answering = self.answering
        if received is not None:
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

    def price(self, scope: Scope, body: bytes | None) -> int:
        """The operation's cost (graphql/cost.py); persisted queries' texts from `answering`."""
        documents = self.answering.documents if self.answering else None

        def persisted(digest: str) -> str | None:
            found = documents.by_hash(digest) if documents else None
            return found.text if found else None

        if body is not None:
            return self.pricer.of_body(body, persisted)
        if scope["method"] == "GET":
            return self.pricer.of_query_string(scope.get("query_string", b""), persisted)
        return 0

    def ceiling(self, subject: Subject) -> int:
        """The most one request of this subject may cost: the maximum, and no more than a
        minute's budget (when there is no maximum)."""
        settings = self.view.settings
        limits = [settings.query_cost_max]
        if subject.authenticated:
            limits.append(settings.query_cost_per_minute)
            if subject.tenant_id is not None:
                limits.append(settings.query_cost_tenant_per_minute)
        return min((limit for limit in limits if limit > 0), default=2**62)

    async def party_limits(
        self, subject: Subject, cost: int
    ) -> tuple[Response | None, list[tuple[bytes, bytes]]]:
        """The party's own request window, then its tenant's, then both cost budgets, counted
        in one call: a 429 past any; else the headers of the tighter window and budget."""
        settings = self.view.settings
        if self.limiter is None:
            return None, []
        party = f"{subject.kind}:{subject.tenant_id}:{subject.user_id}"
        windows = [(party, settings.rate_limit_per_minute, "")]
        budgets = [(f"cost:{party}", settings.query_cost_per_minute, "")]
        if subject.tenant_id is not None:
            tenant = f"tenant:{subject.tenant_id}"
            windows.append((tenant, settings.rate_limit_tenant_per_minute, "本单位"))
            budgets.append((f"cost:{tenant}", settings.query_cost_tenant_per_minute, "本单位"))
        windows = [w for w in windows if w[1] > 0]
        budgets = [b for b in budgets if b[1] > 0]
        if not windows and not budgets:
            return None, []
        standing = await self.limiter.charge(_keyed(windows), _keyed(budgets), cost)
        for verdict, (_, _, whose) in zip(standing.windows, windows, strict=False):
            if not verdict.allowed:
                return _too_many(verdict, whose), []
        for verdict, (_, _, whose) in zip(standing.budgets, budgets, strict=False):
            if not verdict.allowed:
                return _too_costly_now(verdict, whose, cost), []
        return None, [
            *_tightest(standing.windows).headers(),
            *_tightest(standing.budgets).cost_headers(),
        ]

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


def _too_costly_now(verdict: Verdict, whose: str, cost: int) -> Response:
    """429 with Retry-After: the request's cost does not fit in what is left of a budget."""
    message = (
        f"{whose}查询成本超出每分钟额度：本次 {cost}，剩余 {verdict.remaining}，"
        f"请 {verdict.retry_after_s} 秒后再试"
    )
    body = {"errors": [{"message": message, "extensions": {"code": "RATE_LIMITED"}}]}
    headers = {"Retry-After": str(verdict.retry_after_s), "X-Query-Cost": str(cost)}
    headers.update({k.decode(): v.decode() for k, v in verdict.cost_headers()})
    return JSONResponse(body, status_code=429, headers=headers)


def _too_costly(cost: int, maximum: int) -> Response:
    """The operation asks for more than one request may: refused before it runs."""
    message = (
        f"查询成本 {cost} 超过单次上限 {maximum}：请减小 first（每页条数）、少选列表中的字段，"
        f"或分成几次查询 (query cost {cost} exceeds the maximum {maximum})"
    )
    extensions = {
        "code": ErrorCode.QUERY_TOO_COSTLY.value,
        "cost": cost,
        "maximum": maximum,
        "requestId": request_id_var.get(),
    }
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]})


def _keyed(limits: list[tuple[str, int, str]]) -> list[Window]:
    return [(key, limit) for key, limit, _ in limits]


def _tightest(verdicts: list[Verdict]) -> Verdict:
    """The verdict with the least remaining (none: an empty one, telling nothing)."""
    return min(verdicts, key=lambda v: v.remaining, default=Verdict(True))


def _with_headers(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            message["headers"] = [*message["headers"], *headers]
        await send(message)

    return sending
