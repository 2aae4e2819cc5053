"""Security headers on every HTTP response: the portal, GraphQL, files, refusals alike.

- No framing anywhere (`X-Frame-Options: DENY` for old browsers, CSP `frame-ancestors 'none'`
  for the rest): the portal's buttons cannot be clicked through someone else's page.
- The portal's pages get a CSP without inline script (the built index.html loads only its own
  module scripts); inline *styles* stay allowed because Element Plus and ECharts set style
  attributes. Every other answer (JSON, files) may load nothing at all.
- GraphiQL, outside production only, is one HTML page with inline script from strawberry:
  it keeps only the no-framing rule.
- A 304 gets no CSP: the browser merges its headers into the cached answer, which has the
  right one (a page reload revalidates index.html; a data CSP there would block the portal).
- `Strict-Transport-Security` only when a max-age is configured: only the operator knows that
  the browser reaches us over TLS (a proxy in front of us may terminate it).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PORTAL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DATA_CSP = "default-src 'none'; frame-ancestors 'none'"
GRAPHIQL_CSP = "frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    """Pure ASGI middleware: adds the headers a response has not set itself."""

    def __init__(
        self, app: ASGIApp, *, hsts_max_age: int = 0, graphiql_path: str | None = None
    ) -> None:
        self.app = app
        self.graphiql_path = graphiql_path
        self.fixed: list[tuple[bytes, bytes]] = [
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts_max_age > 0:
            self.fixed.append(
                (b"strict-transport-security", f"max-age={hsts_max_age}".encode("latin-1"))
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in self.fixed if name not in present]
                if b"content-security-policy" not in present and message["status"] != 304:
                    headers.append((b"content-security-policy", self._csp(scope, headers)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _csp(self, scope: Scope, headers: list[tuple[bytes, bytes]]) -> bytes:
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if not content_type.lower().startswith(b"text/html"):
            return DATA_CSP.encode()
        path = scope.get("path", "")
        if path == self.graphiql_path:
            return GRAPHIQL_CSP.encode()
        if path.startswith(("/graphql", "/files/")):  # never the portal's: nothing may run
            return DATA_CSP.encode()
        return PORTAL_CSP.encode()
