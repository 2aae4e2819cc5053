"""导出Excel in a real browser: the office takes the rankings of the run it sees, the audit
administrator the audit log under its filters; both files open as workbooks in Chinese.

The module's own server is seeded like `jixiao demo` (jinfeng-2015 computed and published).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ModuleServer
from tests.e2e.portal import first_sign_in

pytestmark = pytest.mark.browser


def download(page: Page, testid: str, target: Path) -> str:
    """Click an export button, save the file; its suggested name."""
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    info.value.save_as(target)
    return info.value.suggested_filename


def test_the_office_exports_the_rankings_it_sees(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], tmp_path: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("office"))
    page.goto(url + "/results?scheme=jinfeng-2015")
    expect(page.get_by_test_id("run-summary")).to_be_visible()
    button = page.get_by_test_id("rankings-export")
    expect(button).to_have_text("导出Excel")
    name = download(page, "rankings-export", tmp_path / "rankings.xlsx")
    assert re.fullmatch(r"金凤区.*全年结果排名-\d{8}-\d{6}\.xlsx", name), name
    book = load_workbook(tmp_path / "rankings.xlsx")
    assert book.sheetnames[-2:] == ["总排名", "说明"]
    overall = book["总排名"]
    assert [c.value for c in overall[1]][:3] == ["排序类别", "总分排名", "考评对象"]
    units = [overall.cell(row=r, column=3).value for r in range(2, overall.max_row + 1)]
    assert "良田镇" in units
    assert isinstance(overall.cell(row=2, column=7).value, int | float)  # 总分, a number


def test_the_audit_administrator_exports_the_log_as_filtered(
    page: Page, module_server: ModuleServer, module_user: Callable[[str], str], tmp_path: Path
) -> None:
    url = module_server.url
    first_sign_in(page, url, module_user("auditadmin"))
    page.goto(url + "/system/audit")
    page.get_by_test_id("audit-action").fill("auth.sign_in")
    page.get_by_test_id("audit-search").click()
    expect(page.get_by_test_id("audit-table").locator("tbody tr").first).to_contain_text(
        "auth.sign_in"
    )
    download(page, "audit-export", tmp_path / "audit.xlsx")
    sheet = load_workbook(tmp_path / "audit.xlsx")["审计日志"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:7] == ["序号", "时间", "操作者类型", "操作者", "操作者标识", "操作", "操作代码"]
    assert len(rows) > 1
    assert {row[5] for row in rows[1:]} == {"登录"}  # the filter applied, actions in words
    expect(page.get_by_text(re.compile(r"已导出 \d+ 条记录"))).to_be_visible()
