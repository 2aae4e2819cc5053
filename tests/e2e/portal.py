"""What a person does in the portal, in a few steps: sign in, change the one-time password, read the menu."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from jixiao.demo import DEMO_PASSWORD, DEMO_TENANT
from jixiao.identity import totp

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# No CSS transition or animation in the pages the tests drive: Playwright waits for what it
# clicks to stand still, and Element Plus fades every dialog, drawer, menu and message in and
# out. Alone, four of the longest browser tests took 72.5 s of calls with them and 52.2 s
# without (test_cycle 30.8 -> 20.6 s). Screenshots were taken without them already.
_STILL = """
addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent =
    '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.appendChild(style);
});
"""


def new_context(
    browser: Browser, *, viewport: ViewportSize = DESKTOP, **options: Any
) -> BrowserContext:
    """A browser context as a person's (zh-CN, a desktop window unless told), pages still."""
    context = browser.new_context(locale="zh-CN", viewport=viewport, **options)
    context.add_init_script(_STILL)
    return context


# Meets the administrators' policy (12+ characters, 3 classes) and contains no demo username.
NEW_PASSWORD = "Lumen-Orchard-2031!"


def sign_in(
    page: Page, base_url: str, username: str, password: str, tenant: str = DEMO_TENANT
) -> None:
    """Fill the sign-in form and press Enter in the password field."""
    if not re.search(r"/login(\?|$)", page.url):
        page.goto(base_url + "/login")
    tenant_input = page.get_by_test_id("login-tenant")
    expect(tenant_input).to_be_visible()
    tenant_input.fill(tenant)
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-password").press("Enter")


def change_password(page: Page, current: str, new: str = NEW_PASSWORD) -> None:
    """On the password page: fill the three fields and submit."""
    page.get_by_test_id("password-current").fill(current)
    page.get_by_test_id("password-new").fill(new)
    page.get_by_test_id("password-repeat").fill(new)
    page.get_by_test_id("password-submit").click()


def first_sign_in(page: Page, base_url: str, username: str) -> str | None:
    """A demo user's first sign-in: the one-time password, then the forced change, then (for
    the three administrators and operators) the authenticator, then home. The authenticator's
    secret, when one was set up."""
    sign_in(page, base_url, username, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/password"))
    expect(page.get_by_test_id("password-forced")).to_be_visible()
    change_password(page, DEMO_PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/account/password|/login"))
    secret = None
    # Either the shell or, for those who must use two-step verification, its enrolment page.
    home_or_enrol = page.get_by_test_id("user-menu").or_(page.get_by_test_id("two-factor-forced"))
    expect(home_or_enrol.first).to_be_visible()
    if page.get_by_test_id("two-factor-forced").is_visible():
        secret = enrol_authenticator(page)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    return secret


def enrol_authenticator(page: Page) -> str:
    """On the enrolment form: read the secret as shown, type the code it gives now, keep the
    recovery codes, go on. The secret, for later codes."""
    shown = page.get_by_test_id("two-factor-secret")
    expect(shown).to_have_text(re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"))
    secret = shown.inner_text().replace(" ", "")
    page.get_by_test_id("two-factor-code").fill(authenticator_code(secret))
    page.get_by_test_id("two-factor-confirm").click()
    expect(page.get_by_test_id("two-factor-recovery").locator("li")).to_have_count(10)
    page.get_by_test_id("two-factor-saved").click()
    return secret


def authenticator_code(secret: str, *, later: int = 0) -> str:
    """What an authenticator app shows now (or `later` steps of 30 s from now)."""
    return totp.code_at(secret, totp.step_at() + later)


def enter_code(page: Page, code: str) -> None:
    """The second step of signing in."""
    field = page.get_by_test_id("login-code")
    expect(field).to_be_visible()
    field.fill(code)
    page.get_by_test_id("login-code-submit").click()


def menu_pages(page: Page) -> list[str]:
    """The titles of the pages in the side menu, top to bottom (groups open)."""
    items = page.locator(".side-menu .el-menu-item")
    expect(items.first).to_be_visible()
    return [text.strip() for text in items.all_inner_texts()]


def menu_groups(page: Page) -> list[str]:
    expect(page.locator(".side-menu .el-menu-item").first).to_be_visible()
    return [
        text.strip() for text in page.locator(".side-menu .el-sub-menu__title").all_inner_texts()
    ]


def sign_out(page: Page) -> None:
    """Sign out from the header's menu, and wait for the sign-in form: only then has the server
    answered. A navigation made before (as `sign_in` makes) cancelled the request under load,
    the session stayed open, and the sign-in page sent the still signed-in user home."""
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("menu-sign-out").click()
    expect(page.get_by_test_id("login-username")).to_be_visible()  # an operator's has no tenant


def full_screenshot(page: Page, path: Path) -> None:
    """The whole page: the portal scrolls inside its main area, so the window grows to fit it."""
    viewport = page.viewport_size or {"width": 1280, "height": 800}
    height = page.evaluate(
        """() => {
          const main = document.querySelector('.app-main');
          const below = main ? main.getBoundingClientRect().top + main.scrollHeight : 0;
          return Math.ceil(Math.max(document.documentElement.scrollHeight, below));
        }"""
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    try:
        # Charts follow the new size once their resize observer's throttle (100 ms) lets them:
        # only a page with an ECharts instance waits (most have none; 82 screenshots waited).
        if page.locator("[_echarts_instance_]").count():
            page.wait_for_timeout(300)
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(viewport)


def rows(table: Locator) -> Locator:
    """The data rows of an Element Plus table."""
    return table.locator("tbody tr.el-table__row")


def row_of(table: Locator, *texts: str) -> Locator:
    """The one row of the table holding every text."""
    row = rows(table)
    for text in texts:
        row = row.filter(has_text=text)
    expect(row).to_have_count(1)
    return row


def leave(page: Page) -> None:
    """Sign out and wait for the sign-in page (the next user signs in there)."""
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("login-tenant")).to_be_visible()


def confirm(page: Page) -> None:
    """Accept the open confirmation box."""
    page.locator(".el-message-box").get_by_role("button", name="确定").click()
