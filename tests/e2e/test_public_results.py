"""The public results page (阳光考核) in a real browser: the platform operator opens it for
金凤区, the office turns it on and discloses the published annual result with ranks and grades,
and anyone reads it on a 390 px wide phone without an account: unit names and ranks by group,
no wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from jixiao.demo import DEMO_PASSWORD
from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import (
    change_password,
    enrol_authenticator,
    first_sign_in,
    full_screenshot,
    new_context,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCHEME = "金凤区2015年绩效考评方案"


def read_on_a_phone(browser: Browser, link: str, artifacts: Path) -> list[tuple[str, str]]:
    """The (unit, rank) rows a phone-sized page of the link shows, checked to fit the screen."""
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="金凤区考评结果公开")).to_be_visible()
    expect(phone.get_by_test_id("public-results-title")).to_have_text(f"{SCHEME} · 全年")
    units = phone.get_by_test_id("public-unit")
    expect(units.first).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    phone.screenshot(path=artifacts / "public-results-phone.png")  # what the phone shows
    headers = phone.locator("thead").first.inner_text().split()
    assert headers == ["单位", "名次", "等次"], headers
    shown = [
        (row.locator("td.name").inner_text(), row.locator("td[data-column=rank]").inner_text())
        for row in units.all()
    ]
    assert phone.locator("td[data-column=total]").count() == 0  # not disclosed
    context.close()
    return shown


def test_the_public_reads_the_disclosed_ranking_on_a_phone(
    page: Page,
    browser: Browser,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
) -> None:
    url = module_server.url
    link = url + "/p/jinfeng"

    # Nobody has opened it yet: the page says so.
    context = new_context(browser, viewport=PHONE)
    closed = context.new_page()
    closed.goto(link)
    expect(closed.get_by_test_id("public-results-failure")).to_contain_text("未开放")
    context.close()

    # The platform operator opens 阳光考核 for 金凤区.
    page.goto(url + "/login")
    page.get_by_text("平台运营人员").click()
    page.get_by_test_id("login-username").fill(module_user("operator"))
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-password").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/password"))
    change_password(page, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/second-factor"))
    enrol_authenticator(page)
    page.goto(url + "/operator/tenants")
    switch = page.get_by_test_id("tenant-public-jinfeng")
    expect(switch).not_to_have_class(re.compile("is-checked"))
    switch.click()
    expect(switch).to_have_class(re.compile("is-checked"))
    page.context.clear_cookies()
    page.evaluate("window.localStorage.clear()")  # the sign-in form remembers the operator

    # The office turns its page on and shows the published annual result's ranks and grades.
    first_sign_in(page, url, module_user("office"))
    page.get_by_role("menuitem", name="阳光考核").click()
    settings = page.get_by_test_id("public-results-settings")
    expect(settings.get_by_test_id("public-results-address")).to_have_text(link)
    settings.get_by_test_id("public-results-switch").click()
    expect(settings.get_by_test_id("public-results-switch")).to_have_class(re.compile("is-checked"))
    settings.get_by_test_id("public-results-add").click()
    page.get_by_test_id("public-results-scheme").click()
    page.get_by_role("option", name=SCHEME).click()
    page.get_by_test_id("public-results-period").click()
    page.get_by_role("option", name="全年").click()
    page.get_by_test_id("public-results-save").click()
    table = settings.get_by_test_id("public-results-disclosures")
    row = table.locator("tbody tr").filter(has_text=SCHEME)
    expect(row).to_contain_text("全年")
    expect(row).to_contain_text("名次、等次")
    expect(row).not_to_contain_text("尚未正式公布")
    full_screenshot(page, artifacts / "public-results-settings.png")

    # Anyone reads it on a phone, without an account.
    shown = read_on_a_phone(browser, link, artifacts)
    names = dict(shown)
    assert "良田镇" in names, shown
    assert names["良田镇"].isdigit(), shown
    assert all(rank.isdigit() for _name, rank in shown), shown
