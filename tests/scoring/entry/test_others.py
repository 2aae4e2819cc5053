"""Ratings and adjustments: scopes, rules, audit, and the annual result that follows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlmodel import select

from jixiao.engine.model import AdjustmentKind
from jixiao.platform.errors import Forbidden, InvalidInput
from jixiao.scoring.entry import others
from jixiao.scoring.entry.others import RatingInput
from jixiao.scoring.models import Rating
from jixiao.scoring.runs import service as runs
from jixiao.scoring.runs.models import Period, ResultPointer, ResultUnit
from tests.factories import SCHEME
from tests.scoring.entry.support import Scorers

D = Decimal


def _annual(jinfeng: Scorers, unit: str) -> ResultUnit:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        pointer = session.exec(
            select(ResultPointer).where(ResultPointer.period == Period.ANNUAL)
        ).one()
        return session.exec(
            select(ResultUnit).where(
                ResultUnit.run_id == pointer.run_id, ResultUnit.unit_code == unit
            )
        ).one()


def test_a_leader_rates_the_units_in_their_charge(
    jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    leader = jinfeng.leader("liangtian")
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        with pytest.raises(Forbidden, match="丰登镇"):
            others.enter_ratings(
                session, leader, SCHEME, "leaders", [RatingInput("fengdeng", D(90))]
            )
        with pytest.raises(InvalidInput, match="须在 0～100 之间"):
            others.enter_ratings(
                session, leader, SCHEME, "leaders", [RatingInput("liangtian", D(101))]
            )
        with pytest.raises(InvalidInput, match="评价类组成部分「indicators」"):
            others.enter_ratings(
                session, leader, SCHEME, "indicators", [RatingInput("liangtian", D(1))]
            )
        others.enter_ratings(
            session, leader, SCHEME, "leaders", [RatingInput("liangtian", D("90"))]
        )
        # entering again replaces the rater's own value only
        others.enter_ratings(
            session, leader, SCHEME, "leaders", [RatingInput("liangtian", D("95.5"))]
        )
        second = jinfeng.leader("liangtian", username="lingdao2")
        others.enter_ratings(
            session, second, SCHEME, "leaders", [RatingInput("liangtian", D("80"))]
        )
        session.commit()
        values = session.exec(
            select(Rating).where(Rating.unit_id == jinfeng.units["liangtian"])
        ).all()
    # each rater holds one value; the imported ratings (no rater) stay
    entered = sorted((row.rater, row.value) for row in values if row.rater)
    assert entered == [("lingdao1", D("95.5")), ("lingdao2", D(80))]
    assert len([row for row in values if not row.rater]) == 3  # two leaders', one public
    drain()
    expected = (D("96.56") + D("94.69") + D("95.5") + D(80)) / 4  # the mean of every rating
    stored = D(_annual(jinfeng, "liangtian").components["leaders"])
    assert stored == expected.quantize(stored)


def test_the_office_adds_and_removes_adjustments(
    jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        with pytest.raises(Forbidden):
            others.add_adjustment(
                session,
                jinfeng.leader("liangtian"),
                SCHEME,
                unit_code="liangtian",
                kind=AdjustmentKind.BONUS,
                points=D(1),
                reason="x",
            )
        with pytest.raises(InvalidInput, match="须填写理由"):
            others.add_adjustment(
                session,
                jinfeng.office,
                SCHEME,
                unit_code="liangtian",
                kind=AdjustmentKind.DEDUCTION,
                points=D(1),
                reason=" ",
            )
    with db.tenant_session(tenant.id) as session:
        runs.compute_run(session, SCHEME, "annual", actor=jinfeng.office)
        session.commit()
    before = _annual(jinfeng, "liangtian").deductions or D(0)
    with db.tenant_session(tenant.id) as session:
        row = others.add_adjustment(
            session,
            jinfeng.office,
            SCHEME,
            unit_code="liangtian",
            kind=AdjustmentKind.DEDUCTION,
            points=D("2.5"),
            reason="明查暗访：2015-06-03 发现环境卫生问题",
        )
        session.commit()
    drain()
    assert _annual(jinfeng, "liangtian").deductions == before + D("2.5")
    with db.tenant_session(tenant.id) as session:
        others.remove_adjustment(session, jinfeng.office, row.id)
        session.commit()
    drain()
    assert (_annual(jinfeng, "liangtian").deductions or D(0)) == before
