"""Browser fixtures: the real app served by uvicorn on a free port, and Debian's chromium.

These tests need the built portal (`cd portal && npm run build`) and /usr/bin/chromium
(`apt-get install -y chromium fonts-noto-cjk`). When either is missing they fail, not skip:
a green run must mean the portal was really seen in a browser.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    sync_playwright,
)
from starlette.requests import HTTPConnection

from jixiao.app import create_app
from jixiao.platform.auth import ANONYMOUS, Subject, TenantRef
from jixiao.platform.config import Settings
from jixiao.platform.db import migrate

REPO_ROOT = Path(__file__).resolve().parents[2]
PORTAL_DIST = REPO_ROOT / "portal" / "dist"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Sign-in does not exist yet: a test signs in as this subject by setting the cookie below.
SUBJECT_COOKIE = "e2e_subject"
JINFENG_STAFF = Subject(
    kind="user",
    tenant=TenantRef(id=uuid.uuid4(), code="jinfeng", name="金凤区", level="district"),
    user_id=uuid.uuid4(),
    display_name="张考评",
    permissions=frozenset({"score:write"}),
)


async def cookie_authenticator(connection: HTTPConnection) -> Subject:
    """Anonymous, unless the browser carries the test cookie naming the Jinfeng staff member."""
    return JINFENG_STAFF if connection.cookies.get(SUBJECT_COOKIE) == "jinfeng" else ANONYMOUS


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium fonts-noto-cjk`",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def portal_dist() -> Path:
    if not (PORTAL_DIST / "index.html").exists():
        pytest.fail(
            f"{PORTAL_DIST / 'index.html'} is missing: build the portal with "
            "`cd portal && npm ci && npm run build`",
            pytrace=False,
        )
    return PORTAL_DIST


@pytest.fixture(scope="session")
def portal_url(portal_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the real app (GraphQL + portal) on a free local port, SQLite in a temp dir."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    settings = Settings(env="test", data_dir=data_dir, portal_dir=portal_dist)
    migrate(settings)
    app = create_app(settings, authenticate=cookie_authenticator)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start (see the log above)", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: Path) -> Iterator[Browser]:
    """Debian's chromium, headless, with a fresh temporary profile."""
    browser = playwright_instance.chromium.launch(
        executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any script error or failed request."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    def on_request_failed(request: Request) -> None:
        # A navigation may cancel requests still in flight: that is not a fault of the page.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("requestfailed", on_request_failed)
    yield page
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
