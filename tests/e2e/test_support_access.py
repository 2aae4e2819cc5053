"""Operators' support access in a real browser (issue 19 item 5).

金凤区's 安全管理员 grants the platform operator four hours of read-only access (授权运维访问);
the operator finds it under 我的运维授权, enters 金凤区 read-only and reads its units under a
banner saying so; the security admin sees those reads among the grant's 访问记录 and revokes it;
the operator's next page is refused and the portal takes it back to its grants, saying why.

The test has a server of its own: it changes the demo's data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from jixiao.demo import DEMO_PASSWORD
from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    change_password,
    enrol_authenticator,
    first_sign_in,
    full_screenshot,
    new_context,
)

pytestmark = pytest.mark.browser

REASON = "工单 2026-118：金凤区排名显示异常"


def field(page: Page, test_id: str, tag: str = "input") -> Locator:
    """The text control of a form field, whether the test id sits on it or on its wrapper."""
    return page.get_by_test_id(test_id).locator(f"xpath=descendant-or-self::{tag}").first


def test_the_security_admin_grants_the_operator_a_read_only_look_and_ends_it(
    page: Page, browser: Browser, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url

    # 金凤区's 安全管理员 grants the platform operator (username `operator`) four hours.
    first_sign_in(page, url, "secadmin")
    page.get_by_role("menuitem", name="授权运维访问").click()
    expect(page).to_have_url(re.compile(r"/system/support"))
    page.get_by_test_id("support-grant").click()
    field(page, "support-operator").fill("operator")
    field(page, "support-reason", "textarea").fill(REASON)
    page.get_by_test_id("support-grant-submit").click()
    grants = page.get_by_test_id("support-grants")
    expect(grants).to_contain_text(REASON)
    expect(page.get_by_test_id("support-status").first).to_have_text("有效")

    # The operator, in a browser of its own: 我的运维授权 → 只读进入 → 考评对象, read-only.
    context = new_context(browser)
    try:
        operator = context.new_page()
        operator.goto(url + "/login")
        operator.get_by_text("平台运营人员").click()
        operator.get_by_test_id("login-username").fill("operator")
        operator.get_by_test_id("login-password").fill(DEMO_PASSWORD)
        operator.get_by_test_id("login-password").press("Enter")
        expect(operator).to_have_url(re.compile(r"/account/password"))
        change_password(operator, DEMO_PASSWORD)
        expect(operator).to_have_url(re.compile(r"/account/second-factor"))
        enrol_authenticator(operator)
        operator.get_by_role("menuitem", name="我的运维授权").click()
        expect(operator.get_by_test_id("my-support-grants")).to_contain_text("金凤区")
        operator.get_by_test_id("support-enter").click()
        banner = operator.get_by_test_id("support-banner")
        expect(banner).to_contain_text("正在只读查看「金凤区」")
        operator.goto(url + "/setup/units")  # the tab keeps the tenant it reads across a reload
        expect(operator.get_by_text("良田镇").first).to_be_visible()
        full_screenshot(operator, artifacts / "support-read-only.png")

        # The security admin sees what was read, then revokes the grant.
        page.get_by_test_id("support-activity-open").first.click()
        activity = page.get_by_test_id("support-activity")
        expect(activity).to_contain_text("units")
        expect(activity).to_contain_text("查看")
        full_screenshot(page, artifacts / "support-activity.png")
        page.keyboard.press("Escape")
        page.get_by_test_id("support-revoke").click()
        page.locator(".el-message-box__btns .el-button--danger").click()
        expect(page.get_by_test_id("support-status").first).to_have_text("已撤销")

        # The operator's next page is refused; the portal says why and goes back to its grants.
        operator.get_by_role("menuitem", name="结果排名").click()
        expect(operator.get_by_text(re.compile("对「金凤区」的运维访问已结束"))).to_be_visible()
        expect(operator).to_have_url(re.compile(r"/operator/support"))
        expect(operator.get_by_test_id("support-banner")).to_have_count(0)
    finally:
        context.close()
