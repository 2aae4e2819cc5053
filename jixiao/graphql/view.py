"""The Starlette-mounted GraphQL endpoint: context, orjson, request ids on errors."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from jixiao.graphql.context import Context
from jixiao.graphql.extensions import INTERNAL_MESSAGE, error_code
from jixiao.graphql.schema import build_schema
from jixiao.platform.auth import Authenticator
from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.platform.requestid import request_id_var

log = logging.getLogger(__name__)


class GraphQLView(GraphQL[Context, None]):
    """POST-only GraphQL (no queries over GET), GraphiQL outside production only."""

    def __init__(self, settings: Settings, database: Database, authenticate: Authenticator) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=False,
            multipart_uploads_enabled=False,
        )
        self.settings = settings
        self.database = database
        self.authenticate = authenticate

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        return Context(
            request=request,
            settings=self.settings,
            database=self.database,
            subject=await self.authenticate(request),
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
            extensions = formatted.setdefault("extensions", {})
            extensions["requestId"] = request_id
            if formatted.get("message") == INTERNAL_MESSAGE:
                extensions.setdefault("code", "INTERNAL")
            elif code := error_code(error):
                extensions.setdefault("code", code)
        return response
