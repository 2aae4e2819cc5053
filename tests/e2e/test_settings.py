"""The tenant's settings page in a real browser: the system administrator changes a setting,
and a value the server refuses shows its reason on the row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in, full_screenshot

pytestmark = pytest.mark.browser


def test_the_system_administrator_changes_a_setting_and_sees_a_refusal_on_its_row(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("admin"))
    page.goto(url + "/")
    page.get_by_role("menuitem", name="系统设置").click()
    expect(page).to_have_url(url + "/system/settings")
    expect(page.get_by_test_id("settings-group-supervision")).to_contain_text("督查督办")

    # The yellow light line may not reach the green one (90): refused, with the reason.
    yellow = page.get_by_test_id("setting-supervision_yellow_percent")
    field = yellow.locator("input")
    field.fill("95")
    field.press("Tab")  # the number input takes its value on change
    yellow.get_by_test_id("setting-save").click()
    expect(yellow.get_by_test_id("setting-error")).to_contain_text("须低于「督查绿灯线」")

    # A fine value is saved, differs from the default and survives a reload.
    field.fill("70")
    field.press("Tab")
    yellow.get_by_test_id("setting-save").click()
    # Saved once the server says so: the row's error and restore link follow the draft, and a
    # reload before the answer once lost the change.
    expect(page.locator(".el-message").filter(has_text="已保存“督查黄灯线”")).to_be_visible()
    expect(yellow.get_by_test_id("setting-error")).to_have_count(0)
    expect(yellow.get_by_test_id("setting-restore")).to_be_visible()
    page.reload()
    expect(
        page.get_by_test_id("setting-supervision_yellow_percent").locator("input")
    ).to_have_value("70")
    full_screenshot(page, artifacts / "settings.png")
