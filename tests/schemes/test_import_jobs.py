"""Imports as jobs through GraphQL: progress to poll, the same outcome and refusals as the
synchronous import, all or nothing, and walls between tenants."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import select

from jixiao.audit.models import AuditEvent, AuditOutcome
from jixiao.policies.permissions import TENANT_CODES
from jixiao.schemes import import_jobs, service
from jixiao.schemes.import_job_model import ImportKind, ImportStatus, SchemeImportJob
from tests.factories import GraphQLClient, make_tenant, tenant_user
from tests.schemes.conftest import World, ok

START = """
mutation($text: String!, $data: String) {
  startSchemeImport(text: $text, dataText: $data) {
    job { id status stage }
    errors { code message }
  }
}"""
JOB = """
query($id: ID!) {
  schemeImportJob(id: $id) {
    id kind status stage done total schemeCode replaced finishedAt
    counts { name count }
    issues { path message }
    errors { code message }
  }
}"""


def _run(
    gql: GraphQLClient, world: World, drain: Callable[[], None], **variables: Any
) -> dict[str, Any]:
    started = ok(gql, START, world.office, **variables)["startSchemeImport"]["job"]
    assert started["status"] in ("QUEUED", "RUNNING")
    drain()
    body = gql.execute(JOB, {"id": started["id"]}, subject=world.office)
    assert "errors" not in body, body
    job: dict[str, Any] = body["data"]["schemeImportJob"]
    return job


def test_an_import_job_runs_and_reports(
    gql: GraphQLClient, world: World, example_dir: Path, drain: Callable[[], None]
) -> None:
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    data = (example_dir / "data.yaml").read_text("utf-8")
    job = _run(gql, world, drain, text=text, data=data)
    assert job["status"] == "SUCCEEDED", job
    assert job["stage"] == "done"
    assert job["schemeCode"] == "jinfeng-2015"
    assert {"name": "score", "count": 619} in job["counts"]
    assert job["done"] == job["total"] > 619
    assert job["finishedAt"] is not None
    assert job["errors"] == []
    with world.database.tenant_session(world.tenant.id) as session:
        assert service.get_scheme(session, "jinfeng-2015").inputs_seq >= 1
        row = session.exec(select(SchemeImportJob)).one()
        assert row.text is None
        assert row.data_text is None
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "scheme.import" in actions
    data_job = ok(
        gql,
        'mutation($d: String!) { startSchemeDataImport(code: "jinfeng-2015", dataText: $d) {'
        " job { id } errors { code } } }",
        world.office,
        d=data,
    )["startSchemeDataImport"]["job"]
    drain()
    done = ok(gql, JOB, world.office, id=data_job["id"])["schemeImportJob"]
    assert (done["kind"], done["status"]) == ("data", "SUCCEEDED")


def test_a_refused_import_job_lists_each_entry_and_keeps_nothing(
    gql: GraphQLClient, world: World, example_dir: Path, drain: Callable[[], None]
) -> None:
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    data = (
        "format: jixiao.data/1\nscheme: jinfeng-2015\nscores:\n"
        "- {unit: liangtian, indicator: A1, period: Q2, actual: 80}\n"
        "- {unit: nowhere, indicator: A1, period: Q2, actual: 80}\n"
    )
    job = _run(gql, world, drain, text=text, data=data)
    assert job["status"] == "FAILED"
    assert [issue["path"] for issue in job["issues"]] == ["scores[1].unit"]
    assert "nowhere" in job["errors"][0]["message"]
    with world.database.tenant_session(world.tenant.id) as session:
        assert service.find_scheme(session, "jinfeng-2015") is None
        failed = session.exec(
            select(AuditEvent).where(AuditEvent.outcome == AuditOutcome.FAILED)
        ).all()
    assert [event.action for event in failed] == ["scheme.import"]


def test_another_tenant_cannot_see_or_read_the_job(
    gql: GraphQLClient, world: World, example_dir: Path, drain: Callable[[], None]
) -> None:
    text = (example_dir / "scheme.yaml").read_text("utf-8")
    job = _run(gql, world, drain, text=text)
    assert job["status"] == "SUCCEEDED"
    attacker = tenant_user(make_tenant(world.database, "西夏区"), *sorted(TENANT_CODES))
    assert ok(gql, JOB, attacker, id=job["id"]) == {"schemeImportJob": None}
    with world.database.tenant_session(attacker.tenant_id) as session:  # type: ignore[arg-type]
        assert session.exec(select(SchemeImportJob)).all() == []
    reader = tenant_user(world.tenant, "scheme:read")
    refused = gql.execute(JOB, {"id": job["id"]}, subject=reader)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = gql.execute(START, {"text": text}, subject=reader)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_progress_is_visible_while_the_import_runs(world: World) -> None:
    with world.database.tenant_session(world.tenant.id) as session:
        job = import_jobs.start(session, ImportKind.SCHEME, actor=world.office, text="x: 1")
        session.rollback()  # never sent: the job row alone is what is read here
        session.add(job)
        session.commit()
    report = import_jobs._reporter(world.database, world.tenant.id, job.id)
    report("writing", 5, 10)
    with world.database.tenant_session(world.tenant.id) as session:
        seen = import_jobs.view(session, job.id)
        assert seen is not None
        assert (seen.status, seen.stage, seen.done, seen.total) == (
            ImportStatus.RUNNING,
            "writing",
            5,
            10,
        )
        row = session.get(SchemeImportJob, (world.tenant.id, job.id))
        assert row is not None
        if world.database.settings.is_postgres:  # written by a transaction of its own
            assert (row.status, row.done) == (ImportStatus.RUNNING, 5)
