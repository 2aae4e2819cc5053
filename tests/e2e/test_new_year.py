"""A new year set up entirely in the portal, and its first quarter run to published results.

The office copies last year's scheme (金凤区 2015, the demo's) into 2016 — indicators, groups,
members and the task decomposition come along — adjusts a member's headcount and drops a
member, sets the first quarter's three deadlines, and the leadership group approves the scheme
before the office publishes it. Then Q1 runs as a district runs it: 良田镇 reports (after the
deadline: accepted and marked 逾期, the tenant's default), withdraws it once to correct a
figure and submits it again; its head approves and sends it up in one step, 发改局 verifies, the
scoring leader scores, the office computes, the leadership group approves and the office
publishes; 良田镇 sees its result. No file, no API call, no developer.

The test has a server of its own: it changes the demo's data and signs in most demo users.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    confirm,
    first_sign_in,
    full_screenshot,
    leave,
    new_context,
    row_of,
    sign_in,
)

pytestmark = pytest.mark.browser

SOURCE = "jinfeng-2015"
SCHEME = "jinfeng-2016"
SCHEME_NAME = "金凤区2016年度绩效考评"
INVESTMENT = "固定资产投资完成率"  # A2: verified by 发改局 (jiankong's unit)
FUNCTIONS = "年度职能目标完成情况"  # D1: fenguan is among its scorers


def field(page: Page, test_id: str) -> Locator:
    """The text input of a form control, whether the test id sits on it or on its wrapper."""
    return page.get_by_test_id(test_id).locator("xpath=descendant-or-self::input").first


def pick_date(page: Page, cell_test_id: str, value: str) -> None:
    """Type a date into the Element Plus date picker inside the cell, and close its panel."""
    field = page.get_by_test_id(cell_test_id).locator("input")
    field.click()
    field.fill(value)
    field.press("Enter")


def test_the_office_starts_a_new_year_in_the_portal_and_runs_its_first_quarter(
    page: Page, browser: Browser, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url

    # 考评办: a new scheme, copied from last year's.
    first_sign_in(page, url, "office")
    page.goto(url + "/setup/schemes")
    page.get_by_test_id("scheme-new").click()
    page.get_by_test_id("new-scheme-way-copy").click()
    page.get_by_test_id("new-scheme-source").click()
    page.get_by_role("option", name=re.compile(SOURCE)).click()
    field(page, "new-scheme-code").fill(SCHEME)
    field(page, "new-scheme-name").fill(SCHEME_NAME)
    field(page, "new-scheme-year").fill("2016")
    page.get_by_test_id("new-scheme-submit").click()
    expect(page).to_have_url(re.compile(rf"/setup/schemes/{SCHEME}"))
    expect(page.get_by_test_id("scheme-title")).to_have_text(SCHEME_NAME)
    expect(page.get_by_test_id("scheme-status")).to_have_text("草稿")

    # Members: 良田镇 has grown; 黄河东路街道 leaves this year's appraisal.
    page.get_by_role("tab", name=re.compile("参评单位")).click()
    members = page.get_by_test_id("members-panel")
    headcount = field(page, "member-headcount-liangtian")
    expect(headcount).to_have_value("76")
    headcount.fill("80")
    members.get_by_test_id("member-remove-huanghedonglu").click()
    members.get_by_test_id("members-save").click()
    expect(page.get_by_text("参评单位已保存")).to_be_visible()
    expect(members.get_by_test_id("member-huanghedonglu")).to_have_count(0)
    page.reload()
    page.get_by_role("tab", name=re.compile("参评单位")).click()
    expect(field(page, "member-headcount-liangtian")).to_have_value("80")
    full_screenshot(page, artifacts / "new-year-members.png")

    # The first quarter's deadlines: report, verification, scoring.
    page.get_by_role("tab", name="考评期间").click()
    periods = page.get_by_test_id("periods-panel")
    expect(periods.get_by_test_id("period-state-Q1")).to_have_text("进行中")
    pick_date(page, "period-reportDue-Q1", "2016-04-10")
    pick_date(page, "period-verifyDue-Q1", "2016-04-20")
    pick_date(page, "period-scoreDue-Q1", "2016-04-30")
    periods.get_by_test_id("periods-save").click()
    expect(page.get_by_text("截止日已保存")).to_be_visible()
    page.reload()
    page.get_by_role("tab", name="考评期间").click()
    expect(page.get_by_test_id("period-reportDue-Q1").locator("input")).to_have_value("2016-04-10")
    full_screenshot(page, artifacts / "new-year-periods.png")

    # The leadership group approves the new scheme (in its own browser); the office publishes.
    leader_context = new_context(browser)
    try:
        leader = leader_context.new_page()
        first_sign_in(leader, url, "leader")
        leader.goto(url + "/setup/schemes")
        mine = row_of(leader.get_by_test_id("schemes-table"), SCHEME_NAME)
        mine.get_by_test_id("scheme-approve").click()
        leader.get_by_placeholder("审定意见（选填）").fill("同意")
        leader.get_by_role("button", name="确定").click()
        expect(mine.get_by_test_id("scheme-status")).to_have_text("已审定")
    finally:
        leader_context.close()
    page.goto(url + f"/setup/schemes/{SCHEME}")
    page.get_by_test_id("scheme-publish").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("scheme-status")).to_have_text("已发布")
    leave(page)

    # 良田镇's reporter: the copied task, reported after the deadline (accepted, marked late).
    first_sign_in(page, url, "tianbao")
    page.goto(url + f"/cycle/reports?scheme={SCHEME}&period=Q1")
    task = row_of(page.get_by_test_id("reports-table"), INVESTMENT)
    expect(task.get_by_test_id("report-status")).to_have_text("未填报")
    task.get_by_test_id("report-open").click()
    drawer = page.get_by_test_id("report-drawer")
    drawer.get_by_test_id("report-narrative").fill("一季度完成固定资产投资9亿元。")
    drawer.get_by_test_id("report-completion").fill("32")
    drawer.get_by_test_id("report-actual").fill("85")
    drawer.get_by_test_id("report-submit").click()
    confirm(page)
    expect(page.get_by_test_id("report-drawer")).to_be_hidden()
    expect(task.get_by_test_id("report-status")).to_have_text("已提交")
    expect(task).to_contain_text("逾期")
    # Withdrawn before the head acts (撤回), corrected, and submitted again.
    task.get_by_test_id("report-open").click()
    drawer.get_by_test_id("report-withdraw").click()
    confirm(page)
    expect(page.get_by_text("已撤回，可修改后重新提交")).to_be_visible()
    expect(task.get_by_test_id("report-status")).to_have_text("草稿")
    drawer.get_by_test_id("report-actual").fill("86")
    drawer.get_by_test_id("report-submit").click()
    confirm(page)
    expect(page.get_by_test_id("report-drawer")).to_be_hidden()
    expect(task.get_by_test_id("report-status")).to_have_text("已提交")
    leave(page)

    # The head approves: in one step the report goes up to the monitoring department.
    first_sign_in(page, url, "fuzeren")
    page.goto(url + f"/cycle/approvals?scheme={SCHEME}")
    report = row_of(page.get_by_test_id("approvals-list"), INVESTMENT)
    report.get_by_test_id("review-approve").click()
    confirm(page)
    page.get_by_test_id("approvals-tabs").get_by_text("全部").click()
    expect(
        row_of(page.get_by_test_id("approvals-list"), INVESTMENT).get_by_test_id("report-status")
    ).to_have_text("已上报")
    leave(page)

    # 发改局 verifies the value.
    first_sign_in(page, url, "jiankong")
    page.goto(url + f"/cycle/verification?scheme={SCHEME}")
    report = row_of(page.get_by_test_id("verify-list"), "良田镇")
    expect(report).to_contain_text(INVESTMENT)
    report.get_by_test_id("review-verify").click()
    dialog = page.get_by_test_id("verify-dialog")
    dialog.get_by_test_id("verify-value").fill("84")
    dialog.get_by_test_id("verify-note").fill("以统计局一季度数据为准")
    dialog.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-dialog")).to_be_hidden()
    leave(page)

    # The scoring leader scores the leaders' indicator of the new year.
    first_sign_in(page, url, "fenguan")
    page.goto(url + f"/cycle/scoring?scheme={SCHEME}&period=Q1")
    grid = page.get_by_test_id("score-grid")
    expect(grid.get_by_test_id("column-D1")).to_contain_text(FUNCTIONS)
    liangtian = grid.get_by_test_id("cell-liangtian-D1")
    liangtian.click()
    liangtian.fill("3.75")
    liangtian.press("Enter")
    page.get_by_test_id("scoring-save").click()
    expect(page.get_by_text("已保存 1 项评分草稿")).to_be_visible()
    page.get_by_test_id("scoring-submit").click()
    confirm(page)
    expect(page.get_by_text("已提交 1 项评分")).to_be_visible()
    leave(page)

    # The office computes Q1 and sends it for review; the leadership group approves it.
    sign_in(page, url, "office", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    page.get_by_test_id("runs-compute-period").click()
    page.get_by_role("option", name="第一季度").click()
    page.get_by_test_id("runs-compute").click()
    confirm(page)
    expect(page.get_by_text(re.compile("已生成新的计算结果|数据没有变化"))).to_be_visible()
    page.get_by_test_id("run-actions-Q1").get_by_test_id("run-review").click()
    confirm(page)
    expect(page.get_by_test_id("run-actions-Q1").get_by_text("待领导小组审定")).to_be_visible()
    leave(page)

    sign_in(page, url, "leader", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    page.get_by_test_id("run-actions-Q1").get_by_test_id("run-approve").click()
    confirm(page)
    expect(page.get_by_test_id("run-actions-Q1").get_by_test_id("run-approve")).to_have_count(0)
    leave(page)

    sign_in(page, url, "office", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    page.get_by_test_id("run-actions-Q1").get_by_test_id("run-publish").click()
    confirm(page)
    q1 = row_of(page.get_by_test_id("runs-table"), "第一季度")
    expect(q1.get_by_test_id("run-status")).to_have_text("已公布")
    full_screenshot(page, artifacts / "new-year-published.png")
    leave(page)

    # 良田镇 sees its published Q1 result of the new year; 黄河东路街道 is not in it.
    sign_in(page, url, "tianbao", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/results/units/liangtian?scheme={SCHEME}&period=Q1")
    expect(page.get_by_test_id("unit-title")).to_have_text("良田镇")
    expect(page.get_by_test_id("unit-total")).to_have_text(re.compile(r"^\d+(\.\d+)?$"))
    full_screenshot(page, artifacts / "new-year-unit-result.png")
