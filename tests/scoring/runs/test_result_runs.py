"""Result runs: idempotent recomputation, the review workflow, supersession, immutability."""

from __future__ import annotations

import copy
import json
import threading
import time
import uuid
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import col, select, update

from jixiao.audit.models import AuditEvent
from jixiao.engine import compute as engine_compute
from jixiao.engine import load_data, load_scheme
from jixiao.engine.formats import read_document
from jixiao.platform.errors import Conflict
from jixiao.schemes.interchange import import_data
from jixiao.scoring.runs import queries, service
from jixiao.scoring.runs.models import Period, ResultLines, ResultRun, ResultUnit, RunStatus
from jixiao.scoring.runs.scope import EVERYTHING, ResultScope
from tests.factories import EXAMPLE, SCHEME, Jinfeng, compute, publish
from tests.scoring.runs.support import run_count, status_of


def change_one_score(jinfeng: Jinfeng) -> None:
    """Re-import the example's data with one ratio actual lowered (an audited correction)."""
    changed: Any = copy.deepcopy(read_document(EXAMPLE / "data.yaml"))
    entry = next(s for s in changed["scores"] if "actual" in s and s["unit"] == "liangtian")
    entry["actual"] = entry["actual"] / 2
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        import_data(session, SCHEME, changed, actor=jinfeng.office)
        session.commit()


def test_the_same_inputs_give_the_same_run(jinfeng: Jinfeng) -> None:
    first = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    again = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    assert first.created
    assert not again.created
    assert again.run.id == first.run.id
    assert run_count(jinfeng.database, jinfeng.tenant) == 1
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        units = session.exec(select(ResultUnit)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "result.compute")).all()
    assert len(units) == 24
    assert len(events) == 1  # the repeat changed nothing, so it recorded nothing


def test_the_drill_down_is_stored_exactly(jinfeng: Jinfeng) -> None:
    run = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office).run
    scheme = load_scheme(EXAMPLE / "scheme.yaml")
    results = engine_compute(scheme, load_data(EXAMPLE / "data.yaml", scheme), "annual")
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        lines = queries.lines_of(session, [(run.id, "liangtian"), (run.id, "fengdeng")])
    for unit, stored in zip(("liangtian", "fengdeng"), lines, strict=True):
        expected = results.breakdown(unit)
        assert [
            (x.indicator_code, x.period, x.available, x.score, x.raw_score) for x in stored
        ] == [(e.indicator, e.period, e.available, e.score, e.raw_score) for e in expected]
        assert [x.status for x in stored] == [e.status.value for e in expected]
    # fengdeng failed a binding indicator: its lines say so, with the score it would have had
    assert any(x.status == "binding_failed" and x.raw_score for x in lines[1])


def test_review_approve_publish_in_order_and_audited(jinfeng: Jinfeng) -> None:
    run = compute(jinfeng.database, jinfeng.tenant, "Q1", jinfeng.office).run
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        with pytest.raises(Conflict, match="只有已审定的结果可以公布"):
            service.publish_run(session, run.id, actor=jinfeng.office)
        with pytest.raises(Conflict, match="只有已审核的结果可以审定"):
            service.approve_run(session, run.id, actor=jinfeng.leadership)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        service.review_run(session, run.id, actor=jinfeng.office)
        service.approve_run(session, run.id, actor=jinfeng.leadership)
        published = service.publish_run(session, run.id, actor=jinfeng.office)
        session.commit()
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).startswith("result."))
            .order_by(col(AuditEvent.seq))
        ).all()
    assert (published.reviewed_by, published.approved_by, published.published_by) == (
        "考评办 王主任",
        "领导小组 李组长",
        "考评办 王主任",
    )
    assert [(e.action, e.actor_name) for e in events] == [
        ("result.compute", "考评办 王主任"),
        ("result.review", "考评办 王主任"),
        ("result.approve", "领导小组 李组长"),
        ("result.publish", "考评办 王主任"),
    ]
    steps = [(json.loads(e.before or "{}"), json.loads(e.after or "{}")) for e in events[1:]]
    assert [(b["status"], a["status"]) for b, a in steps] == [
        ("draft", "reviewed"),
        ("reviewed", "approved"),
        ("approved", "published"),
    ]


def test_a_published_run_cannot_be_changed(jinfeng: Jinfeng) -> None:
    run = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office).run
    publish(jinfeng.database, jinfeng.tenant, run.id, jinfeng.office)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        for step in (service.review_run, service.approve_run, service.publish_run):
            with pytest.raises(Conflict, match="已公布，不能再修改"):
                step(session, run.id, actor=jinfeng.office)
        stored = service.get_run(session, run.id)
        stored.inputs_version = "0" * 64
        session.add(stored)
        with pytest.raises(Conflict, match="不能修改"):
            session.flush()
    assert status_of(jinfeng.database, jinfeng.tenant, run.id) is RunStatus.PUBLISHED
    # computing again with the same inputs returns the published run untouched
    again = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    assert (again.run.id, again.run.status, again.created) == (run.id, RunStatus.PUBLISHED, False)


def test_the_database_refuses_changes_to_stored_figures(jinfeng: Jinfeng) -> None:
    run = compute(jinfeng.database, jinfeng.tenant, "Q4", jinfeng.office).run
    if not jinfeng.database.settings.is_postgres:
        pytest.skip("SQLite has no roles: the app refuses it (no service updates these rows)")
    for table, column in ((ResultUnit, ResultUnit.total), (ResultLines, ResultLines.lines)):
        with (
            jinfeng.database.tenant_session(jinfeng.tenant.id) as session,
            pytest.raises(DBAPIError, match="permission denied"),
        ):
            session.exec(update(table).where(col(table.run_id) == run.id).values({column: None}))


def test_changed_inputs_supersede_after_publication_with_history(jinfeng: Jinfeng) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    first = compute(db, tenant, "annual", jinfeng.office).run
    publish(db, tenant, first.id, jinfeng.office)
    change_one_score(jinfeng)
    second = compute(db, tenant, "annual", jinfeng.office)
    assert second.created
    assert second.run.inputs_version != first.inputs_version
    unit = ResultScope(unit_ids=frozenset({jinfeng.units["liangtian"]}), drafts=False)
    with db.tenant_session(tenant.id) as session:
        # the office sees the new draft; the unit still sees the published result
        for scope, shown in ((EVERYTHING, second.run.id), (unit, first.id)):
            view = queries.visible_run(session, scope, SCHEME, Period.ANNUAL)
            assert view is not None
            assert view.run.id == shown
    publish(db, tenant, second.run.id, jinfeng.office)
    assert status_of(db, tenant, first.id) is RunStatus.SUPERSEDED
    with db.tenant_session(tenant.id) as session:
        history = queries.list_runs(session, unit, SCHEME, period=Period.ANNUAL)
        old = service.get_run(session, first.id)
        old_rows = queries.run_units(session, first.id, unit)
        new_rows = queries.run_units(session, second.run.id, unit)
    assert [(v.run.id, v.run.status, v.published_now) for v in history.items] == [
        (first.id, RunStatus.SUPERSEDED, False),
        (second.run.id, RunStatus.PUBLISHED, True),
    ]
    assert old.superseded_by_run_id == second.run.id
    # the history stays readable, and the correction lowered the unit's indicator score
    assert [r.unit_code for r in old_rows] == [r.unit_code for r in new_rows] == ["liangtian"]
    assert new_rows[0].components["indicators"] < old_rows[0].components["indicators"]
    assert run_count(db, tenant) == 2


def test_an_older_run_cannot_be_advanced_once_a_newer_one_exists(jinfeng: Jinfeng) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    first = compute(db, tenant, "Q2", jinfeng.office).run
    change_one_score(jinfeng)
    compute(db, tenant, "Q2", jinfeng.office)
    with db.tenant_session(tenant.id) as session, pytest.raises(Conflict, match="已有更新的计算"):
        service.review_run(session, first.id, actor=jinfeng.office)


def test_runs_of_each_period_are_separate(jinfeng: Jinfeng) -> None:
    for period in ("Q1", "Q2", "Q3", "Q4", "annual"):
        compute(jinfeng.database, jinfeng.tenant, period, jinfeng.office)
    assert run_count(jinfeng.database, jinfeng.tenant) == 5
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        periods = session.exec(select(ResultRun.period).order_by(col(ResultRun.id))).all()
    assert [str(p) for p in periods] == ["Q1", "Q2", "Q3", "Q4", "annual"]


def test_the_recompute_job_is_idempotent(jinfeng: Jinfeng) -> None:
    from jixiao.scoring.runs.tasks import recompute_results

    for _ in range(2):  # at-least-once delivery: a redelivered job changes nothing
        with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
            recompute_results(session, scheme_code=SCHEME, period="Q4")
            session.commit()
    assert run_count(jinfeng.database, jinfeng.tenant, period=Period.Q4) == 1


def test_concurrent_computations_of_the_same_inputs_store_one_run(jinfeng: Jinfeng) -> None:
    if not jinfeng.database.settings.is_postgres:
        pytest.skip("SQLite serialises writers on the whole database")
    db, tenant = jinfeng.database, jinfeng.tenant
    found: list[uuid.UUID] = []
    with db.tenant_session(tenant.id) as first:
        mine = service.compute_run(first, SCHEME, "Q1", actor=jinfeng.office).run
        # a second computation waits on the first's unique key, then takes its run
        other = threading.Thread(
            target=lambda: found.append(compute(db, tenant, "Q1", jinfeng.office).run.id)
        )
        other.start()
        time.sleep(0.5)
        first.commit()
    other.join(timeout=30)
    assert found == [mine.id]
    assert run_count(db, tenant) == 1
