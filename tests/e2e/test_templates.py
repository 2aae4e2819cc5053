"""Scheme templates in a real browser (issue 19 item 3).

The platform operator finds the shipped template with its indicator library by unit kind and
uploads one of its own for districts; 金凤区's office saves its 2015 scheme to its own 指标库
(保存为模板) and starts 2016's from it (从模板新建方案), where the operator's template for
districts is offered beside it.

The test has a server of its own: it changes the demo's data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from jixiao.demo import DEMO_PASSWORD
from jixiao.engine.examples import example_path
from tests.e2e.conftest import FreshServer
from tests.e2e.portal import (
    change_password,
    enrol_authenticator,
    first_sign_in,
    full_screenshot,
    new_context,
)

pytestmark = pytest.mark.browser

LIBRARY_NAME = "金凤区2015年绩效考评方案指标库"  # the name the dialog proposes


def field(page: Page, test_id: str, tag: str = "input") -> Locator:
    """The text control of a form field, whether the test id sits on it or on its wrapper."""
    return page.get_by_test_id(test_id).locator(f"xpath=descendant-or-self::{tag}").first


def test_the_operator_uploads_a_template_and_the_office_starts_next_year_from_its_own(
    page: Page, browser: Browser, fresh_server: FreshServer, artifacts: Path
) -> None:
    url = fresh_server.url

    # 平台运营: first sign-in, then 方案模板.
    page.goto(url + "/login")
    page.get_by_text("平台运营人员").click()
    page.get_by_test_id("login-username").fill("operator")
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-password").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/password"))
    change_password(page, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/second-factor"))
    enrol_authenticator(page)
    page.get_by_role("menuitem", name="方案模板").click()
    expect(page).to_have_url(re.compile(r"/operator/templates"))
    shipped = page.get_by_test_id("template-kind-jinfeng-2015-TOWN")
    expect(shipped).to_contain_text(re.compile(r"镇 \d+ 个对象 · \d+ 项指标"))

    page.get_by_test_id("template-upload").click()
    field(page, "template-code").fill("district-basic")
    field(page, "template-name").fill("区县基础指标库")
    page.get_by_test_id("template-level").get_by_text("区", exact=True).click()
    text = (example_path("jinfeng-2015") / "scheme.yaml").read_text(encoding="utf-8")
    field(page, "template-document", "textarea").fill(text)
    page.get_by_test_id("template-submit").click()
    expect(page.get_by_text("已保存模板「区县基础指标库」")).to_be_visible()
    table = page.get_by_test_id("template-table")
    expect(table).to_contain_text("区县基础指标库")
    expect(page.get_by_test_id("template-kind-district-basic-DEPARTMENT")).to_contain_text("部门")
    full_screenshot(page, artifacts / "operator-templates.png")

    # 考评办 of 金凤区, in a browser of its own: 保存为模板, then 从模板新建方案.
    office_context = new_context(browser)
    try:
        office = office_context.new_page()
        first_sign_in(office, url, "office")
        office.goto(url + "/setup/schemes/jinfeng-2015")
        office.get_by_role("tab", name="导入导出").click()
        office.get_by_test_id("scheme-save-template").click()
        expect(field(office, "save-template-name")).to_have_value(LIBRARY_NAME)
        office.get_by_test_id("save-template-submit").click()
        expect(office.get_by_text(f"已保存到指标库：{LIBRARY_NAME}")).to_be_visible()

        office.goto(url + "/setup/schemes")
        office.get_by_test_id("scheme-new").click()
        office.get_by_test_id("new-scheme-way-template").click()
        office.get_by_test_id("new-scheme-template").click()
        expect(office.get_by_role("option", name=re.compile("区县基础指标库"))).to_be_visible()
        expect(office.get_by_text("本单位指标库", exact=True)).to_be_visible()
        full_screenshot(office, artifacts / "new-scheme-from-library.png")
        office.get_by_role("option", name=re.compile(LIBRARY_NAME)).click()
        for test_id, value in (
            ("new-scheme-code", "jinfeng-2016"),
            ("new-scheme-name", "金凤区2016年绩效考评方案"),
            ("new-scheme-year", "2016"),
        ):
            field(office, test_id).fill(value)
        office.get_by_test_id("new-scheme-submit").click()
        expect(office).to_have_url(re.compile(r"/setup/schemes/jinfeng-2016"))
        expect(office.get_by_test_id("scheme-status")).to_have_text("草稿")
    finally:
        office_context.close()
