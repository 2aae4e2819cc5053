"""A satisfaction survey in a real browser: the office creates and opens it and prints
invitation codes, leaving out one unit of the scheme; a respondent answers on a 390 px wide phone
page by code, without an account; the same code is refused the second time; the office sees one
response, marked provisional, and no row of the unit left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import confirm, first_sign_in, full_screenshot, new_context, row_of

pytestmark = pytest.mark.browser

TITLE = "2015年度群众满意度测评（端到端）"
PHONE = {"width": 390, "height": 844}


def field(box: Locator) -> Locator:
    """The input of an Element Plus field, whether the test id sits on it or around it."""
    return box.locator("xpath=self::input | .//input").first


def answer_on_a_phone(browser: Browser, link: str, artifacts: Path, shot: str) -> Page:
    """A phone-sized page of the survey; its first unit rated on every question and sent."""
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(link)
    unit = phone.get_by_test_id("survey-unit-0")
    expect(unit).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    for group in unit.locator(".el-radio-group").all():
        group.get_by_text("满意", exact=True).click()
    phone.screenshot(path=artifacts / shot)  # what the phone's screen shows
    phone.get_by_test_id("survey-submit").click()
    return phone


def test_a_survey_is_answered_on_a_phone_by_code_and_counted_once(
    page: Page,
    browser: Browser,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
) -> None:
    url = module_server.url

    # The office creates the survey (five points) with all appraised units but the first, and
    # opens it.
    first_sign_in(page, url, module_user("office"))
    page.goto(url + "/surveys")
    page.get_by_test_id("survey-create").click()
    field(page.get_by_test_id("survey-title")).fill(TITLE)
    picker = page.get_by_test_id("survey-units")
    boxes = picker.locator(".el-checkbox-group .el-checkbox")
    expect(boxes.first).to_be_visible()
    total = boxes.count()
    assert total > 1, "the scheme should have more than one unit to leave one out"
    count = picker.get_by_test_id("survey-units-count")
    expect(count).to_have_text(f"已选 {total} / {total} 个")
    left_out = boxes.first.inner_text().strip()
    boxes.first.click()
    expect(count).to_have_text(f"已选 {total - 1} / {total} 个")
    full_screenshot(page, artifacts / "survey-units.png")
    page.get_by_test_id("survey-save").click()
    table = page.get_by_test_id("surveys-table")
    expect(row_of(table, TITLE).get_by_test_id("survey-state")).to_have_text("草稿")
    row_of(table, TITLE).get_by_test_id("survey-open").click()
    confirm(page)
    expect(row_of(table, TITLE).get_by_test_id("survey-state")).to_have_text("进行中")

    # Two invitation codes, shown once with their QR codes.
    row_of(table, TITLE).get_by_test_id("survey-codes-open").click()
    dialog = page.get_by_test_id("survey-codes")
    field(dialog.get_by_test_id("code-count")).fill("2")
    dialog.get_by_test_id("generate-codes").click()
    expect(dialog.get_by_test_id("invitation")).to_have_count(2)
    expect(dialog.get_by_test_id("invitation").first.locator("img")).to_be_visible()
    code = dialog.get_by_test_id("invitation-code").first.inner_text().strip()
    link = dialog.get_by_test_id("survey-link").inner_text().strip() + f"?code={code}"
    full_screenshot(page, artifacts / "survey-codes.png")

    # A respondent answers on a phone without an account; the code is then used up.
    phone = answer_on_a_phone(browser, link, artifacts, "survey-phone.png")
    expect(phone.get_by_test_id("survey-done")).to_contain_text("提交成功")
    again = answer_on_a_phone(browser, link, artifacts, "survey-phone-again.png")
    expect(again.get_by_test_id("survey-error")).to_have_text(
        "该邀请码已使用过，每个邀请码只能提交一次答卷"
    )

    # The office sees one response: the first unit's mean of 80, provisional (minimum 30).
    page.keyboard.press("Escape")
    page.reload()
    expect(row_of(page.get_by_test_id("surveys-table"), TITLE)).to_contain_text("1")
    row_of(page.get_by_test_id("surveys-table"), TITLE).get_by_test_id(
        "survey-results-open"
    ).click()
    results = page.get_by_test_id("survey-results")
    expect(results.get_by_test_id("survey-responses")).to_have_text("1")
    rows = results.locator("tbody tr.el-table__row")
    expect(rows).to_have_count(total - 1)
    expect(results.locator("tbody")).not_to_contain_text(left_out)
    first = rows.first
    expect(first).to_contain_text("80.00")
    expect(first).to_contain_text("暂定")
    full_screenshot(page, artifacts / "survey-results.png")
