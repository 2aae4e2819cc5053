"""Notices, the bell, the sign-in log and the operator console in a real browser.

The module has a server of its own: its office publishes a notice and reminds the unread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from jixiao.demo import DEMO_PASSWORD
from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import (
    change_password,
    enrol_authenticator,
    first_sign_in,
    full_screenshot,
    menu_pages,
    new_context,
)

pytestmark = pytest.mark.browser

TITLE = "关于报送第一季度工作进度的通知"
PHONE: ViewportSize = {"width": 390, "height": 844}
# A 1×1 PNG: the server keeps files by what their bytes are, not by their name.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a0e8c4f40000000049454e44ae426082"
)


def test_the_office_publishes_a_notice_a_reporter_reads_it_and_the_office_sees_the_receipt(
    page: Page,
    browser: Browser,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
    tmp_path: Path,
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("office"))
    page.goto(url + "/")
    assert {"我的通知", "通知公告管理"} <= set(menu_pages(page))
    # The office's home: late items, results to review, the monitoring matrix.
    expect(page.get_by_test_id("home")).to_have_attribute("data-home", "office")
    expect(page.get_by_test_id("home-monitoring-matrix")).to_be_visible()
    expect(page.get_by_test_id("home-late-loading")).to_have_count(0)
    full_screenshot(page, artifacts / "home-office-work.png")

    # The office writes a notice to the people of 良田镇 and publishes it.
    page.get_by_role("menuitem", name="通知公告管理").click()
    expect(page).to_have_url(re.compile(r"/notices/manage$"))
    page.get_by_test_id("notice-create").click()
    editor = page.get_by_test_id("notice-editor")
    editor.get_by_test_id("notice-title").fill(TITLE)
    body = editor.get_by_test_id("notice-body")
    body.click()
    page.keyboard.type("请各单位于4月10日前报送第一季度工作进度及佐证材料。")
    editor.get_by_test_id("rte-bold").click()
    editor.get_by_test_id("notice-audience-some").click()
    editor.get_by_test_id("notice-units").click()
    page.locator(".el-select-dropdown__item", has_text="良田镇").first.click()
    page.keyboard.press("Escape")
    attachment = tmp_path / "进度表.png"
    attachment.write_bytes(PNG)
    editor.get_by_test_id("notice-upload-input").set_input_files(attachment)
    expect(editor.get_by_test_id("notice-attachments")).to_contain_text("进度表.png")
    full_screenshot(page, artifacts / "notices-editor.png")
    editor.get_by_test_id("notice-save-publish").click()
    expect(page.get_by_test_id("notice-editor")).to_be_hidden()

    table = page.get_by_test_id("notices-table")
    row = table.locator("tbody tr.el-table__row", has_text=TITLE)
    expect(row).to_contain_text("已发布")
    expect(row).to_contain_text("良田镇")
    # The reporter and the head of 良田镇.
    expect(row).to_contain_text("0/2 人已读")

    # The reporter of 良田镇 sees the bell's count and reads the notice from it.
    reader_context = new_context(browser)
    try:
        reader = reader_context.new_page()
        problems: list[str] = []
        reader.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        first_sign_in(reader, url, module_user("tianbao"))
        expect(reader.get_by_test_id("home")).to_have_attribute("data-home", "reporter")
        expect(reader.get_by_test_id("home-reporter-loading")).to_have_count(0)
        full_screenshot(reader, artifacts / "home-reporter.png")
        badge = reader.get_by_test_id("bell-badge").locator("sup")
        expect(badge).to_have_text(re.compile(r"^\d+$"))
        # Unread notices and notifications (the demo's deadline reminders) together.
        before = int(badge.inner_text())
        reader.get_by_test_id("bell").click()
        notices = reader.get_by_test_id("bell-notices")
        expect(notices).to_contain_text(TITLE)
        expect(reader.get_by_test_id("bell-all-notices")).to_have_text("1 条通知公告未读")
        reader.screenshot(path=artifacts / "notices-bell.png", animations="disabled")
        notices.get_by_text(TITLE).click()

        expect(reader).to_have_url(re.compile(r"/notices/[^/]+$"))
        expect(reader.get_by_test_id("notice-title")).to_have_text(TITLE)
        expect(reader.get_by_test_id("notice-body-html")).to_contain_text("4月10日前报送")
        expect(reader.get_by_test_id("notice-read-tag")).to_have_text("已记为已读")
        expect(reader.get_by_test_id("notice-article")).to_contain_text("进度表.png")
        if before > 1:
            expect(badge).to_have_text(str(before - 1))
        else:
            expect(badge).to_be_hidden()
        full_screenshot(reader, artifacts / "notices-reader.png")

        # My notices on a phone: the notice is read now; the bell fits the screen.
        reader.set_viewport_size(PHONE)
        reader.goto(url + "/notices")
        expect(reader.get_by_test_id("my-notices-read")).to_contain_text(TITLE)
        full_screenshot(reader, artifacts / "notices-mine-phone.png")
        reader.get_by_test_id("bell").click()
        panel = reader.get_by_test_id("bell-panel")
        expect(panel).to_be_visible()
        expect(panel.get_by_test_id("bell-items")).to_be_visible()
        box = panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
        reader.screenshot(path=artifacts / "notices-bell-phone.png", animations="disabled")
        assert not problems, "\n".join(problems)
    finally:
        reader_context.close()

    # The office sees who has read it, and reminds the one who has not.
    page.reload()
    row = page.get_by_test_id("notices-table").locator("tbody tr.el-table__row", has_text=TITLE)
    expect(row).to_contain_text("1/2 人已读")
    row.get_by_role("button", name="1/2 人已读").click()
    drawer = page.get_by_test_id("receipts-drawer")
    expect(drawer.get_by_test_id("receipts-unread")).to_contain_text("fuzeren")
    drawer.get_by_role("tab", name=re.compile("已读")).click()
    expect(drawer.get_by_test_id("receipts-read")).to_contain_text("tianbao")
    drawer.get_by_test_id("receipts-remind").click()
    expect(page.get_by_text("已提醒 1 人")).to_be_visible()
    page.screenshot(path=artifacts / "notices-receipts.png", animations="disabled")


def test_the_audit_administrator_reads_the_sign_in_log(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("auditadmin"))
    page.goto(url + "/")
    assert "登录日志" in menu_pages(page)
    page.get_by_role("menuitem", name="登录日志").click()
    expect(page).to_have_url(re.compile(r"/system/sign-ins$"))

    table = page.get_by_test_id("signins-table")
    first = table.locator("tbody tr.el-table__row").first
    expect(first).to_contain_text("auditadmin")
    expect(first).to_contain_text("成功")

    page.get_by_test_id("signins-username").fill("auditadmin")
    page.get_by_test_id("signins-search").click()
    expect(table.locator("tbody tr.el-table__row", has_not_text="auditadmin")).to_have_count(0)
    expect(first).to_contain_text("auditadmin")
    for text in table.locator("tbody tr.el-table__row td:nth-child(2)").all_inner_texts():
        assert text.strip() == "auditadmin"
    full_screenshot(page, artifacts / "sign-in-log.png")

    with page.expect_download() as download:
        page.get_by_test_id("signins-export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    expect(page.get_by_text(re.compile(r"已导出 \d+ 条记录"))).to_be_visible()


def test_the_operator_sees_the_tenants(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    username = module_user("operator")
    page.goto(url + "/login")
    page.get_by_text("平台运营人员").click()
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-password").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/password"))
    change_password(page, DEMO_PASSWORD)
    # Operators must use two-step verification: they set it up before anything else.
    expect(page).to_have_url(re.compile(r"/account/second-factor"))
    enrol_authenticator(page)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    # Operators have no bell: they receive no notices.
    expect(page.get_by_test_id("bell")).to_have_count(0)

    page.goto(url + "/")
    summary = page.get_by_test_id("home-operator")
    expect(summary.get_by_test_id("home-operator-total")).to_contain_text("4")
    full_screenshot(page, artifacts / "home-operator.png")

    page.get_by_role("menuitem", name="租户管理").click()
    tenants = page.get_by_test_id("tenant-table")
    expect(tenants.locator("tbody tr.el-table__row")).to_have_count(4)
    expect(tenants).to_contain_text("金凤区")
    expect(tenants).to_contain_text("银川市")
    expect(page.get_by_test_id("tenant-status-jinfeng")).to_have_text("正常")
    full_screenshot(page, artifacts / "operator-tenants.png")


def test_the_leadership_group_sees_the_top_of_each_group_on_its_home(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("leader"))
    page.goto(url + "/")
    expect(page.get_by_test_id("home")).to_have_attribute("data-home", "leadership")
    top = page.get_by_test_id("home-top-rankings")
    expect(top).to_contain_text("镇街组")
    expect(top).to_contain_text("上海西路街道")
    full_screenshot(page, artifacts / "home-leadership.png")
    top.get_by_role("link", name="上海西路街道").click()
    expect(page).to_have_url(re.compile(r"/results/units/shanghaixilu\?scheme=jinfeng-2015"))
