"""Score entry on both databases: scopes, rules at entry, drafts, locking, reopening, follow-up."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlmodel import select

from jixiao.audit.models import AuditEvent
from jixiao.platform.auth import Subject
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.schemes.models import Indicator
from jixiao.scoring.entry import service
from jixiao.scoring.entry.rules import ScoreInput
from jixiao.scoring.models import Score, ScoreStatus
from tests.factories import SCHEME
from tests.scoring.entry.support import Scorers, newest_score

D = Decimal


def _enter(
    jinfeng: Scorers, who: Subject, period: str, *entries: ScoreInput, submit: bool = False
) -> list[Score]:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        saved = service.enter_scores(session, who, SCHEME, period, list(entries), submit=submit)
        session.commit()
        return saved


def _bench(jinfeng: Scorers, who: Subject, period: str) -> list[service.Cell]:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return service.workbench(session, who, SCHEME, period).cells


def test_a_leader_scores_a_row_of_the_units_in_their_charge(jinfeng: Scorers) -> None:
    jinfeng.clear("Q3")
    leader = jinfeng.leader("liangtian", "fengdeng")
    cells = _bench(jinfeng, leader, "Q3")
    # B1 and D1 name lingdao1 and apply to all; B2 has no Q3 share; only the units in charge
    assert {(c.unit.code, c.leaf.code) for c in cells} == {
        (unit, leaf) for unit in ("liangtian", "fengdeng") for leaf in ("B1", "D1")
    }
    assert all(c.scorer == "lingdao1" and c.available == D("3.75") for c in cells)
    assert all(c.score is None and c.progress is None for c in cells)
    saved = _enter(
        jinfeng,
        leader,
        "Q3",
        ScoreInput("liangtian", "B1", value=D("3.75")),
        ScoreInput("fengdeng", "B1", value=D("3.5"), reason="项目进度滞后一个月"),
    )
    assert [(s.scorer, s.value, s.status) for s in saved] == [
        ("lingdao1", D("3.75"), ScoreStatus.DRAFT),
        ("lingdao1", D("3.5"), ScoreStatus.DRAFT),
    ]
    again = {c.unit.code: c.score for c in _bench(jinfeng, leader, "Q3") if c.leaf.code == "B1"}
    assert again["fengdeng"] is not None
    assert again["fengdeng"].value == D("3.5")


def test_a_monitoring_department_scores_a_column_of_its_indicator(jinfeng: Scorers) -> None:
    jinfeng.clear("Q3")
    fagaiju = jinfeng.department("fagaiju")
    cells = _bench(jinfeng, fagaiju, "Q3")
    assert {c.leaf.code for c in cells} == {"A2"}  # A2 names fagaiju; every unit
    assert len(cells) == len(jinfeng.units)
    assert all(c.scorer == "" for c in cells)
    entries = [ScoreInput(c.unit.code, "A2", actual=D("88.5")) for c in cells]
    saved = _enter(jinfeng, fagaiju, "Q3", *entries, submit=True)
    assert {(s.actual, s.status, s.value) for s in saved} == {
        (D("88.5"), ScoreStatus.RECORDED, None)
    }


def test_a_leader_cannot_score_a_unit_outside_their_charge(jinfeng: Scorers) -> None:
    jinfeng.clear("Q3")
    leader = jinfeng.leader("liangtian")
    with pytest.raises(Forbidden, match="无权为「丰登镇」的「重点项目建设进度」赋分"):
        _enter(jinfeng, leader, "Q3", ScoreInput("fengdeng", "B1", value=D("3.75")))
    with pytest.raises(Forbidden):  # nor an indicator that does not name them
        _enter(jinfeng, leader, "Q3", ScoreInput("liangtian", "A2", actual=D("90")))
    assert all(c.unit.code == "liangtian" for c in _bench(jinfeng, leader, "Q3"))


def test_values_beyond_available_points_and_missing_reasons_are_refused(
    jinfeng: Scorers,
) -> None:
    jinfeng.clear("Q3")
    leader = jinfeng.leader("liangtian", "fengdeng")
    with pytest.raises(InvalidInput) as refused:
        _enter(
            jinfeng,
            leader,
            "Q3",
            ScoreInput("liangtian", "B1", value=D("3.76")),
            ScoreInput("fengdeng", "B1", value=D("2")),
        )
    message = refused.value.message
    assert "「良田镇」的「重点项目建设进度」的分值 3.76 超出可得分范围 0～3.75" in message
    assert "「丰登镇」的「重点项目建设进度」得分 2 低于满分 3.75，须填写扣分理由" in message
    with pytest.raises(InvalidInput, match="超出可得分范围"):
        _enter(jinfeng, leader, "Q3", ScoreInput("liangtian", "B1", value=D("-1"), reason="x"))
    assert all(c.score is None for c in _bench(jinfeng, leader, "Q3"))  # nothing kept


def test_submitted_scores_are_locked_until_the_office_reopens_them(jinfeng: Scorers) -> None:
    leader = jinfeng.leader("liangtian")
    # imported Q1 entries are recorded (submitted): locked
    with pytest.raises(Conflict, match="已提交，须考评办退回后才能修改"):
        _enter(jinfeng, leader, "Q1", ScoreInput("liangtian", "B1", value=D("3.75")))
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session, pytest.raises(Forbidden):
        service.reopen_scores(
            session, leader, SCHEME, "Q1", units=["liangtian"], indicators=[], reason="x"
        )
    with db.tenant_session(tenant.id) as session:
        reopened = service.reopen_scores(
            session,
            jinfeng.office,
            SCHEME,
            "Q1",
            units=["liangtian"],
            indicators=["B1"],
            reason="分管领导申请更正",
        )
        session.commit()
    assert len(reopened) == 2  # lingdao1 and lingdao2
    _enter(jinfeng, leader, "Q1", ScoreInput("liangtian", "B1", value=D("3.75")))
    with db.tenant_session(tenant.id) as session:
        submitted = service.submit_scores(session, leader, SCHEME, "Q1")
        session.commit()
    assert [s.value for s in submitted] == [D("3.75")]
    with pytest.raises(Conflict):
        _enter(jinfeng, leader, "Q1", ScoreInput("liangtian", "B1", value=D("3"), reason="x"))
    with db.tenant_session(tenant.id) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "score.reopen")).one()
    assert event.reason == "分管领导申请更正"
    assert event.after is not None
    assert json.loads(event.after)["reopened"] == 2


def test_a_change_schedules_a_recompute_the_draft_run_follows(
    jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        service.reopen_scores(
            session, jinfeng.office, SCHEME, "Q1", units=[], indicators=["B1"], reason="更正"
        )
        session.commit()
    leader = jinfeng.leader("liangtian")
    _enter(jinfeng, leader, "Q1", ScoreInput("liangtian", "B1", value=D("1"), reason="滞后"))
    _enter(jinfeng, leader, "Q1", ScoreInput("liangtian", "B1", value=D("0.5"), reason="严重滞后"))
    drain()
    # mean of lingdao1 (0.5) and the imported lingdao2 (2.96)
    assert newest_score(db, tenant, "Q1", "liangtian", "B1", "Q1") == D("1.73")
    assert newest_score(db, tenant, "annual", "liangtian", "B1", "Q1") == D("1.73")


def test_another_tenant_sees_nothing(jinfeng: Scorers, intruder: Subject) -> None:
    jinfeng.clear("Q3")
    assert intruder.tenant_id is not None
    with jinfeng.database.tenant_session(intruder.tenant_id) as session:
        with pytest.raises(NotFound):  # no such scheme in its tenant
            service.workbench(session, intruder, SCHEME, "Q3")
        with pytest.raises(NotFound):
            service.enter_scores(
                session, intruder, SCHEME, "Q3", [ScoreInput("liangtian", "B1", value=D("1"))]
            )


def test_a_stored_entry_the_engine_refuses_does_not_stop_other_entries(jinfeng: Scorers) -> None:
    # As a bad row stored before the rules applied everywhere (A1 has no Q1 share).
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        a1 = session.exec(select(Indicator).where(Indicator.code == "A1")).one()
        session.add(
            Score(
                scheme_id=a1.scheme_id,
                unit_id=jinfeng.units["liangtian"],
                indicator_id=a1.id,
                period="Q1",
                actual=D(-5),
                seq=99_999,
            )
        )
        session.commit()
    jinfeng.clear("Q3")
    fagaiju = jinfeng.department("fagaiju")
    saved = _enter(jinfeng, fagaiju, "Q3", ScoreInput("liangtian", "A2", actual=D("90")))
    assert [s.actual for s in saved] == [D("90")]
