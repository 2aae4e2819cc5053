"""PDF reports of a run: made by a job with progress, kept with the run, read back as text and
drawn page by page; who may ask for and download which report, audited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jixiao.graphql.relay import from_global_id
from jixiao.platform.auth import Subject
from tests.factories import GraphQLClient, Jinfeng, Office
from tests.reports.support import (
    audit_actions,
    download,
    pdf_text,
    rendered_pages,
    reports,
    request,
)


def _made(gql: GraphQLClient, who: Subject, run: str, report_id: str) -> dict[str, Any]:
    found = {report["id"]: report for report in reports(gql, who, run)}
    report = found[report_id]
    assert report["status"] == "SUCCEEDED", report
    assert report["statusLabel"] == "已生成"
    assert report["done"] == report["total"] >= 1
    return report


def test_the_office_makes_the_notice_and_a_unit_its_card(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, drain: Any, tmp_path: Path
) -> None:
    office.publish("Q1")
    run = office.publish("ANNUAL")
    notice = request(gql, jinfeng.office, run, "NOTICE")
    assert notice["errors"] == []
    assert notice["report"]["status"] == "QUEUED"
    assert notice["report"]["downloadUrl"] is None
    reporter = jinfeng.reporter("liangtian")
    card = request(gql, reporter, run, "CARDS")
    assert card["errors"] == []
    assert card["report"]["unitCodes"] == ["liangtian"]
    drain()

    made = _made(gql, jinfeng.office, run, notice["report"]["id"])
    status, content, kind = download(gql, jinfeng.office, made["downloadUrl"])
    assert (status, kind) == (200, "application/pdf")
    text = pdf_text(content, tmp_path)
    assert "金凤区绩效考评办公室" in text
    assert "关于金凤区2015年绩效考评方案全年考评结果的通报" in text
    assert "良田镇" in text
    assert "镇街组" in text
    assert "一等奖" in text
    assert f"第1页共{made['pages']}页" in text
    assert f"第{made['pages']}页共{made['pages']}页" in text
    assert rendered_pages(content, tmp_path / "notice") == made["pages"]

    made_card = _made(gql, reporter, run, card["report"]["id"])
    assert made_card["title"] == "金凤区2015年绩效考评方案全年考评报告单（良田镇）"
    status, content, _ = download(gql, reporter, made_card["downloadUrl"])
    assert status == 200
    card_text = pdf_text(content, tmp_path)
    assert "良田镇" in card_text
    assert "丰登镇" not in card_text
    assert "指标得分" in card_text
    assert "招商引资到位资金" in card_text
    assert "季度得分走势" in card_text
    assert "第一季度" in card_text
    assert f"第1页共{made_card['pages']}页" in card_text
    assert rendered_pages(content, tmp_path / "card") == made_card["pages"]

    notice_id = str(from_global_id(notice["report"]["id"], "GeneratedReport"))
    assert audit_actions(jinfeng.database, jinfeng.tenant.id, notice_id) == [
        ("report.request", "success"),
        ("report.generate", "success"),
        ("report.download", "success"),
    ]


def test_a_unit_has_only_its_own_cards(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, drain: Any
) -> None:
    run = office.publish("ANNUAL")
    reporter = jinfeng.reporter("liangtian")
    refused = request(gql, reporter, run, "NOTICE")
    assert refused["report"] is None
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    other = request(gql, reporter, run, "CARDS", "fengdeng")
    assert other["errors"][0]["code"] == "NOT_FOUND"
    assert "fengdeng" in other["errors"][0]["message"]
    notice = request(gql, jinfeng.office, run, "NOTICE")["report"]
    theirs = request(gql, jinfeng.office, run, "CARDS", "fengdeng")["report"]
    drain()
    assert reports(gql, reporter, run) == []
    for report in (notice, theirs):
        url = _made(gql, jinfeng.office, run, report["id"])["downloadUrl"]
        status, body, _ = download(gql, reporter, url)
        assert status == 404
        assert b"%PDF" not in body
    assert audit_actions(
        jinfeng.database, jinfeng.tenant.id, str(from_global_id(notice["id"], "GeneratedReport"))
    ) == [("report.request", "success"), ("report.generate", "success")]


def test_the_bonus_table_is_for_those_who_read_it(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, drain: Any, tmp_path: Path
) -> None:
    run = office.publish("ANNUAL")
    refused = request(gql, jinfeng.leadership, run, "BONUS")
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert "bonus:read" in refused["errors"][0]["message"]
    bonus = request(gql, jinfeng.finance, run, "BONUS")["report"]
    drain()
    assert [r["kind"] for r in reports(gql, jinfeng.leadership, run)] == []
    made = _made(gql, jinfeng.finance, run, bonus["id"])
    status, content, _ = download(gql, jinfeng.finance, made["downloadUrl"])
    assert status == 200
    text = pdf_text(content, tmp_path)
    assert "金凤区2015年绩效考评方案全年绩效奖金表" in text
    assert "合计" in text
    assert "良田镇" in text
    assert "182,400.00" in text
    assert rendered_pages(content, tmp_path / "bonus") == made["pages"]
    quarter = office.publish("Q1")
    empty = request(gql, jinfeng.finance, quarter, "BONUS")
    assert empty["errors"][0]["code"] == "INVALID"


def test_another_tenant_neither_asks_for_lists_nor_downloads(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, intruder: Subject, drain: Any
) -> None:
    run = office.publish("ANNUAL")
    notice = request(gql, jinfeng.office, run, "NOTICE")["report"]
    drain()
    url = _made(gql, jinfeng.office, run, notice["id"])["downloadUrl"]
    for kind in ("NOTICE", "CARDS", "BONUS"):
        asked = request(gql, intruder, run, kind)
        assert asked == {"report": None, "errors": [asked["errors"][0]]}
        assert asked["errors"][0]["code"] == "NOT_FOUND"
    listed = gql.execute(
        "query($r: ID!) { runReports(runId: $r) { id } }", {"r": run}, subject=intruder
    )
    assert listed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    status, body, _ = download(gql, intruder, url)
    assert status == 404
    assert b"%PDF" not in body
    assert len(reports(gql, jinfeng.office, run)) == 1


def test_a_machine_without_pango_fails_the_job_with_a_clear_error(
    office: Office, gql: GraphQLClient, jinfeng: Jinfeng, drain: Any, monkeypatch: Any
) -> None:
    run = office.publish("ANNUAL")
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be loaded
    notice = request(gql, jinfeng.office, run, "NOTICE")["report"]
    drain()
    failed = reports(gql, jinfeng.office, run)[0]
    assert failed["id"] == notice["id"]
    assert (failed["status"], failed["statusLabel"]) == ("FAILED", "生成失败")
    assert "pango" in failed["error"]
    assert failed["downloadUrl"] is None


@pytest.mark.parametrize("module", ["jixiao.app", "jixiao.cli", "jixiao.workers.actors"])
def test_start_up_does_not_load_weasyprint(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "from jixiao.workers.actors import load_all\n"
        "load_all()\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint loaded at start-up'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
