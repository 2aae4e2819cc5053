"""Two-step verification in a real browser: an administrator sets up an authenticator at first
sign-in and then signs in with its code; a user turns it on from the account page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jixiao.demo import DEMO_PASSWORD
from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    authenticator_code,
    change_password,
    enrol_authenticator,
    enter_code,
    first_sign_in,
    menu_pages,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser


def test_an_administrator_enrols_at_first_sign_in_then_signs_in_with_the_code(
    page: Page, module_server: ModuleServer, artifacts: Path, module_user: Callable[[str], str]
) -> None:
    portal_url = module_server.url
    username = module_user("secadmin")
    secret = first_sign_in(page, portal_url, username)
    assert secret is not None

    page.goto(portal_url + "/account")
    section = page.get_by_test_id("account-two-factor")
    expect(section.get_by_test_id("two-factor-status")).to_have_text("已启用")
    expect(section).to_contain_text("必须启用")
    expect(section.get_by_test_id("two-factor-recovery-left")).to_contain_text("10")
    expect(section.get_by_test_id("two-factor-disable")).to_have_count(0)
    page.screenshot(path=artifacts / "account-two-factor.png", full_page=True)

    sign_out(page)
    sign_in(page, portal_url, username, NEW_PASSWORD)
    expect(page.get_by_test_id("login-second-factor")).to_contain_text("输入验证码")
    page.screenshot(path=artifacts / "login-second-factor.png", full_page=True)
    # A wrong code is refused with the reason; the right one (the next step's: this one was
    # used at enrolment) signs in.
    enter_code(page, "000000")
    expect(page.get_by_test_id("login-error")).to_contain_text("验证码不正确")
    enter_code(page, authenticator_code(secret, later=1))
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login"))


def test_a_user_turns_it_on_from_the_account_page_and_keeps_the_recovery_codes(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str]
) -> None:
    portal_url = module_server.url
    username = module_user("caizheng")
    assert first_sign_in(page, portal_url, username) is None  # optional for a finance bureau
    page.goto(portal_url + "/account")
    section = page.get_by_test_id("account-two-factor")
    expect(section.get_by_test_id("two-factor-status")).to_have_text("未启用")
    section.get_by_test_id("two-factor-enable").click()
    shown = section.get_by_test_id("two-factor-secret")
    expect(shown).to_have_text(re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$"))
    expect(section.get_by_test_id("two-factor-uri")).to_contain_text("otpauth://totp/")
    secret = shown.inner_text().replace(" ", "")
    section.get_by_test_id("two-factor-code").fill("123")
    section.get_by_test_id("two-factor-confirm").click()
    expect(section.get_by_test_id("two-factor-error")).to_contain_text("6 位")
    section.get_by_test_id("two-factor-code").fill(authenticator_code(secret))
    section.get_by_test_id("two-factor-confirm").click()
    codes = section.get_by_test_id("two-factor-recovery").locator("li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text().strip()
    section.get_by_test_id("two-factor-saved").click()
    expect(section.get_by_test_id("two-factor-status")).to_have_text("已启用")

    # A recovery code instead of the authenticator's, once.
    sign_out(page)
    sign_in(page, portal_url, username, NEW_PASSWORD)
    enter_code(page, recovery)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(portal_url + "/account")
    expect(page.get_by_test_id("two-factor-recovery-left")).to_contain_text("9")


def test_a_platform_operator_signs_in_without_a_tenant(
    page: Page, portal_url: str, demo_user: Callable[[str], str]
) -> None:
    username = demo_user("operator")
    page.goto(portal_url + "/login")
    page.get_by_text("平台运营人员").click()
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-password").press("Enter")

    expect(page).to_have_url(re.compile(r"/account/password"))
    # Operators are administrators: the stricter policy.
    expect(page.get_by_test_id("password-policy")).to_contain_text("至少 12 位")
    change_password(page, DEMO_PASSWORD)
    # and must use two-step verification, set up before anything else
    expect(page).to_have_url(re.compile(r"/account/second-factor"))
    enrol_authenticator(page)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page.get_by_test_id("tenant-name")).to_have_count(0)
    assert menu_pages(page) == ["首页", "租户管理", "我的运维授权", "方案模板", "我的账户"]

    page.goto(portal_url + "/account")
    expect(page.get_by_test_id("account-tenant")).to_have_text("平台运营")
    expect(page.get_by_test_id("account-tokens")).to_contain_text("平台运营账户不使用 API 令牌")

    # The switch is remembered with the last sign-in.
    sign_out(page)
    expect(page.get_by_test_id("login-tenant")).to_have_count(0)
