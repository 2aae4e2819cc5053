"""CSRF protection for cookie-authenticated requests (double-submit token).

A random `jixiao_csrf` cookie (readable by the portal's script) is set on responses that lack
it; every POST that carries the session cookie must repeat it in the `X-CSRF-Token` header.
Requests authenticated by an API token (`Authorization: Bearer`) carry no ambient credential
and are exempt.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.platform.auth import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_ok(cookies: dict[str, str], header: str | None) -> bool:
    """Whether the header repeats the CSRF cookie (constant-time)."""
    expected = cookies.get(CSRF_COOKIE)
    return bool(expected and header and hmac.compare_digest(expected, header))


class CSRFMiddleware:
    """Pure ASGI middleware: refuse cookie-authenticated unsafe requests without the token."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        bearer = headers.get("authorization", "").lower().startswith("bearer ")
        if (
            scope["method"] in UNSAFE
            and SESSION_COOKIE in cookies
            and not bearer
            and not csrf_ok(cookies, headers.get(CSRF_HEADER))
        ):
            # A browser without the cookie gets one with the refusal, so it can retry.
            await _refuse(send, None if CSRF_COOKIE in cookies else self._new_cookie())
            return
        set_cookie = None if CSRF_COOKIE in cookies else self._new_cookie()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and set_cookie:
                message.setdefault("headers", []).append((b"set-cookie", set_cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _new_cookie(self) -> str:
        secure = "; Secure" if self.secure else ""
        return f"{CSRF_COOKIE}={secrets.token_urlsafe(24)}; Path=/; SameSite=Strict{secure}"


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


async def _refuse(send: Send, set_cookie: str | None) -> None:
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": "请求缺少有效的 CSRF 令牌，请刷新页面后重试 (CSRF token missing)",
                    "extensions": {"code": "CSRF"},
                }
            ]
        }
    )
    headers = [(b"set-cookie", set_cookie.encode())] if set_cookie else []
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                *headers,
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
