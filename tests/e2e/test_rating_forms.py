"""A leader rating form (领导评价表) in a real browser: the office gives the scoring leader the
units in their charge, the leader fills in and submits the form, and the office's matrix shows
both units rated. The module's own server is seeded like `jixiao demo` (赵副区长 is in charge of
良田镇 and 丰登镇)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import NEW_PASSWORD, confirm, first_sign_in, full_screenshot, leave, sign_in

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
LEADER = "fenguan"


def test_a_leader_fills_and_submits_the_form_and_the_office_sees_it(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url

    # The office gives each leader the units in their charge.
    first_sign_in(page, url, module_user("office"))
    page.goto(url + f"/cycle/rating-matrix?scheme={SCHEME}")
    page.get_by_test_id("rating-from-scope").click()
    expect(page.get_by_test_id(f"rating-progress-{LEADER}")).to_have_text("已评 0/2")
    expect(page.get_by_test_id(f"rating-cell-{LEADER}-liangtian")).to_have_text("未评")
    leave(page)

    # The leader opens the form from the menu, saves a draft, then submits.
    first_sign_in(page, url, module_user(LEADER))
    page.locator(".el-menu").get_by_text("领导评价表").click()
    expect(page).to_have_url(re.compile(r"/cycle/rating-form"))
    page.goto(url + f"/cycle/rating-form?scheme={SCHEME}")
    table = page.get_by_test_id("rating-form-table")
    expect(table).to_contain_text("良田镇")
    expect(table).to_contain_text("丰登镇")
    page.get_by_test_id("rating-form-input-liangtian").fill("92")
    page.get_by_test_id("rating-form-save").click()
    expect(page.get_by_test_id("rating-form-state-liangtian")).to_have_text("草稿")
    page.get_by_test_id("rating-form-input-fengdeng").fill("120")
    page.get_by_test_id("rating-form-submit").click()
    expect(page.get_by_test_id("rating-form")).to_contain_text("须为 0～100 之间的数")
    page.get_by_test_id("rating-form-input-fengdeng").fill("90.5")
    page.get_by_test_id("rating-form-submit").click()
    confirm(page)
    expect(page.get_by_test_id("rating-form-submitted")).to_be_visible()
    expect(page.get_by_test_id("rating-form-value-fengdeng")).to_have_text("90.5")
    expect(page.get_by_test_id("rating-form-state-liangtian")).to_have_text("已评")
    full_screenshot(page, artifacts / "rating-form-submitted.png")
    leave(page)

    # The office's matrix shows both units rated by the leader, by name.
    sign_in(page, url, "office", NEW_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto(url + f"/cycle/rating-matrix?scheme={SCHEME}")
    matrix = page.get_by_test_id("rating-matrix-table")
    expect(matrix).to_contain_text("分管领导 赵副区长")
    expect(page.get_by_test_id(f"rating-progress-{LEADER}")).to_have_text("已评 2/2")
    expect(page.get_by_test_id(f"rating-cell-{LEADER}-liangtian")).to_have_text("已评")
    expect(page.get_by_test_id(f"rating-cell-{LEADER}-fengdeng")).to_have_text("已评")
    expect(matrix).to_contain_text("已提交")
    full_screenshot(page, artifacts / "rating-matrix.png")
