"""How /graphql serves persisted queries and cached result answers (see `answers`).

`Answering.handle` looks at a request after authentication and rate limits: it answers from
the cache, with 304, or with PERSISTED_QUERY_NOT_FOUND itself, or runs the GraphQL view on a
request it rewrote (a persisted hash filled in, a GET turned into the POST strawberry reads),
keeping a cacheable answer. Requests that are none of these return None untouched.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any
from urllib.parse import parse_qs

import anyio
import orjson
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jixiao.audit.service import AUDIT_HEAD, chain_head
from jixiao.graphql.answers import NOT_FOUND, Answers, Document, Documents, answer_key
from jixiao.platform.auth import Subject
from jixiao.platform.bodylimit import replay
from jixiao.platform.db import Database

JSON = "application/json"
# A result read is a few hundred bytes of query; a larger POST body goes on untouched.
QUERY_BYTES = 64 * 1024
# A document, the payload strawberry reads, and whether the payload was filled in here (a
# persisted hash without its query, or a GET).
Request = tuple[Document, dict[str, Any], bool]
# A cached answer depends on who asks: browsers may keep it and must revalidate; shared proxies
# must not keep it at all.
PRIVATE = {"Cache-Control": "private, no-cache", "Vary": "Cookie, Authorization"}


class Answering:
    """Persisted queries and the answer cache of one app (one per process)."""

    def __init__(self, database: Database, max_bytes: int) -> None:
        self.database = database
        self.documents = Documents()
        self.answers = Answers(max_bytes)

    async def handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        subject: Subject,
        body: bytes | None,
        view: ASGIApp,
    ) -> bool:
        """Serve the request if it is a persisted query or a cacheable result read; False: the
        caller passes it on as it is (with `body` replayed)."""
        if body is None:
            request = self._from_get(scope)
        elif len(body) > QUERY_BYTES:
            return False  # a data file on its way to an import, never a result read
        else:
            request = self._from_post(body)
        if request is None:
            return False
        if isinstance(request, Response):
            await request(scope, receive, send)
            return True
        document, payload, filled = request
        operation = payload.get("operationName")
        # An operator's read under a support grant is never answered from the cache: each one
        # runs, and is logged in the tenant's audit chain (graphql/support/reads.py).
        cached = (
            subject.tenant_id is not None and subject.support is None and document.cached(operation)
        )
        if body is not None and not filled and not cached:
            return False
        if body is None and not document.is_query(operation):
            refused = _error(405, "GET 只能用于查询（query），变更（mutation）请用 POST", "METHOD")
            await refused(scope, receive, send)
            return True
        rewritten = orjson.dumps(payload) if body is None or filled else body
        as_post = _as_post(scope, rewritten)
        replayed = replay(rewritten, receive)
        if not cached:
            await view(as_post, replayed, send)
            return True
        assert subject.tenant_id is not None
        read = scope.get("state", {}).get(AUDIT_HEAD)  # by the authenticator, before the answer
        head = read[1] if read and read[0] == subject.tenant_id else None
        if head is None:
            head = await self._head(subject.tenant_id)
        key = answer_key(subject, head, document, operation, payload.get("variables"))
        await self._cached(scope, as_post, replayed, send, key, view)
        return True

    def _from_post(self, body: bytes) -> Request | Response | None:
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return None
        if type(payload) is not dict:
            return None
        query = payload.get("query")
        digest = _persisted_hash(payload.get("extensions"))
        if digest is None:
            if type(query) is not str:
                return None
            document = self.documents.of_text(query)
            return None if document is None else (document, payload, False)
        if query is None:
            found = self.documents.by_hash(digest)
            if found is None:
                return _not_found()
            return found, {**payload, "query": found.text}, True
        if type(query) is not str or hashlib.sha256(query.encode()).hexdigest() != digest:
            return _error(400, "persistedQuery.sha256Hash 与 query 不符", "BAD_PERSISTED_QUERY")
        document = self.documents.of_text(query)  # persisted from now on
        return None if document is None else (document, payload, False)

    def _from_get(self, scope: Scope) -> Request | Response | None:
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "extensions" not in params:
            return None  # strawberry answers (GraphiQL, or its refusal of a GET query)
        try:
            extensions = orjson.loads(params["extensions"][0])
            variables = orjson.loads(params["variables"][0]) if "variables" in params else None
        except orjson.JSONDecodeError:
            return _error(400, "extensions 或 variables 不是有效的 JSON", "BAD_REQUEST")
        digest = _persisted_hash(extensions)
        if digest is None:
            return _error(400, "GET 请求须带 extensions.persistedQuery.sha256Hash", "BAD_REQUEST")
        document = self.documents.by_hash(digest)
        if document is None:
            return _not_found()
        payload = {"query": document.text, "variables": variables}
        if "operationName" in params:
            payload["operationName"] = params["operationName"][0]
        return document, payload, True

    async def _head(self, tenant_id: uuid.UUID) -> int:
        """The tenant's audit chain head: it moves with every change of the tenant's data."""

        def read() -> int:
            with self.database.session(tenant_id) as session:
                return chain_head(session)

        return await anyio.to_thread.run_sync(read)

    async def _cached(
        self, scope: Scope, as_post: Scope, receive: Receive, send: Send, key: str, view: ASGIApp
    ) -> None:
        etag = f'"{key[:40]}"'
        headers = {**PRIVATE, "ETag": etag}
        wanted = Headers(scope=scope).get("if-none-match", "")
        if etag in (tag.strip() for tag in wanted.split(",")):
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return
        body = self.answers.get(key)
        if body is not None:
            hit = Response(body, media_type=JSON, headers={**headers, "X-Jixiao-Cache": "hit"})
            await hit(scope, receive, send)
            return
        start, chunks = await _captured(view, as_post, receive)
        answer = b"".join(chunks)
        if start["status"] == 200 and b'"errors"' not in answer:
            self.answers.put(key, answer)
            extra = {**headers, "X-Jixiao-Cache": "miss"}
            start["headers"] = [
                *start["headers"],
                *((name.lower().encode(), value.encode()) for name, value in extra.items()),
            ]
        await send(start)
        await send({"type": "http.response.body", "body": answer, "more_body": False})


async def _captured(view: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, list[bytes]]:
    """The view's response start and body, held back to be sent once complete."""
    start: Message = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await view(scope, receive, keep)
    return start, chunks


def _as_post(scope: Scope, body: bytes) -> Scope:
    """The request as the POST strawberry reads: a JSON body of the given bytes."""
    headers = [
        (name, value)
        for name, value in scope.get("headers", [])
        if name not in (b"content-type", b"content-length")
    ]
    headers += [(b"content-type", JSON.encode()), (b"content-length", str(len(body)).encode())]
    return {**scope, "method": "POST", "query_string": b"", "headers": headers}


def _persisted_hash(extensions: object) -> str | None:
    if type(extensions) is not dict:
        return None
    persisted = extensions.get("persistedQuery")
    if type(persisted) is not dict:
        return None
    digest = persisted.get("sha256Hash")
    return digest if type(digest) is str else None


def _not_found() -> Response:
    """A persisted hash this server does not know: the client sends the query once (200, as
    Apollo's clients expect)."""
    return _error(200, "PersistedQueryNotFound", NOT_FOUND)


def _error(status: int, message: str, code: str) -> Response:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(body, status_code=status, media_type=JSON)
