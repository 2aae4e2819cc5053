"""公示 in a real browser: the office puts the corrected annual result in 公示, and 良田镇's
reporter sees the whole ranking marked 公示中 with its end and objects to a line of its own
result (an appeal on the run in 公示).

The module's own server is seeded like `jixiao demo` (every period published). Before the
browser, the office corrects a fourth-quarter score of 良田镇 and the annual result is recomputed,
reviewed and approved through the services: the new run is what goes into 公示.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jixiao.platform.db import Database
from jixiao.scoring.entry.corrections import correct_score
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.runs import service
from jixiao.tenants.service import find_tenant
from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in, full_screenshot, leave, row_of
from tests.factories import everything

pytestmark = pytest.mark.browser

SCHEME = "jinfeng-2015"
INDICATOR = "固定资产投资完成率"


def approved_correction(server: ModuleServer) -> None:
    """A corrected score and the annual result recomputed, reviewed and approved (not published)."""
    database = Database(server.settings)
    try:
        with database.platform_session() as platform:
            tenant = find_tenant(platform, "jinfeng")
        assert tenant is not None
        office = everything(tenant, name="考评办 王主任")
        with database.tenant_session(tenant.id) as session:
            correct_score(
                session,
                office,
                SCHEME,
                "Q4",
                ScoreInput(unit="liangtian", indicator="A1", actual=Decimal("100")),
                scorer=None,
                reason="复核更正第四季度到位资金",
            )
            run = service.compute_run(session, SCHEME, "annual", actor=office).run
            service.review_run(session, run.id, actor=office)
            service.approve_run(session, run.id, actor=office)
            session.commit()
    finally:
        database.dispose()


def test_a_unit_sees_the_whole_ranking_in_publicity_and_objects_to_its_line(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], artifacts: Path
) -> None:
    url = module_server.url
    approved_correction(module_server)

    # The office puts the approved annual result in 公示 for the tenant's period.
    first_sign_in(page, url, module_user("office"))
    page.goto(url + f"/results/runs?scheme={SCHEME}")
    actions = page.get_by_test_id("run-actions-ANNUAL").first
    actions.get_by_test_id("run-publicity").click()
    expect(page.get_by_test_id("publicity-explain")).to_contain_text("将公示 5 个工作日")
    page.get_by_test_id("publicity-confirm").click()
    expect(page.get_by_text("已开始公示，已通知各单位")).to_be_visible()
    expect(page.get_by_test_id("publicity-mark").first).to_contain_text("公示期至")
    expect(page.get_by_test_id("run-end-publicity").first).to_be_visible()
    full_screenshot(page, artifacts / "publicity-runs.png")
    leave(page)

    # 良田镇's reporter sees every town of the ranking, marked 公示中 with its end.
    first_sign_in(page, url, module_user("tianbao"))
    page.goto(url + f"/results?scheme={SCHEME}")
    summary = page.get_by_test_id("run-summary")
    expect(summary.get_by_test_id("run-status")).to_have_text("公示中")
    expect(summary.get_by_test_id("publicity-mark")).to_have_text(
        re.compile(r"^公示期至 \d{4}/\d{2}/\d{2} \d{2}:\d{2}$")
    )
    towns = page.get_by_test_id("ranking-towns")
    expect(row_of(towns, "丰登镇")).to_be_visible()
    expect(row_of(towns, "上海西路街道")).to_be_visible()
    expect(page.get_by_test_id("rankings-scope")).to_have_count(0)
    full_screenshot(page, artifacts / "publicity-ranking-unit.png")

    # From its own result it objects to the fourth quarter's line: an appeal on the 公示.
    row_of(towns, "良田镇").get_by_role("link", name="良田镇").click()
    expect(page.get_by_test_id("unit-title")).to_have_text("良田镇")
    expect(page.get_by_test_id("appeal-window")).to_contain_text("公示期内可对本单位结果提出异议")
    breakdown = page.get_by_test_id("unit-breakdown")
    row_of(breakdown, INDICATOR).locator(".el-table__expand-icon").click()
    line = page.get_by_test_id("line-A2-Q4")
    line.get_by_test_id("appeal-line-button").click()
    expect(page.get_by_test_id("appeal-line")).to_contain_text(f"{INDICATOR} · 第四季度")
    page.get_by_test_id("appeal-reason").fill("公示的第四季度投资完成率未计入两个项目")
    page.get_by_test_id("appeal-submit").click()
    expect(line.get_by_test_id("under-appeal")).to_have_text("申诉中")
    full_screenshot(page, artifacts / "publicity-objection.png")
    page.goto(url + "/appeals")
    appeal = row_of(page.get_by_test_id("appeals-table"), INDICATOR)
    expect(appeal.get_by_test_id("appeal-state")).to_have_text("待分派")
