"""Results in a real browser: rankings, a unit's breakdown and trend, comparison, runs, bonus table.

The module's own server is seeded like `jixiao demo`: the jinfeng-2015 scheme with its data,
the annual and Q1–Q4 results computed, approved and published.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in, full_screenshot, menu_groups, menu_pages

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
TOWNS = [
    "上海西路街道",
    "良田镇",
    "丰登镇",
    "满城北街街道",
    "北京中路街道",
    "长城中路街道",
    "黄河东路街道",
]


def units_listed(page: Page, testid: str) -> list[str]:
    """The units of a results table, top to bottom, by the table's test id."""
    table = page.get_by_test_id(testid)
    expect(table.locator("tbody tr.el-table__row").first).to_be_visible()
    return [text.strip() for text in table.locator("tbody tr.el-table__row a").all_inner_texts()]


def test_the_office_reads_the_rankings_a_units_breakdown_and_compares_units(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("office"))
    page.goto(url + "/")
    assert menu_groups(page) == ["考评过程", "考评结果", "上下级考评", "考评设置", "通知公告"]
    assert menu_pages(page) == [
        "首页",
        "任务分解",
        "进度核实",
        "赋分",
        "评价与加减分",
        "领导评价进度",
        "明查暗访与创新奖",
        "督查督办",
        "结果排名",
        "单位对比",
        "趋势与分布",
        "数据大屏",
        "结果计算与公布",
        "绩效奖金表",
        "申诉",
        "满意度测评",
        "阳光考核",
        "市级排名下发",
        "上级下发项目",
        "区县结果对比",
        "考评方案",
        "考评对象",
        "我的通知",
        "通知公告管理",
        "我的账户",
    ]

    # The rankings: the newest scheme, the year, 镇街组 first.
    page.get_by_role("menuitem", name="结果排名").click()
    expect(page).to_have_url(re.compile(rf"/results\?scheme={SCHEME}"))
    expect(page.get_by_test_id("run-summary")).to_contain_text("金凤区2015年绩效考评方案")
    expect(page.get_by_test_id("run-status")).to_have_text("已公布")
    expect(page.get_by_role("tab", name="镇街组（7）")).to_have_attribute("aria-selected", "true")
    towns = page.get_by_test_id("ranking-towns")
    first = towns.locator("tbody tr.el-table__row").first
    expect(first.locator("td").nth(2)).to_have_text("1")
    expect(first.locator("td").nth(3)).to_have_text("上海西路街道")
    expect(first.locator("td").nth(4)).to_have_text("84.91")
    expect(first).to_contain_text("一等奖")
    expect(first).to_contain_text("168,000.00")
    assert units_listed(page, "ranking-towns") == TOWNS
    expect(towns.locator("thead")).to_contain_text("指标考核（80%）")

    # 丰登镇: a binding indicator failed, so one grade down and no award; the reasons expand.
    fengdeng = towns.locator("tbody tr.el-table__row", has_text="丰登镇")
    expect(fengdeng.locator("[data-flag='binding_failed']")).to_have_text("约束性指标未完成")
    expect(fengdeng.locator("[data-flag='no_award']")).to_have_text("取消评优")
    expect(fengdeng).to_contain_text("二等奖 → 无")
    fengdeng.locator(".el-table__expand-icon").click()
    explain = page.get_by_test_id("explain-fengdeng")
    expect(explain).to_contain_text("约束性指标安全生产未完成")
    expect(explain).to_contain_text("取消评优资格：三等奖 → 无")
    full_screenshot(page, artifacts / "results-rankings.png")

    # The other groups and the overall ranking (departments, then towns and subdistricts).
    page.get_by_role("tab", name=re.compile("经济发展组")).click()
    expect(page.get_by_test_id("ranking-econ")).to_contain_text("财政局")
    page.get_by_role("tab", name="总分排序").click()
    overall = page.get_by_test_id("ranking-overall")
    expect(overall.locator("tbody tr.el-table__row")).to_have_count(24)
    expect(overall).to_contain_text("镇街")

    # A quarter: the indicators component only, no grades or bonus.
    page.get_by_role("tab", name="镇街组（7）").click()
    page.get_by_test_id("period-Q1").click()
    expect(page).to_have_url(re.compile(r"period=Q1"))
    expect(page.get_by_test_id("run-summary")).to_contain_text("第一季度")
    expect(towns.locator("thead")).not_to_contain_text("等次")
    expect(towns.locator("thead")).not_to_contain_text("领导评价")
    page.get_by_test_id("period-ANNUAL").click()
    expect(towns.locator("thead")).to_contain_text("等次")

    # A unit's page: figures, reasons, breakdown to each indicator and its scores, the trend.
    towns.get_by_role("link", name="上海西路街道").click()
    expect(page).to_have_url(re.compile(r"/results/units/shanghaixilu\?scheme=jinfeng-2015"))
    expect(page.get_by_test_id("unit-title")).to_have_text("上海西路街道")
    expect(page.get_by_test_id("unit-total")).to_have_text("84.91")
    expect(page.get_by_test_id("unit-rank")).to_have_text("1")
    expect(page.get_by_test_id("unit-explain")).to_contain_text(
        "按梯度比例3:5:2（7个单位，名额2/4/1）评为一等奖"
    )
    breakdown = page.get_by_test_id("unit-breakdown")
    expect(breakdown.locator("tbody tr.el-table__row").first).to_contain_text("招商引资到位资金")
    a1 = breakdown.locator("tbody tr.el-table__row", has_text="招商引资到位资金")
    expect(a1).to_contain_text("第二季度、第四季度")
    a1.locator(".el-table__expand-icon").click()
    q2 = page.get_by_test_id("line-A1-Q2")
    expect(q2).to_contain_text("可得分 6，得分 4.22")
    expect(q2.get_by_test_id("source-scores")).to_contain_text("70.37")
    expect(q2.get_by_test_id("source-scores")).to_contain_text("考评办 王主任")
    trend = page.get_by_test_id("unit-trend")
    expect(trend.locator("canvas")).to_have_count(1)
    expect(trend).to_contain_text("第一季度")
    expect(trend).to_contain_text("87.22")
    full_screenshot(page, artifacts / "results-unit.png")

    # Compare three units: bars, then a radar, and the table.
    page.get_by_test_id("unit-back").click()
    boxes = page.get_by_test_id("ranking-towns").locator("tbody tr.el-table__row .el-checkbox")
    for index in range(3):
        boxes.nth(index).click()
    expect(page.get_by_test_id("rankings-compare")).to_have_text("对比所选（3）")
    page.get_by_test_id("rankings-compare").click()
    expect(page).to_have_url(
        re.compile(r"/results/compare\?.*units=shanghaixilu,liangtian,fengdeng")
    )
    result = page.get_by_test_id("compare-result")
    expect(result.locator("canvas")).to_have_count(1)
    assert units_listed(page, "compare-table") == TOWNS[:3]
    full_screenshot(page, artifacts / "results-compare-bar.png")
    page.get_by_test_id("compare-radar").click()
    expect(result.locator("canvas")).to_have_count(1)
    full_screenshot(page, artifacts / "results-compare-radar.png")

    # The runs: all five published; computing again with the same data changes nothing.
    page.get_by_role("menuitem", name="结果计算与公布").click()
    expect(page.get_by_test_id("runs-nothing-pending")).to_be_visible()
    runs = page.get_by_test_id("runs-table")
    expect(runs.locator("tbody tr.el-table__row")).to_have_count(5)
    expect(runs.get_by_test_id("run-status")).to_have_text(["已公布"] * 5)
    expect(runs.get_by_test_id("run-review")).to_have_count(0)
    page.get_by_test_id("runs-compute").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("数据没有变化，沿用已有的计算结果")).to_be_visible()
    expect(runs.locator("tbody tr.el-table__row")).to_have_count(5)
    full_screenshot(page, artifacts / "results-runs.png")


def test_the_leadership_group_sees_every_unit_and_has_nothing_new_to_approve(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("leader"))
    page.goto(url + "/")
    assert menu_pages(page) == [
        "首页",
        "任务分解",
        "赋分",
        "督查督办",
        "结果排名",
        "单位对比",
        "趋势与分布",
        "数据大屏",
        "结果计算与公布",
        "市级排名下发",
        "上级下发项目",
        "区县结果对比",
        "考评方案",
        "我的通知",
        "我的账户",
    ]

    page.get_by_role("menuitem", name="结果排名").click()
    tabs = page.get_by_test_id("rankings-tabs").get_by_role("tab")
    expect(tabs).to_have_text(
        ["镇街组（7）", "经济发展组（6）", "社会事业组（5）", "综合管理组（6）", "总分排序"]
    )
    expect(page.get_by_test_id("rankings-scope")).to_have_count(0)
    expect(page.get_by_test_id("ranking-towns").locator("tbody tr.el-table__row")).to_have_count(7)
    # The bonus table is the finance bureau's.
    expect(page.get_by_test_id("rankings-export-bonus")).to_have_count(0)

    page.get_by_role("menuitem", name="结果计算与公布").click()
    expect(page.get_by_test_id("runs-nothing-pending")).to_be_visible()
    runs = page.get_by_test_id("runs-table")
    expect(runs.locator("tbody tr.el-table__row")).to_have_count(5)
    expect(runs.get_by_test_id("run-approve")).to_have_count(0)
    # Approving is theirs, computing is not.
    expect(page.get_by_test_id("runs-compute-form")).to_have_count(0)
    full_screenshot(page, artifacts / "results-runs-leader.png")


def test_a_unit_reporter_sees_only_its_own_units_published_results(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("tianbao"))
    page.goto(url + "/")
    assert menu_pages(page) == [
        "首页",
        "任务分解",
        "进度填报",
        "明查暗访与创新奖",
        "督查督办",
        "结果排名",
        "单位对比",
        "趋势与分布",
        "申诉",
        "我的通知",
        "我的账户",
    ]

    # A unit has no scheme:read, yet picks from the appraisal schemes (`appraisalSchemes`);
    # the newest is chosen for it and kept in the address.
    page.get_by_role("menuitem", name="结果排名").click()
    expect(page.get_by_test_id("scheme-select")).to_be_visible()
    expect(page.get_by_test_id("scheme-code")).to_have_count(0)
    expect(page).to_have_url(re.compile(f"scheme={SCHEME}"))
    expect(page.get_by_test_id("rankings-scope")).to_contain_text("只能看到本单位已公布的结果")
    tabs = page.get_by_test_id("rankings-tabs").get_by_role("tab")
    expect(tabs).to_have_text(["镇街组（1）", "总分排序"])
    only = page.get_by_test_id("ranking-towns").locator("tbody tr.el-table__row")
    expect(only).to_have_count(1)
    expect(only).to_contain_text("良田镇")
    expect(only).to_contain_text("84.41")
    full_screenshot(page, artifacts / "results-rankings-unit.png")

    # Its own page, with the trend; another unit's page has nothing to show.
    page.get_by_test_id("ranking-towns").get_by_role("link", name="良田镇").click()
    expect(page.get_by_test_id("unit-total")).to_have_text("84.41")
    expect(page.get_by_test_id("unit-trend").locator("canvas")).to_have_count(1)
    full_screenshot(page, artifacts / "results-unit-own.png")
    page.goto(url + f"/results/units/shanghaixilu?scheme={SCHEME}")
    expect(page.get_by_test_id("unit-empty")).to_contain_text("没有该单位在此周期可查看的结果")
    expect(page.get_by_test_id("unit-trend")).to_have_count(0)

    # Comparing with other units shows only its own.
    page.goto(url + f"/results/compare?scheme={SCHEME}&units=liangtian,shanghaixilu")
    expect(page.get_by_test_id("compare-unseen")).to_contain_text("shanghaixilu")
    assert units_listed(page, "compare-table") == ["良田镇"]

    # The runs and the setup are not for units.
    for path in ("/results/runs", "/setup/schemes", "/results/bonus"):
        page.goto(url + path)
        expect(page.get_by_test_id("forbidden")).to_be_visible()


def test_the_finance_bureau_downloads_the_bonus_table(
    page: Page,
    module_server: ModuleServer,
    module_user: Callable[[str], str],
    artifacts: Path,
    tmp_path: Path,
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("caizheng"))
    page.goto(url + "/")
    assert menu_pages(page) == [
        "首页",
        "结果排名",
        "单位对比",
        "趋势与分布",
        "绩效奖金表",
        "我的通知",
        "我的账户",
    ]

    # result:read gives the bureau the appraisal schemes to pick from; the newest is chosen.
    page.get_by_role("menuitem", name="绩效奖金表").click()
    expect(page).to_have_url(re.compile(f"scheme={SCHEME}"))
    table = page.get_by_test_id("bonus-table")
    expect(table.locator("tbody tr.el-table__row")).to_have_count(24)
    expect(table.locator("tbody tr.el-table__row", has_text="良田镇")).to_contain_text("182,400.00")
    expect(page.get_by_test_id("bonus-total")).to_contain_text("元")
    full_screenshot(page, artifacts / "results-bonus.png")

    with page.expect_download() as info:
        page.get_by_test_id("bonus-export").click()
    download = info.value
    assert download.suggested_filename == f"绩效奖金表-{SCHEME}.xlsx"
    saved = tmp_path / "bonus.xlsx"
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
