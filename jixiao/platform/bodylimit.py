"""Request bodies read up to a limit: a declared or streamed body over it is refused with 413.

The limit is enforced while the body arrives, so a client that sends no Content-Length
(chunked, or lying) is cut off at the limit too, and nothing past it is kept in memory.
"""

from __future__ import annotations

import orjson
from starlette.types import Message, Receive, Scope, Send

MIB = 1024 * 1024


class BodyTooLarge(Exception):
    """The body is over the limit (declared or as received)."""


async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    """The whole request body, or BodyTooLarge as soon as it is known to exceed `limit`."""
    declared = dict(scope["headers"]).get(b"content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the real channel (so the
    app still hears a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def refuse_too_large(send: Send, limit: int) -> None:
    """413 with a GraphQL-shaped error that says the limit."""
    shown = f"{limit / MIB:g} MiB" if limit >= MIB else f"{limit} 字节"
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": f"请求体过大，上限为 {shown} (request body too large)",
                    "extensions": {"code": "TOO_LARGE", "limitBytes": limit},
                }
            ]
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
