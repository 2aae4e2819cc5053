"""Appraisal setup in a real browser: schemes and their lifecycle, groups and quotas, the indicator
tree with its validation, imports and exports, and the units.

The module has a server of its own: these tests approve, publish and revise the demo scheme and
edit its indicators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from jixiao.engine.examples import example_path
from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in, full_screenshot, menu_groups, menu_pages, new_context

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
SCHEME_NAME = "金凤区2015年绩效考评方案"


def tree_codes(tree: Locator) -> list[str]:
    """The codes of the tree's nodes, top to bottom."""
    return [text.strip() for text in tree.locator(".node .code").all_inner_texts()]


def edit_share(page: Page, node: str, quarter: str, share: str) -> None:
    """Open a leaf in the drawer, change one quarter's share of its points, and save."""
    page.get_by_test_id(f"node-{node}").click()
    drawer = page.get_by_test_id("indicator-drawer")
    expect(drawer.get_by_test_id("indicator-code")).to_have_value(node)
    drawer.get_by_label(quarter, exact=True).fill(share)
    drawer.get_by_test_id("indicator-save").click()
    expect(page.get_by_test_id("indicator-drawer")).to_be_hidden()


def test_the_office_sets_up_the_scheme_and_takes_it_through_its_lifecycle(
    page: Page,
    browser: Browser,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
    tmp_path: Path,
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("office"))
    page.get_by_role("menuitem", name="考评方案").click()
    schemes = page.get_by_test_id("schemes-table")
    row = schemes.locator("tbody tr.el-table__row", has_text=SCHEME_NAME)
    expect(row.get_by_test_id("scheme-status")).to_have_text("草稿")
    # Approving is the leadership group's: the office has no button for it.
    expect(row.get_by_test_id("scheme-approve")).to_have_count(0)
    full_screenshot(page, artifacts / "setup-schemes.png")

    # Export the scheme as interchange text.
    row.get_by_test_id("scheme-export").click()
    with page.expect_download() as info:
        page.get_by_test_id("scheme-export-yaml").click()
    assert info.value.suggested_filename == f"{SCHEME}.scheme.yaml"
    exported = tmp_path / "exported.yaml"
    info.value.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("format: jixiao.scheme/1")
    assert SCHEME_NAME in text

    # Groups: 7 towns and subdistricts at 3:5:2 get 2/4/1 seats; the preview follows the ratio.
    row.get_by_role("link", name=SCHEME_NAME).click()
    expect(page.get_by_test_id("scheme-title")).to_have_text(SCHEME_NAME)
    page.get_by_role("tab", name="考评分组").click()
    towns = page.get_by_test_id("group-towns")
    expect(towns.get_by_test_id("quota-summary")).to_have_text("7 个单位按 3:5:2：名额 2/4/1")
    expect(page.get_by_test_id("group-econ").get_by_test_id("quota-summary")).to_have_text(
        "6 个单位按 3:5:2：名额 2/3/1"
    )
    full_screenshot(page, artifacts / "setup-groups.png")
    page.get_by_test_id("group-edit-towns").click()
    dialog = page.get_by_test_id("group-dialog")
    dialog.get_by_test_id("group-ratio-input").fill("3:4:3")
    expect(dialog.get_by_test_id("quota-summary")).to_have_text("7 个单位按 3:4:3：名额 2/3/2")
    page.screenshot(path=artifacts / "setup-group-dialog.png", animations="disabled")
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()

    # The indicator tree: valid, with the per-unit points check as a warning.
    page.get_by_role("tab", name="指标体系").click()
    tree = page.get_by_test_id("indicator-tree")
    expect(tree.get_by_test_id("tree-valid")).to_have_text("校验通过")
    expect(tree.get_by_test_id("points-check")).to_contain_text(
        "17 个单位的适用指标分值合计不等于 100（共 24 个单位）"
    )
    expect(tree.get_by_test_id("node-A1")).to_contain_text("招商引资到位资金")

    # Editing a leaf so its shares add up to 0.9: the node says so, the scheme is not valid.
    edit_share(page, "A1", "第四季度", "0.4")
    expect(tree.get_by_test_id("node-A1").get_by_test_id("node-issues")).to_contain_text(
        "各期份额之和为 0.9，应为 1"
    )
    expect(tree.get_by_test_id("tree-valid")).to_have_text("未通过校验")
    full_screenshot(page, artifacts / "setup-tree-invalid.png")
    edit_share(page, "A1", "第四季度", "0.5")
    expect(tree.get_by_test_id("node-issues")).to_have_count(0)
    expect(tree.get_by_test_id("tree-valid")).to_have_text("校验通过")

    # Drag 固定资产投资完成率 (A2) above A1.
    assert tree_codes(tree)[:3] == ["A", "A1", "A2"]
    tree.get_by_test_id("node-A2").drag_to(
        tree.get_by_test_id("node-A1"), target_position={"x": 40, "y": 2}
    )
    expect(page.get_by_text("已移动「固定资产投资完成率」")).to_be_visible()
    expect(tree.locator(".node .code").nth(1)).to_have_text("A2")
    assert tree_codes(tree)[:3] == ["A", "A2", "A1"]
    full_screenshot(page, artifacts / "setup-tree.png")

    # The leadership group approves the draft (in its own browser).
    leader_context = new_context(browser)
    try:
        leader = leader_context.new_page()
        first_sign_in(leader, url, module_user("leader"))
        leader.goto(url + "/setup/schemes")
        mine = leader.get_by_test_id("schemes-table").locator(
            "tbody tr.el-table__row", has_text=SCHEME_NAME
        )
        expect(mine.get_by_test_id("scheme-publish")).to_have_count(0)
        mine.get_by_test_id("scheme-approve").click()
        leader.get_by_placeholder("审定意见（选填）").fill("同意")
        leader.get_by_role("button", name="确定").click()
        expect(leader.get_by_text("方案已审定")).to_be_visible()
        expect(mine.get_by_test_id("scheme-status")).to_have_text("已审定")
    finally:
        leader_context.close()

    # Approved: locked; the office publishes it, then revises it back to a draft.
    page.reload()
    expect(page.get_by_test_id("scheme-status")).to_have_text("已审定")
    expect(page.get_by_test_id("scheme-locked")).to_contain_text("请先发起修订")
    page.get_by_test_id("scheme-publish").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("scheme-status")).to_have_text("已发布")
    full_screenshot(page, artifacts / "setup-scheme-published.png")
    page.get_by_test_id("scheme-revise").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("请填写修订原因")).to_be_visible()
    page.get_by_placeholder("修订原因（必填）").fill("调整招商引资指标的季度分值")
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("scheme-status")).to_have_text("草稿")
    page.get_by_role("tab", name="修订记录").click()
    expect(page.get_by_role("tabpanel", name="修订记录")).to_contain_text("考评领导小组 李组长")

    # Import another scheme from interchange text.
    source = (example_path(SCHEME) / "scheme.yaml").read_text(encoding="utf-8")
    upload = tmp_path / "e2e-import.scheme.yaml"
    upload.write_text(
        source.replace(f"code: {SCHEME}", "code: e2e-import", 1).replace(
            f"name: {SCHEME_NAME}", "name: 导入测试方案", 1
        ),
        encoding="utf-8",
    )
    page.get_by_role("menuitem", name="考评方案").click()
    page.get_by_test_id("scheme-import").click()
    page.get_by_test_id("import-scheme-file-input").set_input_files(upload)
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-counts")).to_be_visible()
    page.screenshot(path=artifacts / "setup-scheme-import.png", animations="disabled")
    page.get_by_role("button", name="关闭", exact=True).click()
    expect(schemes.locator("tbody tr.el-table__row", has_text="导入测试方案")).to_contain_text(
        "草稿"
    )


def test_the_system_administrator_manages_the_units_and_their_users(
    page: Page,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
    tmp_path: Path,
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("admin"))
    page.goto(url + "/")
    assert menu_groups(page) == ["考评设置", "系统管理"]
    assert menu_pages(page) == ["首页", "考评对象", "用户管理", "系统设置", "我的账户"]

    page.get_by_role("menuitem", name="考评对象").click()
    table = page.get_by_test_id("units-table")
    expect(table.locator("tbody tr.el-table__row")).to_have_count(24)
    liangtian = table.locator("tbody tr.el-table__row", has_text="良田镇")
    expect(liangtian).to_contain_text("填报员：良田镇 填报员")

    # Filter: the towns.
    page.get_by_test_id("units-kind").click()
    page.get_by_role("option", name="镇", exact=True).click()
    expect(table.locator("tbody tr.el-table__row")).to_have_count(2)
    page.get_by_test_id("units-kind").click()
    page.get_by_role("option", name="全部类型").click()
    expect(table.locator("tbody tr.el-table__row")).to_have_count(24)

    # A new unit.
    page.get_by_test_id("unit-create").click()
    dialog = page.get_by_test_id("unit-dialog")
    dialog.get_by_test_id("unit-code").fill("e2e-bureau")
    dialog.get_by_test_id("unit-name").fill("测试局")
    dialog.get_by_test_id("unit-save").click()
    expect(table.locator("tbody tr.el-table__row", has_text="e2e-bureau")).to_contain_text("测试局")

    # Link a contact to 良田镇.
    page.get_by_test_id("unit-actions-liangtian").get_by_test_id("unit-links").click()
    links = page.get_by_test_id("unit-links-dialog")
    links.get_by_test_id("links-CONTACT").click()
    page.keyboard.type("ducha")
    # The list of every candidate shows at once; the choice is made in what the search found
    # (picked while the search was under way, the click once landed on its loading state).
    expect(page.get_by_role("option")).to_have_count(1)
    page.get_by_role("option", name=re.compile(r"督查组 孙组长（ducha）")).click()
    links.locator(".el-dialog__title").click()
    # Under load the save once went before the choice was taken: the dialog closed unchanged.
    expect(links.get_by_test_id("links-CONTACT")).to_contain_text("督查组 孙组长")
    links.get_by_test_id("links-save").click()
    expect(links).to_be_hidden()
    expect(liangtian).to_contain_text("联系领导：督查组 孙组长")
    full_screenshot(page, artifacts / "setup-units.png")

    with page.expect_download() as info:
        page.get_by_test_id("units-template").click()
    assert info.value.suggested_filename == "考评对象模板.xlsx"
    template = tmp_path / "units.xlsx"
    info.value.save_as(template)
    assert template.read_bytes()[:2] == b"PK"

    # No appraisal data for the system administrator.
    for path in ("/setup/schemes", "/results"):
        page.goto(url + path)
        expect(page.get_by_test_id("forbidden")).to_be_visible()
