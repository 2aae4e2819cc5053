"""CSRF protection for cookie-authenticated requests: a token bound to the session.

The portal reads the `jixiao_csrf` cookie (readable by its script) and repeats it in the
`X-CSRF-Token` header of every POST. While the browser holds a session cookie, the only token
accepted is an HMAC of that session cookie under the app's secret: a token from another client
or another session (planted as a cookie, or copied) is refused, and it cannot be computed
without the session secret, which script never sees (HttpOnly). Before sign-in there is no
session to bind to: a random token is double-submitted (cookie = header), which sign-in itself
checks against login CSRF.

The cookie follows the session: a response that sets a new session cookie (sign-in, password
change) carries the token bound to it; one that clears the session starts a fresh random one.
Requests authenticated by an API token (`Authorization: Bearer`) carry no ambient credential
and are exempt. Cookies are read with `auth.request_cookies`, as the authenticator reads them:
a check that parsed the header differently could be skipped by a malformed cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from http.cookies import CookieError, SimpleCookie

import orjson
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.platform.auth import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, request_cookies

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
VERIFIED = "csrf_verified"  # request state: the header carried the right token


class CsrfTokens:
    """Tokens bound to a session cookie: HMAC-SHA256 under a key derived from the app secret."""

    def __init__(self, secret: str) -> None:
        self.key = hmac.new(secret.encode("utf-8"), b"jixiao csrf token", hashlib.sha256).digest()

    def bound(self, session_cookie: str) -> str:
        mac = hmac.new(self.key, session_cookie.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    def expected(self, cookies: dict[str, str]) -> str | None:
        """The token this browser must present: bound to its session, else its own cookie."""
        session = cookies.get(SESSION_COOKIE)
        return self.bound(session) if session else cookies.get(CSRF_COOKIE)

    def verify(self, cookies: dict[str, str], header: str | None) -> bool:
        expected = self.expected(cookies)
        return bool(expected and header and hmac.compare_digest(expected, header))


def csrf_verified(connection: HTTPConnection) -> bool:
    """Whether the CSRF middleware found the right token on this request (sign-in asks)."""
    return bool(connection.scope.get("state", {}).get(VERIFIED, False))


class CSRFMiddleware:
    """Pure ASGI middleware: refuse cookie-authenticated unsafe requests without the token."""

    def __init__(self, app: ASGIApp, *, secure: bool, secret: str) -> None:
        self.app = app
        self.secure = secure
        self.tokens = CsrfTokens(secret)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        cookies = request_cookies(connection)
        # The authenticator's reading of the same header: the first Authorization header.
        bearer = connection.headers.get("authorization", "").lower().startswith("bearer ")
        verified = self.tokens.verify(cookies, connection.headers.get(CSRF_HEADER))
        scope.setdefault("state", {})[VERIFIED] = verified
        held = cookies.get(CSRF_COOKIE)
        session = cookies.get(SESSION_COOKIE)
        wanted = self.tokens.bound(session) if session else held or secrets.token_urlsafe(32)
        if scope["method"] in UNSAFE and session and not bearer and not verified:
            # Hand the browser its right token with the refusal, so the portal can retry.
            await _refuse(send, None if held == wanted else self._cookie(wanted))
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                token = self._follow_session(message.get("headers", []), wanted)
                if token != held:
                    message.setdefault("headers", []).append(
                        (b"set-cookie", self._cookie(token).encode("latin-1"))
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _follow_session(self, headers: list[tuple[bytes, bytes]], wanted: str) -> str:
        """The token for the session this response leaves the browser with."""
        for name, value in headers:
            if name.lower() != b"set-cookie":
                continue
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except CookieError:
                continue
            morsel = jar.get(SESSION_COOKIE)
            if morsel is None:
                continue
            if not morsel.value or morsel["max-age"] == "0":
                return secrets.token_urlsafe(32)  # signed out: a fresh pre-session token
            return self.tokens.bound(morsel.value)  # signed in: bound to the new session
        return wanted

    def _cookie(self, token: str) -> str:
        secure = "; Secure" if self.secure else ""
        return f"{CSRF_COOKIE}={token}; Path=/; SameSite=Strict{secure}"


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
