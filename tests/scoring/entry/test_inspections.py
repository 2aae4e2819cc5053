"""Inspections (明查暗访): who records them, who sees them, and the deduction the annual result
takes from them, exactly as the engine takes a `jixiao.data/1` deduction adjustment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from jixiao.engine.formats import read_document
from jixiao.platform.auth import Subject
from jixiao.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from jixiao.schemes.interchange import import_data
from jixiao.schemes.merge import DataMode
from jixiao.scoring.entry import inspections, others
from jixiao.scoring.entry.inspections import InspectionInput
from jixiao.scoring.models import Adjustment
from jixiao.scoring.records import Inspection, InspectionKind
from tests.factories import EXAMPLE, SCHEME
from tests.scoring.entry.records_support import (
    actions,
    engine_annual,
    stored_annual,
    supervisor,
    unit_person,
)
from tests.scoring.entry.support import Scorers

D = Decimal
FINDING = "办事大厅窗口无人值守"


def _entry(deduction: str, finding: str = FINDING) -> InspectionInput:
    return InspectionInput(date(2015, 6, 3), InspectionKind.UNANNOUNCED, finding, D(deduction))


def _record(jinfeng: Scorers, actor: Subject, unit: str, deduction: str) -> Inspection:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        row = inspections.record_inspection(session, actor, SCHEME, unit, _entry(deduction))
        session.commit()
        session.refresh(row)
        return row


def test_an_inspection_deducts_exactly_as_a_deduction_adjustment_does_in_the_engine(
    jinfeng: Scorers, drain: Callable[[], None]
) -> None:
    # given the example, whose annual result the engine computes from the data file
    department = jinfeng.department("fagaiju")
    plain = engine_annual("liangtian")
    # when a monitoring department records an unannounced visit deducting 1.5 points
    row = _record(jinfeng, department, "liangtian", "1.5")
    drain()
    # then the stored annual result is the engine's with that deduction adjustment
    expected = engine_annual(
        "liangtian",
        {"unit": "liangtian", "kind": "deduction", "points": D("1.5"), "reason": "明查暗访"},
    )
    stored = stored_annual(jinfeng, "liangtian")
    assert stored.total == expected.total < plain.total
    assert stored.deductions == expected.deductions
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        adjustment = session.get(Adjustment, (jinfeng.tenant.id, row.adjustment_id))
        assert adjustment is not None
        assert (adjustment.kind, adjustment.points) == ("deduction", D("1.5"))
        assert adjustment.reason == f"明查暗访：{FINDING}"

    # when the deduction is corrected to 0.5, then the adjustment follows
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        inspections.update_inspection(session, department, row.id, _entry("0.5"))
        session.commit()
    drain()
    half = engine_annual(
        "liangtian", {"unit": "liangtian", "kind": "deduction", "points": D("0.5")}
    )
    assert stored_annual(jinfeng, "liangtian").total == half.total

    # when it becomes 0 (no deduction), the adjustment goes and the result is the plain one
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        changed = inspections.update_inspection(session, department, row.id, _entry("0"))
        assert changed.adjustment_id is None
        session.commit()
    drain()
    assert stored_annual(jinfeng, "liangtian").total == plain.total

    # when the office sets it again and then deletes the inspection, both go
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        inspections.update_inspection(session, jinfeng.office, row.id, _entry("2"))
        session.commit()
    drain()
    assert stored_annual(jinfeng, "liangtian").total == plain.total - D(2)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        inspections.delete_inspection(session, jinfeng.office, row.id)
        session.commit()
        assert session.get(Inspection, (jinfeng.tenant.id, row.id)) is None
        reasons = session.exec(select(Adjustment.reason)).all()
        assert not [r for r in reasons if r.startswith("明查暗访：")]
    drain()
    assert stored_annual(jinfeng, "liangtian").total == plain.total
    assert actions(jinfeng, row.id) == [
        "inspection.record",
        "inspection.update",
        "inspection.update",
        "inspection.update",
        "inspection.delete",
    ]


def test_recorders_are_the_monitoring_departments_the_supervision_group_and_the_office(
    jinfeng: Scorers,
) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        for outsider in (unit_person(jinfeng, "unit_reporter", "liangtian"), jinfeng.leader()):
            with pytest.raises(Forbidden, match="明查暗访"):
                inspections.record_inspection(session, outsider, SCHEME, "liangtian", _entry("1"))
        with pytest.raises(InvalidInput, match="扣分 -1 须在") as negative:
            inspections.record_inspection(
                session, jinfeng.department(), SCHEME, "liangtian", _entry("-1")
            )
        assert negative.value.field == "deduction"
        with pytest.raises(InvalidInput, match="检查发现的问题") as blank:
            inspections.record_inspection(
                session, jinfeng.department(), SCHEME, "liangtian", _entry("1", finding=" ")
            )
        assert blank.value.field == "finding"
        with pytest.raises(NotFound, match="没有考评对象「nowhere」"):
            inspections.record_inspection(
                session, jinfeng.department(), SCHEME, "nowhere", _entry("1")
            )
    by_group = _record(jinfeng, supervisor(jinfeng), "fengdeng", "1")
    by_department = _record(jinfeng, jinfeng.department("fagaiju"), "liangtian", "1")
    with db.tenant_session(tenant.id) as session:
        # another department neither sees nor changes what fagaiju recorded
        other = jinfeng.department("zhaoshangju")
        with pytest.raises(NotFound):
            inspections.update_inspection(session, other, by_department.id, _entry("3"))
        # the supervision group sees every inspection but changes only its own
        with pytest.raises(Forbidden, match="只能修改本人录入"):
            inspections.update_inspection(
                session, supervisor(jinfeng), by_department.id, _entry("3")
            )
        inspections.update_inspection(session, jinfeng.office, by_group.id, _entry("3"))
        session.commit()


def test_an_adjustment_an_inspection_made_is_changed_through_the_inspection(
    jinfeng: Scorers,
) -> None:
    row = _record(jinfeng, jinfeng.office, "liangtian", "1")
    assert row.adjustment_id is not None
    with (
        jinfeng.database.tenant_session(jinfeng.tenant.id) as session,
        pytest.raises(Conflict, match="请修改或删除该明查暗访记录"),
    ):
        others.remove_adjustment(session, jinfeng.office, row.adjustment_id)


def test_units_see_their_own_inspections_and_another_tenant_sees_none(
    jinfeng: Scorers, intruder: Subject
) -> None:
    mine = _record(jinfeng, jinfeng.office, "liangtian", "1")
    theirs = _record(jinfeng, jinfeng.office, "fengdeng", "0")
    reporter = unit_person(jinfeng, "unit_reporter", "liangtian")
    department = jinfeng.department("fagaiju")
    db, tenant = jinfeng.database, jinfeng.tenant
    with db.tenant_session(tenant.id) as session:
        page = inspections.list_inspections(session, reporter, scheme_code=SCHEME)
        assert [r.id for r in page.items] == [mine.id]
        with pytest.raises(NotFound):
            inspections.readable_inspection(session, reporter, theirs.id)
        everything = inspections.list_inspections(session, jinfeng.office, scheme_code=SCHEME)
        assert [r.id for r in everything.items] == [mine.id, theirs.id]
        one_unit = inspections.list_inspections(
            session, jinfeng.office, scheme_code=SCHEME, unit_code="fengdeng"
        )
        assert [r.id for r in one_unit.items] == [theirs.id]
        # a department sees its own unit's and what it recorded: neither here
        assert inspections.list_inspections(session, department, scheme_code=SCHEME).items == []
    assert intruder.tenant is not None
    with db.tenant_session(intruder.tenant.id) as session:
        with pytest.raises(NotFound):
            inspections.list_inspections(session, intruder, scheme_code=SCHEME)
        with pytest.raises(NotFound):
            inspections.readable_inspection(session, intruder, mine.id)
        with pytest.raises(NotFound):
            inspections.delete_inspection(session, intruder, mine.id)


def test_a_data_import_replaces_the_adjustments_and_the_records_let_go_of_theirs(
    jinfeng: Scorers,
) -> None:
    # given an inspection that deducts and a data file re-imported afterwards
    row = _record(jinfeng, jinfeng.office, "liangtian", "1")
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        document = read_document(EXAMPLE / "data.yaml")
        import_data(session, SCHEME, document, actor=jinfeng.office, mode=DataMode.REPLACE)
        session.commit()
        # then the file's adjustments are the scheme's and the inspection owns none
        kept = session.get(Inspection, (jinfeng.tenant.id, row.id))
        assert kept is not None
        assert kept.adjustment_id is None
        reasons = session.exec(select(Adjustment.reason)).all()
        assert not [r for r in reasons if r.startswith("明查暗访：")]
        # and changing the inspection makes its deduction anew
        again = inspections.update_inspection(session, jinfeng.office, row.id, _entry("2"))
        assert again.adjustment_id is not None
        session.commit()
