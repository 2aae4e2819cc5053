"""Taking an evidence file off a draft: the unit's own drafts only, audited, and the stored file
goes unless an earlier version of the report still lists it."""

from __future__ import annotations

from sqlmodel import select

from jixiao.audit.models import AuditEvent
from tests.assignments.conftest import Quarter
from tests.assignments.support import ASSIGN, PDF, SAVE, done, gid, payload, step, upload

DELETE = """
mutation($id: ID!) { deleteEvidenceFile(id: $id) {
  report { evidence { fileName } } errors { code message field } } }"""


def test_a_draft_loses_a_file_and_only_its_own(quarter: Quarter) -> None:
    made = done(
        quarter.as_("office"),
        ASSIGN,
        input={
            "indicatorId": gid("Indicator", quarter.indicators["A2"]),
            "unitIds": [gid("Unit", quarter.units["liangtian"])],
        },
    )
    assignment = made["assignments"][0]["id"]
    reporter = quarter.as_("lt-reporter")
    draft = {"assignmentId": assignment, "period": "Q1", "actual": "10"}
    report = done(reporter, SAVE, input=draft)["report"]
    for name in ("甲.pdf", "乙.pdf"):
        assert upload(reporter, report["id"], name, PDF).status_code == 201
    listed = reporter.gql(
        "query($id: ID!) { progressReport(id: $id) { evidence { id fileName } } }",
        {"id": report["id"]},
    )["data"]["progressReport"]["evidence"]
    first, second = listed
    folder = quarter.database.settings.storage_dir / str(quarter.tenant.id) / "evidence"
    assert len(list(folder.iterdir())) == 2

    # Another unit's reporter cannot even find it.
    other = payload(quarter.as_("fd-reporter"), DELETE, id=first["id"])
    assert other["errors"][0]["code"] == "NOT_FOUND"
    gone = payload(reporter, DELETE, id=first["id"])
    assert gone["errors"] == []
    assert gone["report"]["evidence"] == [{"fileName": "乙.pdf"}]
    assert len(list(folder.iterdir())) == 1
    with quarter.database.tenant_session(quarter.tenant.id) as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert "report.evidence.delete" in actions

    # Submitted: locked. Returned and redrafted: the new version's copy may go, the file stays
    # for the returned version's history.
    step(reporter, "submitProgressReport", report["id"])
    locked = payload(reporter, DELETE, id=second["id"])
    assert locked["errors"][0]["code"] == "CONFLICT"
    step(quarter.as_("lt-head"), "returnProgressReport", report["id"], reason="补充")
    again = done(reporter, SAVE, input=draft)["report"]
    [copy] = again["evidence"]
    assert payload(reporter, DELETE, id=copy["id"])["errors"] == []
    assert len(list(folder.iterdir())) == 1  # still the returned version's
