"""Browser fixtures: the real app (real sign-in, demo data) served by uvicorn, and Debian's chromium.

These tests need the built portal (`cd portal && npm run build`) and /usr/bin/chromium
(`apt-get install -y chromium fonts-noto-cjk`). When either is missing they fail, not skip:
a green run must mean the portal was really seen in a browser.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    expect,
    sync_playwright,
)

from jixiao.app import create_app
from jixiao.demo import seed_demo
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, migrate
from jixiao.workers.broker import inprocess_worker, setup_broker
from tests.e2e.portal import new_context

REPO_ROOT = Path(__file__).resolve().parents[2]
PORTAL_DIST = REPO_ROOT / "portal" / "dist"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
# How long an `expect` waits for the page (Playwright's default is 5 s). On the two-core machine,
# with the attack walk, the fuzzing and the portal's type check running beside, a page's first
# answers once took longer than 5 s (the rankings and the survey dialog, still loading, failed
# a run that passes alone); a page that never shows fails all the same, 10 s later.
expect.set_options(timeout=10_000)
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
def seeded_template(portal_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of a database with the demo tenants and accounts, as `jixiao demo` seeds
    them, made once for this test process (3 s): each server gets a copy (`seeded_settings`)."""
    data_dir = tmp_path_factory.mktemp("e2e-seeded") / "data"
    settings = Settings(env="test", data_dir=data_dir, portal_dir=portal_dist)
    migrate(settings)
    database = Database(settings)
    try:
        with inprocess_worker(setup_broker(settings, database, mode="inprocess")) as drain:
            seed_demo(database)
            drain()
    finally:
        database.dispose()
    return data_dir


def seeded_settings(data_dir: Path, portal_dir: Path, template: Path) -> Settings:
    """Settings of a fresh copy of the seeded database (its files and keys with it)."""
    shutil.copytree(template, data_dir)
    return Settings(env="test", data_dir=data_dir, portal_dir=portal_dir)


@contextmanager
def serving(settings: Settings, *, session_wide: bool = False) -> Iterator[str]:
    """The real app (GraphQL with real sign-in, and the portal) on a free local port.

    A session-wide server's thread outlives the module that first asked for it: it is marked so
    that the check for threads a module leaves running (tests/conftest.py) passes it by."""
    app = create_app(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    before = set(threading.enumerate())
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start (see the log above)", pytrace=False)
        time.sleep(0.05)
    if session_wide:  # the server's thread and those its start-up made (the in-process worker)
        for started in set(threading.enumerate()) - before:
            started.session_wide = True  # type: ignore[attr-defined]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="session")
def portal_url(
    portal_dist: Path, seeded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Base URL of the real app over the seeded demo database, shared by the session's tests.

    Demo accounts change their one-time password at first sign-in, so each test signs in as
    its own demo user (see `demo_user`), or asks for a `fresh_server`.
    """
    settings = seeded_settings(
        tmp_path_factory.mktemp("e2e-data") / "data", portal_dist, seeded_template
    )
    with serving(settings, session_wide=True) as url:
        yield url


@dataclass(frozen=True)
class FreshServer:
    url: str
    settings: Settings


@pytest.fixture
def fresh_server(portal_dist: Path, seeded_template: Path, tmp_path: Path) -> Iterator[FreshServer]:
    """A server of its own over a freshly seeded database, for a test that changes shared state."""
    settings = seeded_settings(tmp_path / "data", portal_dist, seeded_template)
    with serving(settings) as url:
        yield FreshServer(url=url, settings=settings)


@dataclass
class ModuleServer:
    """A server of a test module's own, over a freshly seeded database, and who signed in there.

    For modules whose tests change appraisal data (approve a scheme, edit its indicators) or
    need demo users that tests of the shared server already took (office, leader). Its tests
    still take a demo user each (`user`): passwords change at the first sign-in.
    """

    url: str
    settings: Settings
    claimed: dict[str, str]

    def user(self, request: pytest.FixtureRequest, username: str) -> str:
        owner = self.claimed.setdefault(username, request.node.nodeid)
        if owner != request.node.nodeid:
            pytest.fail(f"demo user {username} is already used by {owner}", pytrace=False)
        return username


@pytest.fixture(scope="module")
def module_server(
    portal_dist: Path, seeded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleServer]:
    settings = seeded_settings(
        tmp_path_factory.mktemp("e2e-module") / "data", portal_dist, seeded_template
    )
    with serving(settings) as url:
        yield ModuleServer(url=url, settings=settings, claimed={})


@pytest.fixture
def module_user(
    module_server: ModuleServer, request: pytest.FixtureRequest
) -> Callable[[str], str]:
    """`module_user("office")`: a demo user of the module's server, refused if another test has it."""
    return lambda username: module_server.user(request, username)


_CLAIMED: dict[str, str] = {}


@pytest.fixture
def demo_user(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """`demo_user("office")`: the demo username, refused if another test of the session has it.

    A demo account's password changes at its first sign-in; sharing one between tests would
    make them depend on their order.
    """

    def claim(username: str) -> str:
        owner = _CLAIMED.setdefault(username, request.node.nodeid)
        if owner != request.node.nodeid:
            pytest.fail(f"demo user {username} is already used by {owner}", pytrace=False)
        return username

    return claim


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
    context = new_context(browser)
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
