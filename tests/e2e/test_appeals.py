"""An appeal in a real browser, from the unit through to the corrected, republished result.

良田镇's reporter appeals its 固定资产投资完成率 score of the fourth quarter in the annual
result; the office routes it to 发展和改革局, whose monitoring officer answers; the office upholds it
with the corrected actual value; the result is recomputed and republished, and the unit sees
the new score and its appeal 已更正. The module's own server is seeded like `jixiao demo`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import (
    NEW_PASSWORD,
    first_sign_in,
    full_screenshot,
    leave,
    row_of,
    sign_in,
)

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
INDICATOR = "固定资产投资完成率"
UNIT_PAGE = f"/results/units/liangtian?scheme={SCHEME}"


def open_line(page: Page, url: str) -> str:
    """The unit's page with the A2 row expanded; the Q4 line's text."""
    page.goto(url + UNIT_PAGE)
    breakdown = page.get_by_test_id("unit-breakdown")
    row_of(breakdown, INDICATOR).locator(".el-table__expand-icon").click()
    line = page.get_by_test_id("line-A2-Q4")
    expect(line).to_be_visible()
    return line.locator(".period-head").inner_text()


def appeal_row(page: Page, url: str, state: str) -> None:
    """The appeals page showing the one appeal in `state`."""
    page.goto(url + "/appeals")
    page.get_by_test_id("appeal-filter").get_by_text("全部").click()
    row = row_of(page.get_by_test_id("appeals-table"), INDICATOR)
    expect(row.get_by_test_id("appeal-state")).to_have_text(state)


def test_an_appeal_goes_from_the_unit_to_a_corrected_republished_result(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url

    # 良田镇's reporter appeals the fourth quarter's line, within the window shown.
    first_sign_in(page, url, module_user("tianbao"))
    before = open_line(page, url)
    expect(page.get_by_test_id("appeal-window")).to_contain_text("个工作日内")
    page.get_by_test_id("line-A2-Q4").get_by_test_id("appeal-line-button").click()
    expect(page.get_by_test_id("appeal-line")).to_contain_text(f"{INDICATOR} · 第四季度")
    page.get_by_test_id("appeal-reason").fill("第四季度两个项目的投资未统计在内")
    page.get_by_test_id("appeal-submit").click()
    expect(page.get_by_test_id("line-A2-Q4").get_by_test_id("under-appeal")).to_have_text("申诉中")
    row_of(page.get_by_test_id("unit-breakdown"), INDICATOR).get_by_test_id("under-appeal")
    # Its year's 加减分 carry the same action, beside each (not raised here).
    bonus = row_of(page.get_by_test_id("unit-adjustments"), "创新奖（集体）")
    expect(bonus).to_contain_text("+2")
    expect(bonus.get_by_test_id("appeal-adjustment-button")).to_have_text("申诉")
    full_screenshot(page, artifacts / "appeal-raised.png")
    appeal_row(page, url, "待分派")
    leave(page)

    # The office routes it to 发展和改革局 (the indicator's monitoring department).
    first_sign_in(page, url, module_user("office"))
    page.goto(url + f"/results?scheme={SCHEME}")
    expect(
        row_of(page.get_by_test_id("ranking-towns"), "良田镇").get_by_test_id("under-appeal")
    ).to_be_visible()
    appeal_row(page, url, "待分派")
    page.get_by_test_id("appeal-route").click()
    page.get_by_test_id("route-handler").click()
    page.locator(".el-select-dropdown__item", has_text="发展和改革局").first.click()
    page.get_by_test_id("route-save").click()
    expect(page.get_by_test_id("appeal-state")).to_have_text("待答复")
    leave(page)

    # 发展和改革局's monitoring officer answers.
    first_sign_in(page, url, module_user("jiankong"))
    appeal_row(page, url, "待答复")
    page.get_by_test_id("appeal-answer-button").click()
    page.get_by_test_id("answer-text").fill("经核实，两个项目投资漏统，完成率应为 100%")
    page.get_by_test_id("answer-save").click()
    expect(page.get_by_test_id("appeal-state")).to_have_text("待裁定")
    leave(page)

    # The office upholds it with the corrected value: the result is republished.
    sign_in(page, url, "office", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    appeal_row(page, url, "待裁定")
    page.get_by_test_id("appeal-decide").click()
    page.get_by_test_id("decide-uphold").click()
    page.get_by_test_id("correct-actual").fill("100")
    page.get_by_test_id("decide-note").fill("漏统属实，予以更正")
    page.get_by_test_id("decide-save").click()
    expect(page.get_by_test_id("appeal-state")).to_have_text("已更正")
    full_screenshot(page, artifacts / "appeal-upheld.png")
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    expect(page.locator("body")).to_contain_text("已被更新结果取代")
    leave(page)

    # The unit sees its appeal corrected and the new score of the republished result.
    sign_in(page, url, "tianbao", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    appeal_row(page, url, "已更正")
    expect(page.get_by_test_id("appeal-decision")).to_contain_text("漏统属实，予以更正")
    after = open_line(page, url)
    assert after != before, (before, after)
    assert re.search(r"得分 \d", after)
    expect(page.get_by_test_id("line-A2-Q4").get_by_test_id("under-appeal")).to_have_count(0)
    full_screenshot(page, artifacts / "appeal-corrected-result.png")
