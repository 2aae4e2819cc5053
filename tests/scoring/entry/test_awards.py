"""Innovation awards (创新奖): units apply, the office recognises with points that enter the
bonus within the scheme's cap (DOMAIN.md 4.3, 4.7), rejects, or withdraws a recognition."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.platform.auth import Subject
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.scoring.entry import awards, others
from jixiao.scoring.entry.awards import AwardApplication
from jixiao.scoring.records import AwardKind, AwardStatus, InnovationAward
from tests.factories import SCHEME
from tests.scoring.entry.records_support import actions, engine_annual, stored_annual, unit_person
from tests.scoring.entry.support import Scorers

D = Decimal
TITLE = "“一窗通办”政务服务改革"


def _apply(
    jinfeng: Scorers, actor: Subject, unit: str, kind: AwardKind = AwardKind.COLLECTIVE
) -> InnovationAward:
    applicant = "张明" if kind == AwardKind.INDIVIDUAL else ""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        row = awards.apply_award(
            session, actor, SCHEME, AwardApplication(unit, kind, TITLE, applicant, "材料说明")
        )
        session.commit()
        session.refresh(row)
        return row


def test_a_recognised_award_adds_its_bonus_within_the_cap(
    jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    # given liangtian, which already has 2 bonus points, in a scheme capping bonus at 5
    plain = engine_annual("liangtian")
    assert plain.bonus == D(2)
    reporter = unit_person(jinfeng, "unit_reporter", "liangtian")
    row = _apply(jinfeng, reporter, "liangtian")
    assert row.status == AwardStatus.APPLIED
    # when the office recognises it with 2 points
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        recognised = awards.recognise_award(session, jinfeng.office, row.id, points=D(2))
        assert recognised.adjustment_id is not None
        session.commit()
    drain()
    # then the annual result is the engine's with that bonus adjustment
    two = engine_annual("liangtian", {"unit": "liangtian", "kind": "bonus", "points": D(2)})
    stored = stored_annual(jinfeng, "liangtian")
    assert stored.total == two.total == plain.total + D(2)
    assert stored.bonus == two.bonus == D(4)

    # a second award of 3 points passes the cap: only 1 more point counts
    individual = _apply(jinfeng, jinfeng.office, "liangtian", AwardKind.INDIVIDUAL)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        awards.recognise_award(session, jinfeng.office, individual.id, points=D(3), note="市考评办")
        session.commit()
    drain()
    both = engine_annual(
        "liangtian",
        {"unit": "liangtian", "kind": "bonus", "points": D(2)},
        {"unit": "liangtian", "kind": "bonus", "points": D(3)},
    )
    assert stored_annual(jinfeng, "liangtian").total == both.total == plain.total + D(3)

    # the bonus adjustment is changed through the award only; withdrawing removes it
    bonus_id = recognised.adjustment_id
    with (
        jinfeng.database.tenant_session(jinfeng.tenant.id) as session,
        pytest.raises(Conflict, match="请撤销该创新奖的认定"),
    ):
        others.remove_adjustment(session, jinfeng.office, bonus_id)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        back = awards.withdraw_award(session, jinfeng.office, individual.id, note="材料不实")
        assert (back.status, back.points, back.adjustment_id) == (AwardStatus.APPLIED, None, None)
        session.commit()
    drain()
    assert stored_annual(jinfeng, "liangtian").total == two.total
    assert actions(jinfeng, individual.id) == ["award.apply", "award.recognise", "award.withdraw"]


def test_the_reason_names_the_kind_and_the_person(jinfeng: Scorers) -> None:
    row = _apply(jinfeng, jinfeng.office, "fengdeng", AwardKind.INDIVIDUAL)
    assert awards.reason_of(row) == f"创新奖（个人）：张明：{TITLE}"
    collective = _apply(jinfeng, jinfeng.office, "fengdeng")
    assert awards.reason_of(collective) == f"创新奖（集体）：{TITLE}"


def test_units_apply_for_themselves_and_only_the_office_decides(jinfeng: Scorers) -> None:
    reporter = unit_person(jinfeng, "unit_reporter", "liangtian")
    head = unit_person(jinfeng, "unit_head", "liangtian")
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        with pytest.raises(Forbidden, match="只能为本单位申报创新奖") as other_unit:
            awards.apply_award(
                session, reporter, SCHEME, AwardApplication("fengdeng", AwardKind.COLLECTIVE, "x")
            )
        assert other_unit.value.field == "unitCode"
        with pytest.raises(InvalidInput, match="须填写申报人姓名"):
            awards.apply_award(
                session, head, SCHEME, AwardApplication("liangtian", AwardKind.INDIVIDUAL, "x")
            )
        with pytest.raises(InvalidInput, match="创新项目名称"):
            awards.apply_award(
                session, head, SCHEME, AwardApplication("liangtian", AwardKind.COLLECTIVE, " ")
            )
        with pytest.raises(Forbidden, match="申报创新奖"):
            awards.apply_award(
                session,
                jinfeng.leader("liangtian"),
                SCHEME,
                AwardApplication("liangtian", AwardKind.COLLECTIVE, "x"),
            )
    row = _apply(jinfeng, head, "liangtian")
    with db.tenant_session(tenant.id) as session:
        with pytest.raises(Forbidden, match="只有考评办可以认定创新奖"):
            awards.recognise_award(session, head, row.id, points=D(1))
        with pytest.raises(InvalidInput, match="须大于 0") as zero:
            awards.recognise_award(session, jinfeng.office, row.id, points=D(0))
        assert zero.value.field == "points"
        with pytest.raises(InvalidInput, match="不予认定须填写说明"):
            awards.reject_award(session, jinfeng.office, row.id, note="")
        rejected = awards.reject_award(session, jinfeng.office, row.id, note="不属于创新项目")
        assert (rejected.status, rejected.adjustment_id) == (AwardStatus.REJECTED, None)
        with pytest.raises(Conflict):
            awards.recognise_award(session, jinfeng.office, row.id, points=D(1))
        session.commit()


def test_a_unit_sees_only_its_own_applications_and_another_tenant_none(
    jinfeng: Scorers, intruder: Subject
) -> None:
    mine = _apply(jinfeng, unit_person(jinfeng, "unit_reporter", "liangtian"), "liangtian")
    theirs = _apply(jinfeng, unit_person(jinfeng, "unit_reporter", "fengdeng"), "fengdeng")
    reporter = unit_person(jinfeng, "unit_reporter", "liangtian")
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        page = awards.list_awards(session, reporter, scheme_code=SCHEME)
        assert [r.id for r in page.items] == [mine.id]
        with pytest.raises(NotFound):
            awards.readable_award(session, reporter, theirs.id)
        with pytest.raises(NotFound):
            awards.delete_award(session, reporter, theirs.id)
        listed = awards.list_awards(session, jinfeng.office, scheme_code=SCHEME)
        assert [r.id for r in listed.items] == [mine.id, theirs.id]
        waiting = awards.list_awards(
            session, jinfeng.office, scheme_code=SCHEME, status=AwardStatus.RECOGNISED
        )
        assert waiting.items == []
    assert intruder.tenant is not None
    with db.tenant_session(intruder.tenant.id) as session:
        with pytest.raises(NotFound):
            awards.list_awards(session, intruder, scheme_code=SCHEME)
        with pytest.raises(NotFound):
            awards.readable_award(session, intruder, mine.id)
        with pytest.raises(NotFound):
            awards.recognise_award(session, intruder, mine.id, points=D(1))
