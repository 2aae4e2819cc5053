"""Result reads in a real browser go by persisted GET, and the browser revalidates them (304).

The portal sends a query whose every root is a cached result read (portal/src/api/client.ts
CACHED_ROOTS) as GET /graphql with the query's sha256; the server's answer carries an ETag and
`Cache-Control: private, no-cache`, so the next read of the same rankings asks with
If-None-Match, the server answers 304, and the browser reuses the answer it holds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in

pytestmark = pytest.mark.browser


@dataclass
class Read:
    method: str
    status: int  # as the page sees it: a revalidated answer is the 200 the browser holds
    request_id: str | None
    etag: str | None
    if_none_match: str | None


def test_the_rankings_are_read_by_get_and_revalidated_with_304(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str]
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("leader"))

    # Chromium hands the page (and Playwright's response.status) a revalidated answer as the
    # 200 it holds; the status the server sent is in the DevTools protocol's extra info.
    wire: dict[str, int] = {}
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def on_extra_info(event: dict[str, Any]) -> None:
        wire[event["requestId"]] = event["statusCode"]

    cdp.on("Network.responseReceivedExtraInfo", on_extra_info)
    ids: dict[str, str] = {}

    def on_sent(event: dict[str, Any]) -> None:
        ids[event["request"]["url"] + " " + event["request"]["method"]] = event["requestId"]

    cdp.on("Network.requestWillBeSent", on_sent)

    reads: list[Read] = []
    others: list[tuple[str, int]] = []

    def on_response(response: Response) -> None:
        parts = urlsplit(response.url)
        if parts.path != "/graphql":
            return
        request = response.request
        if request.method == "GET":
            name = parse_qs(parts.query).get("operationName", [None])[0]
        else:
            name = json.loads(request.post_data or "{}").get("operationName")
        if name != "Rankings":
            others.append((request.method, response.status))
            return
        headers = response.all_headers()
        request_id = ids.get(response.url + " " + request.method)
        reads.append(
            Read(
                method=request.method,
                status=response.status,
                request_id=request_id,
                etag=headers.get("etag"),
                if_none_match=request.all_headers().get("if-none-match"),
            )
        )

    page.on("response", on_response)

    def open_rankings(count: int) -> list[tuple[str, int, int | None]]:
        """The page's `count` reads of the rankings: method, status as the page saw it, status
        sent. Their events may reach this process after the rows show (a run with three test
        workers saw none): they are waited for, 10 s at most."""
        reads.clear()
        page.goto(url + "/results")
        rows = page.get_by_test_id("ranking-towns").locator("tbody tr.el-table__row")
        expect(rows).to_have_count(7)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
            len(reads) < count or any(read.request_id not in wire for read in reads)
        ):
            page.wait_for_timeout(50)  # Playwright hands this thread the events meanwhile
        return [(read.method, read.status, wire.get(read.request_id or "")) for read in reads]

    # The first read: this server has not seen the query, the portal sends it once by POST.
    assert [(method, status) for method, status, _ in open_rankings(2)] == [
        ("GET", 200),
        ("POST", 200),
    ]
    # The second: by GET, a 200 with an ETag.
    assert open_rankings(1) == [("GET", 200, 200)]
    etag = reads[0].etag
    assert etag
    # The third: the browser asks with the ETag it holds, the server answers 304, the page
    # gets the answer the browser kept.
    assert open_rankings(1) == [("GET", 200, 304)]
    assert reads[0].if_none_match == etag
    # No GET was refused; the rest of the page (viewer, schemes) answered as before.
    assert others
    assert all(status in (200, 304) for _, status in others)
