"""Request ids: one per HTTP request, returned as X-Request-ID and put on every log line,
with the tenant and user the request is for (text, or JSON lines with `JIXIAO_LOG_FORMAT=json`)."""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
import time

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# The peer's address as the server saw it (behind a proxy, the server's proxy headers set it).
client_address_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_address", default=None
)
# Who the request is for, once authenticated: the tenant's code and the username (or token).
tenant_var: contextvars.ContextVar[str] = contextvars.ContextVar("log_tenant", default="-")
user_var: contextvars.ContextVar[str] = contextvars.ContextVar("log_user", default="-")
_SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id() -> str:
    return secrets.token_hex(8)


class RequestIdMiddleware:
    """Pure ASGI middleware: accept a sane incoming X-Request-ID or make one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE.match(incoming) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        client = scope.get("client")
        address_token = client_address_var.set(str(client[0])[:64] if client else None)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            client_address_var.reset(address_token)
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id`, `tenant` and `user` to log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.tenant = tenant_var.get()
        record.user = user_var.get()
        return True


def bind_party(tenant: str | None, user: str | None) -> None:
    """Who the request is for, on every later log line of it (set once authenticated)."""
    tenant_var.set(tenant or "-")
    user_var.set(user or "-")


def log_context() -> dict[str, str]:
    """The request's log context, for a job it queues to carry (`workers/observe.py`)."""
    return {"request_id": request_id_var.get(), "tenant": tenant_var.get(), "user": user_var.get()}


def restore_log_context(
    carried: dict[str, str],
) -> list[tuple[contextvars.ContextVar[str], contextvars.Token[str]]]:
    """Put a carried context back (a worker running the job); returns what resets it."""
    return [
        (var, var.set(str(carried.get(key) or "-")[:64]))
        for key, var in (("request_id", request_id_var), ("tenant", tenant_var), ("user", user_var))
    ]


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, tenant, user, and
    the exception's traceback when there is one (`JIXIAO_LOG_FORMAT=json`)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "tenant": getattr(record, "tenant", "-"),
            "user": getattr(record, "user", "-"),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line).decode()


JsonFormatter.converter = time.gmtime


def configure_logging(level: int = logging.INFO, json_lines: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else logging.Formatter(
            "%(asctime)s %(levelname)s [%(request_id)s %(tenant)s %(user)s] %(name)s: %(message)s"
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
