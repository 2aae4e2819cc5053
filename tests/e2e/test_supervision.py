"""督查督办 and 明查暗访与创新奖 in a real browser, on the demo data.

The demo's 2015 report deadlines (jixiao/demo/deadlines.py) are long past and nothing is
reported, so every Q1 task on the board is red and overdue. The supervision group (ducha)
sends 良田镇 a notice from the board; its reporter (tianbao) finds it from the bell and replies;
ducha closes it. The office records an unannounced inspection of 良田镇 with a deduction and a
PDF; 发改局 (jiankong, another unit) records its own and sees only that one. 良田镇 applies for
an innovation award, the office recognises it with points, and 良田镇 sees it recognised.
Each role's menu shows these pages by its permissions (jixiao/policies/defaults.py).

Each test has a server of its own: it changes the demo's data and signs in demo users.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect

from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    first_sign_in,
    full_screenshot,
    leave,
    menu_pages,
    row_of,
    rows,
    sign_in,
)

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
INVESTMENT = "固定资产投资完成率"  # A2, assigned to the three towns
OVERDUE_Q1 = "已过填报截止日 2015-04-10，尚未上报"
BOARD = f"/cycle/supervision?scheme={SCHEME}&period=Q1"
INSPECTIONS = f"/cycle/inspections?scheme={SCHEME}"
NOTICE_TITLE = f"良田镇：{INVESTMENT}"  # the title a notice sent from the board's row gets
REPLY = "已召开专题会，一季度投资数据本周内补报。"
CLOSE_NOTE = "已补报，督办办结"
FINDING = "暗访发现便民服务窗口无人值守"
OTHER_FINDING = "丰登镇项目台账未及时更新"
AWARD = "智慧田园数字化管理平台"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def message(page: Page, text: str) -> Locator:
    return page.locator(".el-message", has_text=text)


def pick_unit(page: Page, testid: str, code: str) -> None:
    """A unit select that takes any code typed (filterable, allow-create)."""
    page.get_by_test_id(testid).click()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def pick_date(page: Page, value: str) -> None:
    """The open dialog's date picker (Element Plus keeps no data-testid on it): typed, Enter."""
    picker = page.locator(".el-dialog .el-date-editor input:visible")
    expect(picker).to_have_count(1)
    picker.click()
    picker.fill(value)
    picker.press("Enter")
    expect(picker).to_have_value(value)


def test_supervision_sends_a_notice_from_the_board_the_unit_replies_and_it_is_closed(
    page: Page, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url
    due = (date.today() + timedelta(days=30)).isoformat()

    # 考评办 reads the board (supervision:read) but sends no notices (no supervision:write).
    first_sign_in(page, url, "office")
    page.goto(url + BOARD)
    summary = page.get_by_test_id("supervision-summary")
    expect(summary).to_contain_text("共 6 项")
    expect(summary).to_have_text(re.compile(r"绿\s*0\s*黄\s*0\s*红\s*6\s*逾期\s*6"))
    board = page.get_by_test_id("board-table")
    expect(rows(board)).to_have_count(6)
    liangtian = row_of(board, "良田镇", INVESTMENT)
    expect(liangtian.get_by_test_id("board-light")).to_have_class(re.compile(r"\blight-red\b"))
    expect(liangtian.get_by_test_id("board-light")).to_have_attribute("title", "滞后")
    expect(liangtian).to_contain_text("逾期")
    expect(liangtian).to_contain_text(OVERDUE_Q1)
    # Not reported, approved or verified; scored already (the demo imports the example's scores).
    expect(liangtian.locator(".stage.done")).to_have_text(["赋分"])
    expect(page.get_by_test_id("board-notice")).to_have_count(0)
    expect(page.get_by_test_id("notice-send")).to_have_count(0)
    # Another quarter: Q4's deadline (2016-01-10) is past too.
    page.get_by_test_id("supervision-period").get_by_text("Q4").click()
    expect(page).to_have_url(re.compile(r"period=Q4"))
    expect(row_of(board, "良田镇", INVESTMENT)).to_contain_text(
        "已过填报截止日 2016-01-10，尚未上报"
    )
    leave(page)

    # 督查小组: only the red lights, then a notice to 良田镇 from its row.
    first_sign_in(page, url, "ducha")
    page.goto(url + BOARD)
    board = page.get_by_test_id("board-table")
    expect(rows(board)).to_have_count(6)
    page.get_by_test_id("supervision-light").click()
    page.get_by_role("option", name="绿", exact=True).click()
    expect(rows(board)).to_have_count(0)
    expect(board).to_contain_text("本期暂无任务")
    page.get_by_test_id("supervision-light").click()
    page.get_by_role("option", name="红", exact=True).click()
    expect(rows(board)).to_have_count(6)
    expect(board.locator(".light-red")).to_have_count(6)
    row_of(board, "良田镇", INVESTMENT).get_by_test_id("board-notice").click()
    expect(page.get_by_test_id("notice-title")).to_have_value(NOTICE_TITLE)
    page.get_by_test_id("notice-save").click()
    expect(page.locator(".el-form-item__error", has_text="请选择回复期限")).to_be_visible()
    pick_date(page, due)
    page.get_by_test_id("notice-save").click()
    expect(message(page, "督办通知已发出")).to_be_visible()
    expect(page.get_by_test_id("notice-title")).to_be_hidden()
    notices = page.get_by_test_id("notices-table")
    notice = row_of(notices, NOTICE_TITLE)
    expect(notice).to_contain_text("良田镇")
    expect(notice).to_contain_text(OVERDUE_Q1)
    expect(notice).to_contain_text(due)
    expect(notice.get_by_test_id("notice-state")).to_have_text("待回复")
    full_screenshot(page, artifacts / "supervision-board.png")
    leave(page)

    # 良田镇's reporter: the bell tells of the notice and leads to it; the reply.
    first_sign_in(page, url, "tianbao")
    page.get_by_test_id("bell").click()
    item = page.get_by_test_id("bell-items").get_by_text(f"督办通知：{NOTICE_TITLE}")
    expect(item).to_be_visible()
    item.click()
    expect(page).to_have_url(re.compile(r"/cycle/supervision"))
    expect(page.get_by_test_id("supervision-board")).to_have_count(0)
    expect(page.get_by_test_id("supervision-period")).to_have_count(0)
    notices = page.get_by_test_id("notices-table")
    notice = row_of(notices, NOTICE_TITLE)
    expect(notice.get_by_test_id("notice-state")).to_have_text("待回复")
    expect(notice.get_by_test_id("notice-close")).to_have_count(0)
    notice.get_by_test_id("notice-reply").click()
    expect(notice).to_contain_text("请填写回复")
    notice.get_by_test_id("notice-reply-input").fill(REPLY)
    notice.get_by_test_id("notice-reply").click()
    expect(message(page, "已回复")).to_be_visible()
    expect(notice.get_by_test_id("notice-state")).to_have_text("已回复")
    expect(notice).to_contain_text(REPLY)
    full_screenshot(page, artifacts / "supervision-notice-unit.png")
    leave(page)

    # 督查小组 sees the reply and closes the notice with a note.
    sign_in(page, url, "ducha", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + BOARD)
    notice = row_of(page.get_by_test_id("notices-table"), NOTICE_TITLE)
    expect(notice.get_by_test_id("notice-state")).to_have_text("已回复")
    expect(notice).to_contain_text(REPLY)
    notice.get_by_test_id("notice-close").click()
    page.get_by_placeholder("办结说明").fill(CLOSE_NOTE)
    page.get_by_test_id("notice-close-save").click()
    expect(message(page, "已办结")).to_be_visible()
    expect(notice.get_by_test_id("notice-state")).to_have_text("已办结")
    expect(notice).to_contain_text(f"办结说明：{CLOSE_NOTE}")
    expect(notice.get_by_test_id("notice-close")).to_have_count(0)
    page.reload()
    notice = row_of(page.get_by_test_id("notices-table"), NOTICE_TITLE)
    expect(notice.get_by_test_id("notice-state")).to_have_text("已办结")
    full_screenshot(page, artifacts / "supervision-closed.png")
    leave(page)

    # The unit sees it closed, with no reply box any more.
    sign_in(page, url, "tianbao", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + "/cycle/supervision")
    notice = row_of(page.get_by_test_id("notices-table"), NOTICE_TITLE)
    expect(notice.get_by_test_id("notice-state")).to_have_text("已办结")
    expect(notice).to_contain_text(CLOSE_NOTE)
    expect(notice.get_by_test_id("notice-reply-input")).to_have_count(0)


def test_inspections_with_evidence_and_an_innovation_award_recognised(
    page: Page, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url

    # 考评办: an unannounced inspection of 良田镇 with a deduction, and a PDF through its row.
    first_sign_in(page, url, "office")
    page.goto(url + INSPECTIONS)
    expect(page.get_by_role("tab", name="明查暗访")).to_be_visible()
    expect(page.get_by_role("tab", name="创新奖")).to_be_visible()
    table = page.get_by_test_id("inspections-table")
    expect(rows(table)).to_have_count(0)
    page.get_by_test_id("inspection-record").click()
    pick_unit(page, "inspection-unit", "liangtian")
    pick_date(page, "2015-05-12")
    page.locator(".el-radio-button", has_text="暗访").click()
    page.get_by_test_id("inspection-finding").fill(FINDING)
    page.get_by_test_id("inspection-deduction").fill("abc")
    page.get_by_test_id("inspection-save").click()
    expect(page.locator(".el-form-item__error")).to_have_text("请填写不小于 0 的分值")
    page.get_by_test_id("inspection-deduction").fill("0.5")
    page.get_by_test_id("inspection-save").click()
    expect(message(page, "已保存")).to_be_visible()
    expect(page.get_by_test_id("inspection-finding")).to_be_hidden()
    inspection = row_of(table, FINDING)
    expect(inspection).to_contain_text("良田镇")
    expect(inspection).to_contain_text("2015-05-12")
    expect(inspection).to_contain_text("暗访")
    expect(inspection.locator("td").nth(4)).to_have_text(re.compile(r"^0\.50*$"))
    expect(inspection.get_by_test_id("record-file")).to_have_count(0)
    inspection.get_by_test_id("record-upload-input").set_input_files(
        files=FilePayload(name="暗访记录.pdf", mimeType="application/pdf", buffer=PDF)
    )
    expect(message(page, "已上传：暗访记录.pdf")).to_be_visible()
    link = inspection.get_by_test_id("record-file")
    expect(link).to_have_text("暗访记录.pdf")
    download = page.request.get(url + str(link.get_attribute("href")))
    assert download.status == 200
    assert download.body() == PDF
    page.reload()
    expect(row_of(table, FINDING).get_by_test_id("record-file")).to_have_text("暗访记录.pdf")
    full_screenshot(page, artifacts / "inspections-office.png")
    leave(page)

    # 发改局 (another unit) records its own inspection, and sees that one only, not 良田镇's.
    first_sign_in(page, url, "jiankong")
    page.goto(url + INSPECTIONS)
    expect(page.get_by_role("tab", name="创新奖")).to_have_count(0)
    table = page.get_by_test_id("inspections-table")
    expect(table).to_contain_text("暂无明查暗访记录")
    expect(rows(table)).to_have_count(0)
    page.get_by_test_id("inspection-record").click()
    pick_unit(page, "inspection-unit", "fengdeng")
    pick_date(page, "2015-06-03")
    page.get_by_test_id("inspection-finding").fill(OTHER_FINDING)
    page.get_by_test_id("inspection-save").click()
    expect(message(page, "已保存")).to_be_visible()
    expect(rows(table)).to_have_count(1)
    expect(row_of(table, OTHER_FINDING)).to_contain_text("丰登镇")
    expect(row_of(table, OTHER_FINDING)).to_contain_text("明查")
    page.reload()
    expect(rows(table)).to_have_count(1)
    expect(table).not_to_contain_text(FINDING)
    expect(table).not_to_contain_text("暗访记录.pdf")
    leave(page)

    # 良田镇's reporter reads its own inspection and file (not 丰登镇's), and applies for an
    # award for its own unit (the unit is fixed).
    first_sign_in(page, url, "tianbao")
    page.goto(url + INSPECTIONS)
    expect(page.get_by_role("tab")).to_have_text(["明查暗访", "创新奖"])
    table = page.get_by_test_id("inspections-table")
    expect(rows(table)).to_have_count(1)
    own = row_of(table, FINDING)
    expect(own).to_contain_text("暗访")
    expect(own.get_by_test_id("record-file")).to_have_text("暗访记录.pdf")
    expect(table).not_to_contain_text(OTHER_FINDING)
    for button in ("inspection-edit", "inspection-remove", "record-upload"):
        expect(own.get_by_test_id(button)).to_have_count(0)
    expect(page.get_by_test_id("inspection-record")).to_have_count(0)
    page.get_by_role("tab", name="创新奖").click()
    page.get_by_test_id("award-apply").click()
    unit = page.get_by_test_id("award-unit")
    expect(unit).to_contain_text("良田镇")
    expect(unit.locator(".is-disabled")).to_have_count(1)
    page.get_by_test_id("award-title").fill(AWARD)
    page.get_by_test_id("award-save").click()
    expect(message(page, "已保存")).to_be_visible()
    awards = page.get_by_test_id("awards-table")
    award = row_of(awards, AWARD)
    expect(award).to_contain_text("良田镇")
    expect(award.get_by_test_id("award-status")).to_have_text("待认定")
    expect(award.get_by_test_id("award-recognise")).to_have_count(0)
    award.get_by_test_id("record-upload-input").set_input_files(
        files=FilePayload(name="创新项目申报书.pdf", mimeType="application/pdf", buffer=PDF)
    )
    expect(award.get_by_test_id("record-file")).to_have_text("创新项目申报书.pdf")
    expect(rows(awards)).to_have_count(1)
    leave(page)

    # 考评办 sees both inspections and recognises the application with a point.
    sign_in(page, url, "office", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + INSPECTIONS)
    table = page.get_by_test_id("inspections-table")
    expect(rows(table)).to_have_count(2)
    expect(row_of(table, OTHER_FINDING)).to_contain_text("丰登镇")
    page.get_by_role("tab", name="创新奖").click()
    awards = page.get_by_test_id("awards-table")
    award = row_of(awards, AWARD)
    expect(award.get_by_test_id("record-file")).to_have_text("创新项目申报书.pdf")
    award.get_by_test_id("award-recognise").click()
    page.get_by_test_id("decision-points").fill("1")
    page.get_by_test_id("decision-note").fill("经市考评办认定")
    page.get_by_test_id("decision-save").click()
    expect(message(page, "已保存")).to_be_visible()
    expect(award.get_by_test_id("award-status")).to_have_text("已认定")
    expect(award).to_contain_text("经市考评办认定")
    expect(award.get_by_test_id("award-withdraw")).to_be_visible()
    full_screenshot(page, artifacts / "inspections-awards-office.png")
    leave(page)

    # 良田镇 sees it recognised, with its points; no more uploads to a decided application.
    sign_in(page, url, "tianbao", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + INSPECTIONS)
    award = row_of(page.get_by_test_id("awards-table"), AWARD)
    expect(award.get_by_test_id("award-status")).to_have_text("已认定")
    expect(award.locator("td").nth(5)).to_have_text(re.compile(r"^1(\.0+)?$"))
    expect(award).to_contain_text("经市考评办认定")
    expect(award.get_by_test_id("record-upload")).to_have_count(0)
    expect(award.get_by_test_id("award-remove")).to_have_count(0)
    full_screenshot(page, artifacts / "inspections-awards-unit.png")


# Which of the two pages each demo role finds in its menu (and may open by address), and
# which tabs the 明查暗访与创新奖 page shows it.
MENUS = [
    ("office", True, True, ["明查暗访", "创新奖"]),
    ("leader", False, True, []),
    ("fenguan", False, False, []),
    ("jiankong", True, False, ["明查暗访"]),
    ("ducha", True, True, ["明查暗访"]),
    ("tianbao", True, True, ["明查暗访", "创新奖"]),
    ("fuzeren", True, True, ["明查暗访", "创新奖"]),
    ("caizheng", False, False, []),
]


def test_each_role_sees_the_pages_its_permissions_allow(
    page: Page, fresh_server: FreshServer
) -> None:
    url = fresh_server.url
    for username, inspections, supervision, tabs in MENUS:
        first_sign_in(page, url, username)
        entries = menu_pages(page)
        assert ("明查暗访与创新奖" in entries) is inspections, (username, entries)
        assert ("督查督办" in entries) is supervision, (username, entries)
        page.goto(url + INSPECTIONS)
        if inspections:
            expect(page.get_by_test_id("forbidden")).to_have_count(0)
            names = page.get_by_role("tab")
            expect(names).to_have_count(len(tabs))
            expect(names).to_have_text(tabs)
        else:
            expect(page.get_by_test_id("forbidden")).to_be_visible()
        page.goto(url + BOARD)
        if supervision:
            expect(page.get_by_test_id("forbidden")).to_have_count(0)
            # The board for supervision's readers; a unit only its notices.
            expect(page.get_by_test_id("supervision-notices")).to_be_visible()
            board = page.get_by_test_id("supervision-board")
            expect(board).to_have_count(0 if username in ("tianbao", "fuzeren") else 1)
        else:
            expect(page.get_by_test_id("forbidden")).to_be_visible()
        leave(page)
