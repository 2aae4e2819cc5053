"""A quarter in a real browser, on the demo data (its assignments: jixiao/demo/assignments.py).

良田镇's reporter (tianbao) reports Q1 progress with an evidence file and submits it; the head
(fuzeren) approves it and sends it up; 发改局 (jiankong) verifies it with a value; the scoring
leader (fenguan) scores in the workbench, with a reason below full points; the office computes
Q1 and, with the leadership group's approval, publishes it; 良田镇 sees its result and the reason.

The test has a server of its own: it changes the demo's data and signs in most demo users.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, ViewportSize, expect

from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    confirm,
    first_sign_in,
    full_screenshot,
    leave,
    menu_groups,
    menu_pages,
    row_of,
    sign_in,
)

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
INVESTMENT = "固定资产投资完成率"  # A2: verified by 发改局 (jiankong's unit)
FUNCTIONS = "年度职能目标完成情况"  # D1: fenguan is among its scorers
REASON = "重点工作台账不全，扣0.75分"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def test_a_quarter_from_the_units_report_to_its_published_result(
    page: Page, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url

    # 填报员: the quarter's tasks, the report with a file, submitted to the head.
    first_sign_in(page, url, "tianbao")
    page.goto(url + "/")
    assert menu_groups(page)[0] == "考评过程"
    assert menu_pages(page)[1:3] == ["任务分解", "进度填报"]
    page.get_by_role("menuitem", name="进度填报").click()
    page.get_by_test_id("report-period-Q1").click()
    expect(page).to_have_url(re.compile(r"/cycle/reports\?(.*&)?period=Q1"))
    reports = page.get_by_test_id("reports-table")
    task = row_of(reports, INVESTMENT)
    expect(task).to_contain_text("完成年度投资的25%")
    expect(task).to_contain_text("2015-12-20")
    expect(task.get_by_test_id("report-status")).to_have_text("未填报")
    task.get_by_test_id("report-open").click()
    drawer = page.get_by_test_id("report-drawer")
    drawer.get_by_test_id("report-narrative").fill(
        "一季度完成固定资产投资8亿元，重点项目全部开工。"
    )
    drawer.get_by_test_id("report-completion").fill("30")
    drawer.get_by_test_id("report-actual").fill("80")
    drawer.get_by_test_id("evidence-upload-input").set_input_files(
        files=FilePayload(name="一季度投资台账.pdf", mimeType="application/pdf", buffer=PDF)
    )
    evidence = drawer.get_by_test_id("evidence-file")
    expect(evidence).to_have_text("一季度投资台账.pdf")
    download = page.request.get(url + str(evidence.get_attribute("href")))
    assert download.status == 200
    assert download.body() == PDF
    expect(task.get_by_test_id("report-status")).to_have_text("草稿")
    full_screenshot(page, artifacts / "cycle-report-form.png")
    drawer.get_by_test_id("report-submit").click()
    confirm(page)
    expect(page.get_by_test_id("report-drawer")).to_be_hidden()
    expect(task.get_by_test_id("report-status")).to_have_text("已提交")
    full_screenshot(page, artifacts / "cycle-reports.png")

    # On a phone: cards instead of the table, the form full width.
    page.set_viewport_size(PHONE)
    page.reload()
    cards = page.get_by_test_id("reports-cards")
    card = cards.get_by_test_id("report-row").filter(has_text=INVESTMENT)
    expect(card.get_by_test_id("report-status")).to_have_text("已提交")
    page.screenshot(
        path=artifacts / "cycle-reports-phone.png", full_page=True, animations="disabled"
    )
    card.get_by_test_id("report-open").click()
    expect(page.get_by_test_id("report-history")).to_contain_text("提交")
    expect(page.get_by_test_id("report-history")).to_contain_text("良田镇 填报员")
    page.screenshot(
        path=artifacts / "cycle-report-phone.png", full_page=True, animations="disabled"
    )
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("report-drawer")).to_be_hidden()
    page.set_viewport_size(DESKTOP)
    leave(page)

    # 单位负责人: approval sends it up to the monitoring department in the same step.
    first_sign_in(page, url, "fuzeren")
    page.goto(url + "/cycle/approvals")
    waiting = page.get_by_test_id("approvals-list")
    report = row_of(waiting, INVESTMENT)
    expect(report.get_by_test_id("report-status")).to_have_text("已提交")
    expect(report.get_by_test_id("review-approve")).to_have_text("审核通过并上报")
    report.get_by_test_id("review-approve").click()
    confirm(page)
    expect(waiting.locator("tbody tr.el-table__row", has_text=INVESTMENT)).to_have_count(0)
    page.get_by_test_id("approvals-tabs").get_by_text("全部").click()
    expect(row_of(waiting, INVESTMENT).get_by_test_id("report-status")).to_have_text("已上报")
    full_screenshot(page, artifacts / "cycle-approvals.png")
    page.set_viewport_size(PHONE)
    expect(page.get_by_test_id("review-row").filter(has_text="良田镇").first).to_be_visible()
    page.screenshot(
        path=artifacts / "cycle-approvals-phone.png", full_page=True, animations="disabled"
    )
    page.set_viewport_size(DESKTOP)
    leave(page)

    # 发改局 verifies the reported value; the gap list shows the difference.
    first_sign_in(page, url, "jiankong")
    page.goto(url + "/cycle/verification")
    report = row_of(page.get_by_test_id("verify-list"), "良田镇")
    expect(report).to_contain_text(INVESTMENT)
    expect(report).to_contain_text("80")
    report.get_by_test_id("review-verify").click()
    dialog = page.get_by_test_id("verify-dialog")
    dialog.get_by_test_id("verify-value").fill("75.5")
    dialog.get_by_test_id("verify-note").fill("以统计局一季度固定资产投资数据为准")
    dialog.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-dialog")).to_be_hidden()
    expect(page.get_by_test_id("verify-list").locator("tbody tr.el-table__row")).to_have_count(0)
    page.get_by_role("tab", name="已核实").click()
    expect(row_of(page.get_by_test_id("verified-list"), "良田镇")).to_contain_text("75.5")
    page.get_by_role("tab", name="核实差异").click()
    expect(row_of(page.get_by_test_id("gap-list"), "良田镇")).to_contain_text("-4.5")
    full_screenshot(page, artifacts / "cycle-verification.png")
    leave(page)

    # 赋分领导: keyboard entry in the workbench, a reason below full points, submitted.
    first_sign_in(page, url, "fenguan")
    page.goto(url + f"/cycle/scoring?scheme={SCHEME}&period=Q1")
    grid = page.get_by_test_id("score-grid")
    expect(grid.get_by_test_id("column-D1")).to_contain_text(FUNCTIONS)
    expect(grid.get_by_test_id("column-D1")).to_contain_text("满分 3.75")
    liangtian, fengdeng = (
        grid.get_by_test_id("cell-liangtian-D1"),
        grid.get_by_test_id("cell-fengdeng-D1"),
    )
    liangtian.click()
    liangtian.fill("3")
    liangtian.press("Enter")
    expect(fengdeng).to_be_focused()
    fengdeng.fill("3.75")
    fengdeng.press("Shift+Tab")
    expect(liangtian).to_be_focused()
    expect(page.get_by_test_id("scoring-unsaved")).to_have_text("有 2 项未保存")
    page.get_by_test_id("scoring-save").click()
    reasons = page.get_by_test_id("reason-dialog")
    expect(reasons).to_contain_text("良田镇 · 年度职能目标完成情况（满分 3.75）")
    reasons.get_by_test_id("reason-input-liangtian-D1").fill(REASON)
    reasons.get_by_test_id("reason-confirm").click()
    expect(page.get_by_text("已保存 2 项评分草稿")).to_be_visible()
    expect(page.get_by_test_id("scoring-progress")).to_have_text(
        "可赋分 2 项，已录入 2 项，已提交 0 项"
    )
    full_screenshot(page, artifacts / "cycle-scoring.png")
    page.get_by_test_id("scoring-submit").click()
    confirm(page)
    expect(page.get_by_text("已提交 2 项评分")).to_be_visible()
    expect(page.get_by_test_id("scoring-progress")).to_have_text(
        "可赋分 2 项，已录入 2 项，已提交 2 项"
    )
    expect(grid.locator("input")).to_have_count(0)
    expect(grid.get_by_test_id("cell-liangtian-D1")).to_have_text("3")
    leave(page)

    # 考评办: compute Q1 again and review it; the leadership group approves; the office publishes.
    first_sign_in(page, url, "office")
    page.goto(url + f"/cycle/scoring?scheme={SCHEME}&period=Q1")
    expect(page.get_by_test_id("score-grid").get_by_test_id("cell-liangtian-D1")).to_be_visible()
    expect(page.get_by_test_id("scoring-reopen")).to_be_visible()
    expect(page.get_by_test_id("scoring-save")).to_have_count(0)

    # The office's decomposition: the demo's six assignments, and one more through the dialog.
    page.goto(url + f"/cycle/assignments?scheme={SCHEME}")
    assignments = page.get_by_test_id("assignments-table")
    expect(assignments.locator("tbody tr.el-table__row")).to_have_count(6)
    shanghai = assignments.locator("tbody tr.el-table__row", has_text="上海西路街道")
    # Scorers by name: 发展和改革局, not its code.
    expect(shanghai.filter(has_text=INVESTMENT)).to_contain_text("发展和改革局")
    expect(shanghai.filter(has_text=INVESTMENT)).not_to_contain_text("fagaiju")
    page.get_by_test_id("assignments-create").click()
    dialog = page.get_by_test_id("assignment-dialog")
    dialog.get_by_test_id("assignment-indicator").click()
    page.get_by_role("option", name="C3 能耗降低率").click()
    dialog.get_by_test_id("assignment-units").click()
    page.get_by_role("option", name="良田镇").click()
    dialog.get_by_test_id("assignment-target-text").click()
    dialog.get_by_test_id("assignment-target-value").fill("3")
    dialog.get_by_test_id("milestone-text-Q4").fill("单位GDP能耗下降3%")
    dialog.get_by_test_id("assignment-scorers").click()
    page.get_by_test_id("scorer-option-fagaiju").filter(has_text="发展和改革局").click()
    dialog.get_by_test_id("milestone-text-Q4").click()  # close the list
    dialog.get_by_test_id("assignment-submit").click()
    expect(page.get_by_text("已保存 1 条任务分解")).to_be_visible()
    expect(assignments.locator("tbody tr.el-table__row")).to_have_count(7)
    expect(row_of(assignments, "能耗降低率")).to_contain_text("Q4 单位GDP能耗下降3%")
    expect(row_of(assignments, "能耗降低率")).to_contain_text("发展和改革局")
    full_screenshot(page, artifacts / "cycle-assignments.png")

    # Bonus points with a reason, listed from the server, and withdrawn again.
    page.goto(url + f"/cycle/ratings?scheme={SCHEME}")
    expect(page.get_by_test_id("ratings-card")).to_have_count(0)
    adjustments = page.get_by_test_id("adjustments-card")
    adjustments.get_by_test_id("adjust-unit").click()
    page.get_by_role("option", name="良田镇").click()
    adjustments.get_by_test_id("adjust-points").fill("1")
    adjustments.get_by_test_id("adjust-reason").fill("获市级创新奖")
    adjustments.get_by_test_id("adjust-add").click()
    added = row_of(page.get_by_test_id("adjust-list"), "获市级创新奖")
    expect(added).to_contain_text("良田镇")
    expect(added).to_contain_text("加分")
    full_screenshot(page, artifacts / "cycle-ratings.png")
    added.get_by_test_id("adjust-remove").click()
    confirm(page)
    listed = page.get_by_test_id("adjust-list").locator("tbody tr.el-table__row")
    expect(listed.filter(has_text="获市级创新奖")).to_have_count(0)
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    page.get_by_test_id("runs-compute-period").click()
    page.get_by_role("option", name="第一季度").click()
    page.get_by_test_id("runs-compute").click()
    confirm(page)
    # The computation answers before its run's row is the one to review (under load the
    # follow-up's own draft could still stand in that row).
    expect(page.get_by_text(re.compile("已生成新的计算结果|数据没有变化"))).to_be_visible()
    review = page.get_by_test_id("run-actions-Q1").get_by_test_id("run-review")
    review.click()
    confirm(page)
    expect(page.get_by_test_id("run-actions-Q1").get_by_text("待领导小组审定")).to_be_visible()
    leave(page)

    first_sign_in(page, url, "leader")
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
    # Q1 is published (the year, recomputed after the entries, waits for its own review).
    expect(page.get_by_test_id("run-actions-Q1").get_by_test_id("run-publish")).to_have_count(0)
    q1 = (
        page.get_by_test_id("runs-table")
        .locator("tbody tr.el-table__row", has_text="第一季度")
        .first
    )
    expect(q1.get_by_test_id("run-status")).to_have_text("已公布")
    full_screenshot(page, artifacts / "cycle-runs-published.png")
    leave(page)

    # 良田镇 sees its Q1 result, the leader's score and the reason for the deduction.
    sign_in(page, url, "tianbao", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/results/units/liangtian?scheme={SCHEME}&period=Q1")
    expect(page.get_by_test_id("unit-title")).to_have_text("良田镇")
    expect(page.get_by_test_id("unit-total")).to_have_text(re.compile(r"^\d+(\.\d+)?$"))
    breakdown = page.get_by_test_id("unit-breakdown")
    row_of(breakdown, FUNCTIONS).locator(".el-table__expand-icon").click()
    line = page.get_by_test_id("line-D1-Q1")
    sources = line.get_by_test_id("source-scores")
    expect(sources).to_contain_text("分管领导 赵副区长")
    expect(sources).to_contain_text(REASON)
    full_screenshot(page, artifacts / "cycle-unit-result.png")
