"""Inspections and innovation awards through GraphQL and HTTP, with their evidence files: the
report evidence's safe upload path (CSRF, kinds by content and name, size, path tricks) and
who may read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.platform.db import Database
from tests.assignments.conftest import Quarter, build_quarter
from tests.assignments.support import PDF, done, gid, payload
from tests.factories import Browser

SCHEME = "jinfeng-2015"
FILES = "id fileName contentType sizeBytes url"
INSPECTION = (
    f"id unitCode date kind kindLabel finding deduction adjustmentId uploadUrl files {{ {FILES} }}"
)
AWARD = f"""id unitCode kind kindLabel title applicant status points note adjustmentId uploadUrl
  files {{ {FILES} }}"""
RECORD = f"""
mutation($s: String!, $u: String!, $i: InspectionInput!) {{
  recordInspection(schemeCode: $s, unitCode: $u, input: $i) {{
    inspection {{ {INSPECTION} }} errors {{ code message field }} }}
}}"""
INSPECTIONS = f"""
query($s: String!, $u: String) {{
  inspections(schemeCode: $s, unitCode: $u) {{ nodes {{ {INSPECTION} }} }}
}}"""
APPLY = f"""
mutation($s: String!, $i: InnovationAwardInput!) {{
  applyInnovationAward(schemeCode: $s, input: $i) {{
    award {{ {AWARD} }} errors {{ code message field }} }}
}}"""
RECOGNISE = f"""
mutation($id: ID!, $p: Decimal!) {{
  recogniseInnovationAward(id: $id, points: $p) {{
    award {{ {AWARD} }} errors {{ code message field }} }}
}}"""
AWARDS = f"""
query($s: String!) {{ innovationAwards(schemeCode: $s) {{ nodes {{ {AWARD} }} }} }}"""
ADJUSTMENTS = f"""
query($s: String!, $u: String) {{
  adjustments(schemeCode: $s, unitCode: $u) {{ nodes {{ id reason uploadUrl files {{ {FILES} }} }} }}
}}"""
RECORD_FILES = f"query($o: ID!) {{ recordFiles(ownerId: $o) {{ {FILES} }} }}"


@pytest.fixture
def quarter(database: Database) -> Quarter:
    return build_quarter(database)


def _upload(browser: Browser, url: str, name: str, content: bytes) -> Any:
    headers = {"X-CSRF-Token": browser.http.cookies.get("jixiao_csrf") or ""}
    return browser.http.post(url, params={"name": name}, content=content, headers=headers)


def _stored(quarter: Quarter) -> list[Path]:
    folder = quarter.database.settings.storage_dir / str(quarter.tenant.id) / "records"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_inspection_is_recorded_with_evidence_that_its_unit_may_read(
    quarter: Quarter,
) -> None:
    # given a monitoring department that records an inspection of liangtian
    fgj = quarter.as_("fgj")
    made = done(
        fgj,
        RECORD,
        s=SCHEME,
        u="liangtian",
        i={"date": "2015-06-03", "kind": "UNANNOUNCED", "finding": "窗口无人", "deduction": "1.5"},
    )["inspection"]
    assert (made["kindLabel"], made["deduction"], made["unitCode"]) == ("暗访", "1.5", "liangtian")
    assert made["adjustmentId"]
    # when it uploads the photo report
    sent = _upload(fgj, made["uploadUrl"], "现场记录.pdf", PDF)
    assert sent.status_code == 201, sent.text
    assert sent.json()["fileName"] == "现场记录.pdf"
    # then the unit sees the inspection and downloads the file
    reporter = quarter.as_("lt-reporter")
    [seen] = reporter.gql(INSPECTIONS, {"s": SCHEME})["data"]["inspections"]["nodes"]
    assert [f["fileName"] for f in seen["files"]] == ["现场记录.pdf"]
    got = reporter.http.get(seen["files"][0]["url"])
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["x-content-type-options"] == "nosniff"
    # another unit sees neither the inspection nor its file
    other = quarter.as_("fd-reporter")
    assert other.gql(INSPECTIONS, {"s": SCHEME})["data"]["inspections"]["nodes"] == []
    assert other.http.get(seen["files"][0]["url"]).status_code == 404
    assert other.gql(RECORD_FILES, {"o": made["id"]})["errors"][0]["message"]
    # a unit may not record one
    refused = reporter.gql(
        RECORD,
        {
            "s": SCHEME,
            "u": "liangtian",
            "i": {"date": "2015-06-03", "kind": "OPEN", "finding": "x"},
        },
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # the deduction adjustment takes files too, from the office
    office = quarter.as_("office")
    adjustment_url = f"/files/records/{made['adjustmentId']}"
    assert _upload(quarter.as_("lt-reporter"), adjustment_url, "a.pdf", PDF).status_code == 403
    assert _upload(office, adjustment_url, "扣分依据.pdf", PDF).status_code == 201
    listed = office.gql(RECORD_FILES, {"o": made["adjustmentId"]})["data"]["recordFiles"]
    assert [f["fileName"] for f in listed] == ["扣分依据.pdf"]
    adjustments = office.gql(ADJUSTMENTS, {"s": SCHEME, "u": "liangtian"})["data"]
    [owned] = [a for a in adjustments["adjustments"]["nodes"] if a["id"] == made["adjustmentId"]]
    assert owned["reason"] == "明查暗访：窗口无人"
    assert [f["fileName"] for f in owned["files"]] == ["扣分依据.pdf"]
    assert other.gql(ADJUSTMENTS, {"s": SCHEME, "u": "liangtian"})["data"]["adjustments"] == {
        "nodes": []
    }
    assert len(_stored(quarter)) == 2


def test_removing_an_adjustment_removes_its_files_once_committed(quarter: Quarter) -> None:
    office = quarter.as_("office")
    added = done(
        office,
        """mutation { addAdjustment(schemeCode: "jinfeng-2015", unitCode: "liangtian",
          kind: BONUS, points: "1", reason: "表彰") { adjustment { id } errors { code message } } }""",
    )["adjustment"]
    assert _upload(office, f"/files/records/{added['id']}", "表彰文件.pdf", PDF).status_code == 201
    assert len(_stored(quarter)) == 1
    removed = office.gql(
        "mutation($id: ID!) { removeAdjustment(adjustmentId: $id) { errors { code message } } }",
        {"id": added["id"]},
    )["data"]["removeAdjustment"]
    assert removed["errors"] == []
    assert _stored(quarter) == []
    gone = office.gql(RECORD_FILES, {"o": added["id"]})
    assert gone["errors"][0]["message"] == "没有这条加减分记录"
    # the removal's audit event names the files that went with it
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "adjustment.remove")
        ).one()
    assert event.before is not None
    assert json.loads(event.before)["files"] == ["表彰文件.pdf"]


def test_bad_files_are_refused_and_nothing_is_stored(quarter: Quarter) -> None:
    reporter = quarter.as_("lt-reporter")
    award = done(
        reporter,
        APPLY,
        s=SCHEME,
        i={"unitCode": "liangtian", "kind": "COLLECTIVE", "title": "一窗通办"},
    )["award"]
    url = award["uploadUrl"]
    # no CSRF header
    bare = reporter.http.post(url, params={"name": "a.pdf"}, content=PDF)
    assert bare.status_code == 403
    # a path in the name, refused before anything is received
    assert _upload(reporter, url, "../../a.pdf", PDF).status_code == 400
    # a name that lies about the content, and content of no accepted kind
    wrong = _upload(reporter, url, "a.png", PDF)
    assert wrong.status_code == 400
    assert "扩展名与内容不符" in wrong.json()["errors"][0]["message"]
    assert _upload(reporter, url, "a.pdf", b"MZ\x90\x00 not a pdf").status_code == 400
    # over the tenant's limit (1 MB here)
    big = _upload(reporter, url, "big.pdf", PDF + b"0" * (1024 * 1024 + 1))
    assert big.status_code == 413
    # not the owner's unit
    assert _upload(quarter.as_("fd-reporter"), url, "a.pdf", PDF).status_code == 404
    # an id of something else
    assert (
        _upload(
            reporter, f"/files/records/{gid('Unit', quarter.units['liangtian'])}", "a.pdf", PDF
        ).status_code
        == 400
    )
    assert _stored(quarter) == []
    assert _upload(reporter, url, "申报书.pdf", PDF).status_code == 201
    assert len(_stored(quarter)) == 1


def test_awards_are_applied_by_units_and_recognised_by_the_office(
    quarter: Quarter, database: Database
) -> None:
    reporter = quarter.as_("lt-reporter")
    award = done(
        reporter,
        APPLY,
        s=SCHEME,
        i={
            "unitCode": "liangtian",
            "kind": "INDIVIDUAL",
            "title": "一窗通办",
            "applicant": "张明",
        },
    )["award"]
    assert _upload(reporter, award["uploadUrl"], "申报书.pdf", PDF).status_code == 201
    other = quarter.as_("fd-reporter")
    assert other.gql(AWARDS, {"s": SCHEME})["data"]["innovationAwards"]["nodes"] == []
    refused = payload(
        other,
        APPLY,
        s=SCHEME,
        i={"unitCode": "liangtian", "kind": "COLLECTIVE", "title": "x"},
    )
    assert refused["errors"][0]["field"] == "unitCode"
    denied = reporter.gql(RECOGNISE, {"id": award["id"], "p": "2"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    office = quarter.as_("office")
    recognised = done(office, RECOGNISE, id=award["id"], p="2")["award"]
    assert (recognised["status"], recognised["points"]) == ("RECOGNISED", "2")
    assert recognised["adjustmentId"]
    # once decided, the unit adds no more evidence
    late = _upload(reporter, award["uploadUrl"], "补充.pdf", PDF)
    assert late.json()["errors"][0]["extensions"]["code"] == "CONFLICT"
    [seen] = reporter.gql(AWARDS, {"s": SCHEME})["data"]["innovationAwards"]["nodes"]
    assert [f["fileName"] for f in seen["files"]] == ["申报书.pdf"]
    # a user of another tenant reads nothing of it
    stranger = build_quarter(database, "西夏区")
    outsider = stranger.as_("office")
    assert outsider.http.get(seen["files"][0]["url"]).status_code == 404
    assert _upload(outsider, award["uploadUrl"], "x.pdf", PDF).status_code == 404
    assert outsider.gql(AWARDS, {"s": SCHEME})["data"]["innovationAwards"]["nodes"] == []
