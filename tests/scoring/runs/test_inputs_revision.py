"""The schemes' inputs revision: moved by every input change, and an unchanged recompute that
answers from it without reading the inputs."""

from __future__ import annotations

import pytest
from sqlmodel import select

from jixiao.org.models import Unit
from jixiao.schemes.models import Scheme
from jixiao.scoring.models import Adjustment, Score, ScoreStatus
from jixiao.scoring.runs import service, sources
from jixiao.scoring.runs.models import ResultPointer
from tests.factories import SCHEME, Jinfeng, compute


def seq_of(jinfeng: Jinfeng) -> int:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scheme = session.exec(select(Scheme).where(Scheme.code == SCHEME)).one()
        return scheme.inputs_seq


def edit_first(jinfeng: Jinfeng, model: type, **values: object) -> None:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        row = session.exec(select(model)).first()
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()


def test_an_unchanged_recompute_reads_no_inputs(
    jinfeng: Jinfeng, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        pointer = session.exec(select(ResultPointer)).one()
    assert pointer.inputs_seq == seq_of(jinfeng)

    def refuse(*_: object) -> None:
        raise AssertionError("the inputs were read although nothing changed")

    monkeypatch.setattr(sources, "load_inputs", refuse)
    again = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    assert (again.run.id, again.created) == (first.run.id, False)


def test_a_changed_score_moves_the_revision_and_the_run(jinfeng: Jinfeng) -> None:
    first = compute(jinfeng.database, jinfeng.tenant, "Q4", jinfeng.office).run
    before = seq_of(jinfeng)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        score = session.exec(select(Score).where(Score.actual.is_not(None))).first()  # type: ignore[union-attr]
        assert score is not None
        score.actual = score.actual / 2
        session.add(score)
        session.commit()
    assert seq_of(jinfeng) == before + 1
    second = compute(jinfeng.database, jinfeng.tenant, "Q4", jinfeng.office)
    assert second.created
    assert second.run.inputs_version != first.inputs_version


def test_what_is_not_an_input_leaves_the_revision_alone(jinfeng: Jinfeng) -> None:
    before = seq_of(jinfeng)
    edit_first(jinfeng, Score, status=ScoreStatus.DRAFT, entered_by="某人", reason="未完成")
    assert seq_of(jinfeng) == before


def test_an_adjustments_reason_is_an_input(jinfeng: Jinfeng) -> None:
    before = seq_of(jinfeng)
    edit_first(jinfeng, Adjustment, reason="更正后的加分事由")
    assert seq_of(jinfeng) == before + 1


def test_renaming_a_member_unit_moves_its_schemes(jinfeng: Jinfeng) -> None:
    compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    before = seq_of(jinfeng)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        unit = session.get(Unit, (jinfeng.tenant.id, jinfeng.units["liangtian"]))
        assert unit is not None
        unit.name = "良田镇（新名）"
        session.add(unit)
        session.commit()
    assert seq_of(jinfeng) == before + 1
    again = compute(jinfeng.database, jinfeng.tenant, "annual", jinfeng.office)
    assert again.created  # the stored run shows unit names: a renamed unit is a new run


def test_a_change_in_the_same_transaction_is_computed(jinfeng: Jinfeng) -> None:
    first = compute(jinfeng.database, jinfeng.tenant, "Q4", jinfeng.office).run
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        score = session.exec(select(Score).where(Score.actual.is_not(None))).first()  # type: ignore[union-attr]
        assert score is not None
        score.actual = score.actual * 3
        session.add(score)
        computed = service.compute_run(session, SCHEME, "Q4", actor=jinfeng.office)
        session.commit()
    assert computed.created
    assert computed.run.id != first.id
    # the pointer was left unconfirmed (-1): the next compute reads the inputs once more
    again = compute(jinfeng.database, jinfeng.tenant, "Q4", jinfeng.office)
    assert again.run.id == computed.run.id
    assert not again.created


def test_a_rolled_back_change_leaves_the_revision(jinfeng: Jinfeng) -> None:
    before = seq_of(jinfeng)
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        score = session.exec(select(Score)).first()
        assert score is not None
        session.delete(score)
        session.flush()
        session.rollback()
    assert seq_of(jinfeng) == before
