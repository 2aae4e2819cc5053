"""The public results page's endpoint (阳光考核, no account; JSON next to GraphQL).

`GET /public/results/<slug>`: the results a tenant discloses (`jixiao.public_results.page`).
The slug is the tenant's code. A tenant that is unknown, suspended, not opened by the platform
operator, or whose office has not turned its page on is answered 404, alike. The work runs in
a session of the tenant (row-level security on).

Answers are cached per process under the tenant and its audit chain head: every change that can
alter the page (a run published or superseded, a disclosure or switch changed) is audited and
moves the head in the same transaction, so an answer under a key never goes stale. A cached
answer costs the tenant's row and the head, and `If-None-Match` with its ETag is answered 304.
The answer is the same for everyone, so browsers and shared proxies may keep it but must
revalidate. Each address is throttled in the rate limiter's one-minute windows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jixiao.audit.service import chain_head
from jixiao.graphql.answers import Answers
from jixiao.platform.db import Database
from jixiao.platform.ratelimit import Limiter
from jixiao.public_results.page import public_answer
from jixiao.tenants.models import Tenant
from jixiao.tenants.service import find_tenant

PAGES_PER_MINUTE = 120  # page loads per address and tenant
CACHE_BYTES = 8 * 1024 * 1024
UNKNOWN = "该地区未开放考评结果公开页面"
SHARED = {"Cache-Control": "public, no-cache"}


@dataclass(frozen=True)
class _Found:
    key: str
    body: bytes | None  # None: the office's page is off


def public_results_routes(
    database: Database, limiter: Limiter, cache_bytes: int = CACHE_BYTES
) -> list[Route]:
    """The route the public reads; `cache_bytes` 0 keeps no answers."""
    answers = Answers(cache_bytes) if cache_bytes else None

    def tenant_of(slug: str) -> Tenant | None:
        with database.platform_session() as platform:
            tenant = find_tenant(platform, slug) if slug.isascii() else None
            if tenant is None or not tenant.is_active or not tenant.public_results:
                return None
            return tenant

    def build(tenant: Tenant, etag: str | None) -> tuple[_Found, bool]:
        """The answer of this tenant now, and whether it came from the cache."""
        with database.tenant_session(tenant.id) as session:
            head = chain_head(session)
            key = hashlib.sha256(orjson.dumps([str(tenant.id), head])).hexdigest()
            if etag is not None and etag == _etag(key):
                return _Found(key, b""), True
            cached = answers.get(key) if answers is not None else None
            if cached is not None:
                return _Found(key, cached), True
            content = public_answer(session, tenant.name)
        body = None if content is None else orjson.dumps(content)
        if body is not None and answers is not None:
            answers.put(key, body)
        return _Found(key, body), False

    async def page(request: Request) -> Response:
        slug = request.path_params["slug"]
        address = request.client.host if request.client else "-"
        verdict = await limiter.hit(f"public-results:{slug}:{address}", PAGES_PER_MINUTE)
        if not verdict.allowed:
            refused = _error("THROTTLED", f"访问过于频繁，请 {verdict.retry_after_s} 秒后再试", 429)
            refused.headers["Retry-After"] = str(verdict.retry_after_s)
            return refused
        tenant = await run_in_threadpool(tenant_of, slug)
        if tenant is None:
            return _error("NOT_FOUND", UNKNOWN, 404)
        wanted = request.headers.get("if-none-match")
        found, hit = await run_in_threadpool(build, tenant, wanted)
        if found.body is None:
            return _error("NOT_FOUND", UNKNOWN, 404)
        headers = {**SHARED, "ETag": _etag(found.key), "X-Jixiao-Cache": "hit" if hit else "miss"}
        if found.body == b"":
            return Response(status_code=304, headers=headers)
        return Response(found.body, media_type="application/json", headers=headers)

    return [Route("/public/results/{slug}", page, methods=["GET"])]


def _etag(key: str) -> str:
    return f'"{key[:40]}"'


def _error(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": "slug"}},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )
