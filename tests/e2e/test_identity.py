"""Signing in for real: the demo accounts, the forced password change, menus by role, sign-out."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jixiao.demo import DEMO_PASSWORD
from jixiao.platform.changes import LOCAL_TRUST
from jixiao.platform.db import Database
from jixiao.tenants.models import TenantStatus
from jixiao.tenants.service import set_status
from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    change_password,
    first_sign_in,
    menu_groups,
    menu_pages,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

ADMIN_PAGES = {"用户管理", "角色权限", "审计日志"}


def shot(page: Page, artifacts: Path, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=full_page, animations="disabled")


def test_the_sign_in_page_remembers_nothing_yet_and_explains_itself(
    page: Page, portal_url: str, artifacts: Path
) -> None:
    page.goto(portal_url + "/login")

    expect(page).to_have_title("登录 - 绩效考评平台")
    expect(page.get_by_role("heading", name="登录绩效考评平台")).to_be_visible()
    # The first field has the focus: a keyboard user starts typing at once.
    expect(page.get_by_test_id("login-tenant")).to_be_focused()
    expect(page.get_by_label("单位代码")).to_be_visible()
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码", exact=True)).to_be_visible()
    shot(page, artifacts, "login")

    # Submitting empty shows every problem at its field and sends nothing.
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_text("请输入单位代码")).to_be_visible()
    expect(page.get_by_text("请输入用户名")).to_be_visible()
    expect(page.get_by_text("请输入密码")).to_be_visible()

    # The platform operator switch takes the tenant field away.
    page.get_by_text("平台运营人员").click()
    expect(page.get_by_test_id("login-tenant")).to_have_count(0)
    shot(page, artifacts, "login-errors")


def test_the_sign_in_page_fits_a_phone(page: Page, portal_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(portal_url + "/login")
    submit = page.get_by_test_id("login-submit")
    expect(submit).to_be_visible()
    box = submit.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, artifacts, "login-phone")


def test_a_wrong_password_is_refused_inline(
    page: Page, portal_url: str, demo_user: Callable[[str], str]
) -> None:
    sign_in(page, portal_url, demo_user("caizheng"), "not-the-password")

    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("login-password")).to_have_value("")
    expect(page.get_by_test_id("login-password")).to_be_focused()


def test_office_changes_the_one_time_password_sees_its_menus_and_signs_out(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    username = demo_user("office")
    sign_in(page, portal_url, username, DEMO_PASSWORD)

    # Held on the password page: the one-time password allows nothing else.
    expect(page).to_have_url(re.compile(r"/account/password"))
    expect(page.get_by_role("heading", name="请修改初始密码")).to_be_visible()
    expect(page.get_by_test_id("password-policy")).to_contain_text("至少 8 位")
    shot(page, artifacts, "password-forced")
    page.goto(portal_url + "/account")
    expect(page).to_have_url(re.compile(r"/account/password\?redirect=/account"))

    # The server's policy speaks for itself.
    change_password(page, DEMO_PASSWORD, "12345678")
    expect(
        page.get_by_test_id("password-new").locator(
            "xpath=ancestor::*[contains(@class,'el-form-item')][1]"
        )
    ).to_contain_text("常见或有规律")
    shot(page, artifacts, "password-refused")

    change_password(page, DEMO_PASSWORD, NEW_PASSWORD)
    expect(page).to_have_url(portal_url + "/account")
    expect(page.get_by_test_id("account-username")).to_have_text("office")
    expect(page.get_by_test_id("account-roles")).to_have_text("考评办")

    page.goto(portal_url + "/")
    expect(page.get_by_test_id("greeting")).to_have_text("考评办 王主任，您好。当前单位：金凤区。")
    assert menu_pages(page) == [
        "首页",
        "任务分解",
        "进度核实",
        "赋分",
        "评价与加减分",
        "领导评价进度",
        "明查暗访与创新奖",
        "督查督办",
        "结果排名",
        "单位对比",
        "趋势与分布",
        "数据大屏",
        "结果计算与公布",
        "绩效奖金表",
        "申诉",
        "满意度测评",
        "阳光考核",
        "市级排名下发",
        "上级下发项目",
        "区县结果对比",
        "考评方案",
        "考评对象",
        "我的通知",
        "通知公告管理",
        "我的账户",
    ]
    assert menu_groups(page) == ["考评过程", "考评结果", "上下级考评", "考评设置", "通知公告"]
    assert not ADMIN_PAGES & set(menu_pages(page))
    shot(page, artifacts, "home-office")

    # An admin page by its address: 403, not the page.
    page.goto(portal_url + "/system/users")
    expect(page.get_by_test_id("forbidden")).to_contain_text("无权访问")

    sign_out(page)
    expect(page).to_have_url(portal_url + "/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    # The tenant of the last sign-in is remembered.
    expect(page.get_by_test_id("login-tenant")).to_have_value("jinfeng")

    # Signed out for real: a protected page asks to sign in again, and back after.
    page.goto(portal_url + "/account")
    expect(page).to_have_url(re.compile(r"/login\?redirect=/account"))
    sign_in(page, portal_url, username, NEW_PASSWORD)
    expect(page).to_have_url(portal_url + "/account")


def test_the_system_administrator_manages_users_and_sees_no_roles_or_audit(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    first_sign_in(page, portal_url, demo_user("admin"))
    page.goto(portal_url + "/")
    assert menu_groups(page) == ["考评设置", "系统管理"]
    assert menu_pages(page) == ["首页", "考评对象", "用户管理", "系统设置", "我的账户"]
    shot(page, artifacts, "home-admin")

    page.get_by_role("menuitem", name="用户管理").click()
    expect(page).to_have_url(portal_url + "/system/users")
    table = page.get_by_test_id("users-table")
    expect(table).to_contain_text("office")
    expect(table).to_contain_text("考评办 王主任")
    shot(page, artifacts, "users")

    # Create a user: the one-time password is shown once.
    page.get_by_test_id("user-create").click()
    page.get_by_test_id("new-username").fill("e2e-wang")
    page.get_by_test_id("new-display-name").fill("王测试")
    page.get_by_test_id("user-create-submit").click()
    secret = page.get_by_test_id("secret-value")
    expect(secret).to_have_value(re.compile(r"^\S{12,}$"))
    expect(page.get_by_test_id("secret-dialog")).to_contain_text("只显示这一次")
    shot(page, artifacts, "users-one-time-password", full_page=False)
    page.get_by_test_id("secret-done").click()
    expect(page.get_by_test_id("secret-value")).to_have_count(0)
    expect(table).to_contain_text("王测试")

    # Disable with confirmation.
    page.get_by_test_id("user-actions-e2e-wang").get_by_test_id("user-disable").click()
    page.get_by_role("button", name="确定").click()
    expect(table.locator("tr", has_text="e2e-wang")).to_contain_text("已停用")

    # Role assignment is the security administrator's: no button here.
    expect(page.get_by_test_id("user-assign-roles").first).to_be_hidden()

    for path in ("/system/roles", "/system/audit"):
        page.goto(portal_url + path)
        expect(page.get_by_test_id("forbidden")).to_be_visible()

    # On a phone the table scrolls sideways inside the page; the page itself does not.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(portal_url + "/system/users")
    expect(table).to_contain_text("office")
    shot(page, artifacts, "users-phone", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_security_administrator_manages_roles(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    first_sign_in(page, portal_url, demo_user("secadmin"))
    page.goto(portal_url + "/")
    assert menu_pages(page) == ["首页", "用户管理", "角色权限", "授权运维访问", "我的账户"]

    page.get_by_role("menuitem", name="角色权限").click()
    expect(page.get_by_test_id("roles-table")).to_contain_text("考评办")
    page.get_by_test_id("roles-table").get_by_text("财政局", exact=True).click()
    detail = page.get_by_test_id("role-detail")
    # Read: the role's permissions only, by resource.
    expect(detail.locator("[data-code]")).to_have_count(3)
    expect(detail.locator("[data-code='bonus:read']")).to_contain_text("查看绩效奖金表")
    shot(page, artifacts, "roles")

    detail.get_by_test_id("role-edit").click()
    expect(detail.locator("[data-code='bonus:read'] input")).to_be_checked()
    detail.locator("[data-code='notice:write']").click()
    shot(page, artifacts, "roles-edit")
    detail.get_by_test_id("role-save").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(detail.locator("[data-code]")).to_have_count(4)
    expect(detail.locator("[data-code='notice:write']")).to_contain_text("发布通知公告")
    # The three administrators' roles are fixed (三员分立): nothing to edit.
    page.get_by_test_id("roles-table").get_by_text("审计管理员", exact=True).click()
    expect(detail.get_by_test_id("role-fixed")).to_be_visible()
    expect(detail.get_by_test_id("role-edit")).to_be_hidden()

    # Users: read only (no user:write), but roles can be assigned.
    page.goto(portal_url + "/system/users")
    expect(page.get_by_test_id("user-create")).to_be_hidden()
    row = page.get_by_test_id("user-actions-caizheng")
    expect(row.get_by_test_id("user-disable")).to_be_hidden()
    row.get_by_test_id("user-assign-roles").click()
    dialog = page.get_by_test_id("role-assign-dialog")
    dialog.locator("[data-code='finance']").click()
    dialog.get_by_test_id("role-assign-submit").click()
    expect(page.get_by_text("角色已分配")).to_be_visible()


def test_the_audit_administrator_reads_and_verifies_the_audit_log(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    first_sign_in(page, portal_url, demo_user("auditadmin"))
    page.goto(portal_url + "/")
    assert menu_pages(page) == ["首页", "审计日志", "登录日志", "我的账户"]
    assert not ADMIN_PAGES - {"审计日志"} & set(menu_pages(page))
    shot(page, artifacts, "home-auditadmin")

    page.get_by_role("menuitem", name="审计日志").click()
    table = page.get_by_test_id("audit-table")
    expect(table.locator("tbody tr").first).to_be_visible()
    # Its own enrolment of an authenticator, after its password change, is the newest event.
    expect(table.locator("tbody tr").first).to_contain_text("user.second_factor.enable")
    expect(table.locator("tbody tr").first).to_contain_text("审计管理员")

    page.get_by_test_id("audit-verify").click()
    expect(page.get_by_test_id("audit-verification")).to_contain_text("校验通过")
    shot(page, artifacts, "audit")

    # The demo's role assignments, by action prefix; before and after in the drawer.
    page.get_by_test_id("audit-action").fill("role.assign")
    page.get_by_test_id("audit-search").click()
    expect(table.locator("tbody tr").first).to_contain_text("role.assign")
    expect(table.locator("tbody tr", has_not_text="role.assign")).to_have_count(0)
    for text in table.locator("tbody tr td:nth-child(4)").all_inner_texts():
        assert text.strip() == "role.assign"
    table.locator("tbody tr").first.get_by_role("button", name="详情").click()
    drawer = page.get_by_test_id("audit-drawer")
    expect(drawer.get_by_test_id("audit-after")).to_contain_text('"roles"')
    shot(page, artifacts, "audit-drawer", full_page=False)

    for path in ("/system/users", "/system/roles"):
        page.goto(portal_url + path)
        expect(page.get_by_test_id("forbidden")).to_be_visible()


def test_an_api_token_is_shown_once_and_can_be_revoked(
    page: Page, portal_url: str, artifacts: Path, demo_user: Callable[[str], str]
) -> None:
    first_sign_in(page, portal_url, demo_user("fenguan"))
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("menu-account").click()
    expect(page).to_have_url(portal_url + "/account")
    expect(page.get_by_test_id("account-roles")).to_have_text("赋分领导")

    page.get_by_test_id("token-create").click()
    dialog = page.get_by_test_id("token-dialog")
    # Only the viewer's own permissions are offered.
    expect(dialog.locator("[data-code]")).to_have_count(6)
    page.get_by_test_id("token-name").fill("数据共享平台")
    dialog.locator("[data-code='score:read']").click()
    page.get_by_test_id("token-submit").click()

    secret = page.get_by_test_id("secret-value")
    expect(secret).to_have_value(re.compile(r"^jxt_"))
    value = secret.input_value()
    shot(page, artifacts, "account-token-secret", full_page=False)
    page.get_by_test_id("secret-done").click()
    expect(page.get_by_test_id("secret-value")).to_have_count(0)
    assert value not in page.content()

    tokens = page.get_by_test_id("token-table")
    expect(tokens).to_contain_text("数据共享平台")
    expect(tokens).to_contain_text("有效")
    shot(page, artifacts, "account")

    page.get_by_test_id("token-revoke-数据共享平台").click()
    page.get_by_role("button", name="确定").click()
    expect(tokens).to_contain_text("已撤销")


def test_an_expired_session_goes_back_to_sign_in_and_returns(
    page: Page, portal_url: str, demo_user: Callable[[str], str]
) -> None:
    username = demo_user("ducha")
    first_sign_in(page, portal_url, username)
    page.goto(portal_url + "/")
    page.wait_for_load_state("networkidle")  # the home's own requests are done

    # The session ends behind the portal's back (expiry, or signed out elsewhere).
    page.context.clear_cookies(name="jixiao_session")
    page.get_by_role("menuitem", name="我的账户").click()

    expect(page).to_have_url(re.compile(r"/login\?redirect=/account"))
    expect(page.get_by_test_id("login-notice")).to_contain_text("登录已过期")
    sign_in(page, portal_url, username, NEW_PASSWORD)
    expect(page).to_have_url(portal_url + "/account")


def test_english_sign_in(page: Page, portal_url: str) -> None:
    page.goto(portal_url + "/login")
    page.get_by_test_id("locale-switch").click()
    page.get_by_test_id("locale-en").click()
    expect(
        page.get_by_role("heading", name="Sign in to the Performance Appraisal Platform")
    ).to_be_visible()
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_text("Enter the organisation code")).to_be_visible()


def test_a_suspended_tenant_sends_its_users_to_sign_in_with_the_reason(
    context: BrowserContext, fresh_server: FreshServer, artifacts: Path
) -> None:
    # Its own page: the refused requests (HTTP 401) are the point here, not a fault.
    page = context.new_page()
    first_sign_in(page, fresh_server.url, "tianbao")
    page.goto(fresh_server.url + "/account")
    expect(page.get_by_test_id("account-username")).to_have_text("tianbao")
    # The page's own requests are done: each card shows what it read. "networkidle" alone was
    # not enough on a busy machine: the notification settings card comes in a chunk of its own,
    # and its request, sent after the suspension below, once sent the page to sign-in before
    # the click (a full run with four workers).
    expect(page.get_by_test_id("two-factor-status")).to_be_visible()
    settings = page.get_by_test_id("notification-settings")
    expect(settings).to_be_visible()
    expect(settings.locator(".el-loading-mask")).to_have_count(0)
    expect(page.get_by_test_id("token-table").locator(".el-loading-mask")).to_have_count(0)
    page.wait_for_load_state("networkidle")

    database = Database(fresh_server.settings)
    try:
        with database.platform_session() as session:
            set_status(session, "jinfeng", TenantStatus.SUSPENDED)
            session.commit()
    finally:
        database.dispose()

    # The suspension was made by another Database (another process, in effect) and this server
    # has no Redis to hear of it: it trusts what it last read for LOCAL_TRUST seconds, no more.
    # Without this wait the test raced that second and failed now and then.
    time.sleep(LOCAL_TRUST + 0.2)
    # The next request of the open portal (the home's work list) is refused (HTTP 401
    # TENANT_SUSPENDED): to sign-in with the reason, back to the home afterwards.
    page.get_by_role("menuitem", name="首页").click()

    expect(page).to_have_url(re.compile(r"/login\?redirect=/$"))
    expect(page.get_by_test_id("login-notice")).to_contain_text("已暂停使用本平台")
    shot(page, artifacts, "login-tenant-suspended")

    # The server dropped the refused session cookie: the browser can sign in elsewhere.
    assert "jixiao_session" not in {cookie["name"] for cookie in context.cookies()}
