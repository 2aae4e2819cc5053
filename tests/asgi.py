"""A synchronous HTTP client that runs the ASGI app in the test's own thread.

Starlette's TestClient, used without its context manager, starts a thread with a new event loop
for every request: 2 to 3.5 ms more a request than awaiting the app (measured here), and the
suite sends tens of thousands (the operator's isolation walk alone 7,000). This client keeps one event loop
per thread and awaits the app on it, as one uvicorn process does. It runs no lifespan: a test's
database fixture brings its own broker and worker, as with TestClient used that way.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine, Iterable
from typing import Any, TypeVar

import httpx2 as httpx
from starlette.types import ASGIApp

T = TypeVar("T")
_LOCAL = threading.local()
_BACKGROUND: list[asyncio.AbstractEventLoop] = []
_BACKGROUND_LOCK = threading.Lock()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Awaits on this thread's loop (one per thread, for the life of the test process), or on
    a background loop where this thread already runs one: Playwright's sync API leaves its
    loop marked as running in the main thread once a browser test has started, and
    `asyncio.run` then refuses (a test's instead of `asyncio.run`)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop: asyncio.AbstractEventLoop | None = getattr(_LOCAL, "loop", None)
        if loop is None or loop.is_closed():
            loop = _LOCAL.loop = asyncio.new_event_loop()
        return loop.run_until_complete(coroutine)
    return asyncio.run_coroutine_threadsafe(coroutine, _background()).result()


def _background() -> asyncio.AbstractEventLoop:
    with _BACKGROUND_LOCK:
        if not _BACKGROUND:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="asgi-client", daemon=True)
            thread.session_wide = True  # type: ignore[attr-defined]  # lives as long as the process
            thread.start()
            _BACKGROUND.append(loop)
        return _BACKGROUND[0]


async def _chunks(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


class AppClient:
    """What the tests used of TestClient: `get`, `post`, `request`, `cookies` and `app`; the
    client address is the app's `request.client` (the per-address limits and sign-in logs)."""

    def __init__(self, app: ASGIApp, *, client: tuple[str, int] = ("testclient", 50000)) -> None:
        self.app = app
        self._http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=client),
            base_url="http://testserver",
            follow_redirects=True,
        )

    @property
    def cookies(self) -> httpx.Cookies:
        return self._http.cookies

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        content = kwargs.get("content")
        if isinstance(content, Iterable) and not isinstance(content, bytes | str):
            kwargs["content"] = _chunks(content)  # a body streamed without a length
        return run(self._http.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)
