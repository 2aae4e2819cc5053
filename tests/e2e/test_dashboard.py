"""数据大屏 and 趋势与分布 in a real browser, on the demo data.

The leadership group (leader) opens the dashboard from the menu: 金凤区's 2015 scheme (a past
year, so its last quarter), the quarter's counts and charts drawn on canvas, the latest ranking
(the demo publishes every quarter); it asks again by itself every 60 seconds, which the page's
clock is moved on to see. The finance bureau (caizheng) reads a unit across years and one
indicator across units with its distribution. The supervision group (ducha) has the dashboard
without the results' pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in, full_screenshot, menu_pages, rows

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
CHARTS = (
    "chart-progress",
    "chart-lights",
    "chart-ranking",
    "chart-unit-lights",
    "chart-progress-trend",
    "chart-totals-trend",
)


def _asks_for_dashboard(request: Request) -> bool:
    return request.url.endswith("/graphql") and "dashboard(" in (request.post_data or "")


def test_the_leadership_watches_the_dashboard_refresh_itself(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("leader"))
    page.clock.install()
    page.goto(url + "/")
    assert {"趋势与分布", "数据大屏"} <= set(menu_pages(page))
    asked: list[Request] = []
    page.on(
        "request", lambda request: asked.append(request) if _asks_for_dashboard(request) else None
    )

    page.get_by_role("menuitem", name="数据大屏").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_test_id("dashboard-title")).to_have_text("绩效考评数据大屏")
    expect(page.get_by_test_id("dashboard-subtitle")).to_have_text(
        "金凤区2015年绩效考评方案 · 第四季度"
    )
    # Full screen: no side menu.
    expect(page.locator(".side-menu")).to_have_count(0)
    for chart in CHARTS:
        expect(page.get_by_test_id(chart).locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("dashboard-ranking-title")).to_have_text(
        "最新排名 · 第四季度（已公布）"
    )
    expect(page.get_by_test_id("kpi-total")).to_contain_text("任务总数")
    expect(page.get_by_test_id("dashboard-refresh")).to_contain_text("每 60 秒自动刷新")
    updated = page.get_by_test_id("dashboard-updated")
    expect(updated).to_have_text(re.compile(r"^更新于 \d{2}:\d{2}:\d{2}$"))
    first = updated.inner_text()
    assert len(asked) == 1
    full_screenshot(page, artifacts / "dashboard.png")

    # A minute later it asks again by itself, and says when.
    with page.expect_request(_asks_for_dashboard):
        page.clock.run_for(61_000)
    expect(updated).not_to_have_text(first)
    assert len(asked) == 2
    for chart in CHARTS:
        expect(page.get_by_test_id(chart).locator("canvas")).to_have_count(1)

    # Another quarter, from the screen itself.
    page.get_by_test_id("dashboard-period-Q1").click()
    expect(page.get_by_test_id("dashboard-subtitle")).to_have_text(
        "金凤区2015年绩效考评方案 · 第一季度"
    )
    expect(page.get_by_test_id("dashboard-ranking-title")).to_have_text(
        "最新排名 · 第一季度（已公布）"
    )


def test_the_finance_bureau_reads_a_unit_across_years_and_an_indicator_across_units(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("caizheng"))
    page.goto(url + "/")
    entries = menu_pages(page)
    assert "趋势与分布" in entries
    assert "数据大屏" not in entries
    page.get_by_role("menuitem", name="趋势与分布").click()
    expect(page).to_have_url(re.compile(f"scheme={SCHEME}"))

    # Across years: the first unit of the year's ranking is chosen; one year, published.
    years = page.get_by_test_id("years-table")
    expect(rows(years)).to_have_count(1)
    expect(rows(years).first).to_contain_text("金凤区2015年绩效考评方案")
    expect(page.get_by_test_id("years-chart").locator("canvas")).to_have_count(1)

    # Across units: the first indicator of the year's result over every unit it applies to.
    page.get_by_role("tab", name="指标分布").click()
    expect(page).to_have_url(re.compile(r"tab=spread"))
    table = page.get_by_test_id("spread-table")
    expect(rows(table).first).to_be_visible()
    count = rows(table).count()
    expect(page.get_by_test_id("spread-count")).to_contain_text(str(count))
    for stat in ("最低", "下四分位", "中位数", "上四分位", "最高", "平均"):
        expect(page.get_by_test_id("spread-stats")).to_contain_text(stat)
    expect(page.get_by_test_id("spread-chart").locator("canvas")).to_have_count(1)
    full_screenshot(page, artifacts / "results-spread.png")


def test_the_supervision_group_has_the_dashboard_but_not_the_results(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str]
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("ducha"))
    page.goto(url + "/")
    entries = menu_pages(page)
    assert "数据大屏" in entries
    assert "趋势与分布" not in entries
    page.goto(url + "/dashboard")
    expect(page.get_by_test_id("chart-lights").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("dashboard-ranking-title")).to_have_text("最新排名")
    expect(page.get_by_test_id("chart-ranking")).to_have_count(0)
    page.goto(url + "/results/trends")
    expect(page.get_by_test_id("forbidden")).to_be_visible()
