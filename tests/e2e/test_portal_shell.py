"""The portal shell in a real browser, served by the real app."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.portal import first_sign_in

pytestmark = pytest.mark.browser


def test_home_greets_a_visitor_in_chinese_and_asks_them_to_sign_in(
    page: Page, portal_url: str, artifacts: Path
) -> None:
    response = page.goto(portal_url + "/")

    assert response is not None
    assert response.status == 200
    expect(page.get_by_test_id("platform-name")).to_have_text("绩效考评平台")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page).to_have_title("首页 - 绩效考评平台")
    expect(page.get_by_test_id("user-name")).to_have_text("未登录")
    expect(page.get_by_test_id("welcome-card")).to_contain_text("欢迎使用绩效考评平台")
    expect(page.get_by_test_id("sign-in-hint")).to_contain_text("您尚未登录")
    expect(page.get_by_role("menuitem", name="首页")).to_be_visible()
    page.screenshot(path=artifacts / "home-zh-CN.png", full_page=True, animations="disabled")


def test_language_switch_goes_to_english_and_back(
    page: Page, portal_url: str, artifacts: Path
) -> None:
    page.goto(portal_url + "/")
    expect(page.get_by_test_id("platform-name")).to_have_text("绩效考评平台")

    page.get_by_test_id("locale-switch").click()
    page.get_by_test_id("locale-en").click()

    expect(page.get_by_test_id("platform-name")).to_have_text("Performance Appraisal Platform")
    expect(page.get_by_test_id("user-name")).to_have_text("Not signed in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=artifacts / "home-en.png", full_page=True, animations="disabled")

    page.reload()
    expect(page.get_by_test_id("platform-name")).to_have_text("Performance Appraisal Platform")

    page.get_by_test_id("locale-switch").click()
    page.get_by_test_id("locale-zh-CN").click()
    expect(page.get_by_test_id("platform-name")).to_have_text("绩效考评平台")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_unknown_client_route_renders_the_portal_404_page(
    page: Page, portal_url: str, artifacts: Path
) -> None:
    response = page.goto(portal_url + "/no-such-page")

    assert response is not None
    assert response.status == 200
    expect(page.get_by_test_id("not-found")).to_contain_text("页面不存在")
    expect(page.get_by_test_id("platform-name")).to_have_text("绩效考评平台")
    page.screenshot(path=artifacts / "not-found.png", full_page=True, animations="disabled")

    page.get_by_role("button", name="返回首页").click()
    expect(page).to_have_url(portal_url + "/")
    expect(page.get_by_test_id("welcome-card")).to_be_visible()


def test_header_shows_the_signed_in_users_tenant(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    first_sign_in(page, portal_url, demo_user("leader"))

    page.goto(portal_url + "/")

    expect(page.get_by_test_id("tenant-name")).to_have_text("金凤区")
    expect(page.get_by_test_id("user-name")).to_have_text("考评领导小组 李组长")
    expect(page.get_by_test_id("sign-in-hint")).to_have_count(0)
    expect(page.get_by_test_id("home-roles")).to_have_text("您的角色：考评领导小组")
    page.screenshot(path=artifacts / "home-signed-in.png", full_page=True, animations="disabled")


def test_on_a_phone_the_menu_is_a_drawer(page: Page, portal_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(portal_url + "/")
    home = page.get_by_role("menuitem", name="首页")
    expect(page.get_by_test_id("platform-name")).to_be_visible()
    expect(home).to_have_count(0)

    page.get_by_test_id("menu-toggle").click()

    expect(home).to_be_visible()
    page.screenshot(path=artifacts / "phone-menu.png", animations="disabled")
    home.click()
    expect(home).to_be_hidden()


def test_on_a_desktop_the_menu_collapses_to_icons(page: Page, portal_url: str) -> None:
    page.goto(portal_url + "/")
    menu = page.locator(".side-menu")
    expect(menu).not_to_have_class(re.compile("el-menu--collapse"))

    page.get_by_test_id("menu-toggle").click()

    expect(menu).to_have_class(re.compile("el-menu--collapse"))
