"""`/docs`: the API reference (HTML, from the committed SDL) and `/docs/guide` (Markdown).

Public, as the reference only describes what the API offers (the same text as docs/api/); built
once per process, on the first request.
"""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from jixiao.graphql.reference import GUIDE_PATH, reference_html, reference_markdown


@cache
def _page() -> str:
    return reference_html(reference_markdown())


async def reference(_request: Request) -> HTMLResponse:
    return HTMLResponse(_page(), headers={"Cache-Control": "public, max-age=300"})


async def guide(_request: Request) -> PlainTextResponse:
    return PlainTextResponse(
        GUIDE_PATH.read_text("utf-8"),
        media_type="text/markdown; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


def api_docs_routes() -> list[Route]:
    return [Route("/docs", reference), Route("/docs/guide", guide)]
