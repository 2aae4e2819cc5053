"""A synchronous HTTP client that runs the ASGI app in the test's own thread.

Starlette's TestClient, used without its context manager, starts a thread with a new event loop
for every request: 2 to 3.5 ms more a request than awaiting the app (measured here), and the
suite sends tens of thousands (the operator's isolation walk alone 7,000). This client keeps one event loop
per thread and awaits the app on it, as one uvicorn process does. It runs no lifespan: a test's
database fixture brings its own broker and worker, as with TestClient used that way.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from asyncio import base_events
from collections.abc import AsyncIterator, Coroutine, Iterable
from typing import Any, TypeVar

import httpx2 as httpx
from starlette.types import ASGIApp

T = TypeVar("T")
_LOCAL = threading.local()
_BACKGROUND: list[asyncio.AbstractEventLoop] = []
_BACKGROUND_LOCK = threading.Lock()


class _Loop:
    """A thread's event loop, with one task that lives as long as the loop: anyio's root task.

    anyio keeps the worker threads of `to_thread` until the root task of their loop ends, and
    takes for root the task started by `run_until_complete`. Awaited with `run_until_complete`,
    each request was a root task of its own, and every `to_thread` call of the app (the
    credential check, the resolver's database work, the audit of a refusal) started a thread
    and ended it with the request: three a request in the isolation walk, each start waiting for
    the new thread to be scheduled on a busy machine. As under uvicorn, whose main task outlives
    the requests, the workers now last and are reused; `close_loops` ends them at the end of the
    session.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.root = self.loop.create_task(asyncio.Event().wait(), name="asgi-root")
        # What anyio looks for (asyncio's own callback of run_until_complete; were that to
        # change, the workers would again end with each request, which costs time only).
        self.root.add_done_callback(base_events._run_until_complete_cb)  # type: ignore[attr-defined]

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        task = self.loop.create_task(coroutine)  # a context of its own, as before
        done = self.loop.create_future()  # awaited instead of the task, which is no root then
        task.add_done_callback(lambda _: done.done() or done.set_result(None))
        self.loop.run_until_complete(done)
        return task.result()

    def close(self) -> None:
        self.root.cancel()  # its workers are told to stop
        with contextlib.suppress(asyncio.CancelledError, RuntimeError):
            self.loop.run_until_complete(self.root)
        self.loop.close()


_LOOPS: list[_Loop] = []


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Awaits on this thread's loop (one per thread, for the life of the test process), or on
    a background loop where this thread already runs one: Playwright's sync API leaves its
    loop marked as running in the main thread once a browser test has started, and
    `asyncio.run` then refuses (a test's instead of `asyncio.run`)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        own: _Loop | None = getattr(_LOCAL, "loop", None)
        if own is None or own.loop.is_closed():
            own = _LOCAL.loop = _Loop()
            _LOOPS.append(own)
        return own.run(coroutine)
    return asyncio.run_coroutine_threadsafe(coroutine, _background()).result()


def close_loops() -> None:
    """Ends the threads' loops and the anyio workers they kept (at the end of the session)."""
    while _LOOPS:
        _LOOPS.pop().close()


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
