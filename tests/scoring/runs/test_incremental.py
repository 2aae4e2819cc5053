"""Recomputing from inputs kept in memory (brought up to date from the change log) and storing
only the lines that changed gives exactly what a full recompute from scratch gives."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, select

from jixiao.engine import compute as engine_compute
from jixiao.engine import results_to_dict
from jixiao.schemes import inputs as inputs_module
from jixiao.scoring.models import Rating, Score
from jixiao.scoring.runs import queries, sources
from jixiao.scoring.runs.models import ResultLines, ResultUnit
from tests.factories import SCHEME, Jinfeng, compute


def full_inputs(jinfeng: Jinfeng) -> sources.EngineInputs:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return sources.engine_inputs(session, SCHEME)  # no cache: every row read


def warm_inputs(jinfeng: Jinfeng) -> sources.EngineInputs:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return sources.load_inputs(session, SCHEME)


def change_randomly(jinfeng: Jinfeng, rnd: random.Random) -> None:
    """Change, delete or re-add a few score rows in one transaction."""
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scores = session.exec(select(Score).order_by(col(Score.seq))).all()
        for score in rnd.sample(scores, 3):
            action = rnd.random()
            if action < 0.2 and score.scorer:
                session.delete(score)
            elif score.actual is not None:
                score.actual = Decimal(rnd.randint(0, 150))
            elif score.value is not None:
                score.value = Decimal(rnd.randint(0, 10)) / 10
            elif score.incidents is not None:
                score.incidents = rnd.randint(0, 4)
            elif score.met is not None:
                score.met = not score.met
            session.add(score)
        if rnd.random() < 0.5:  # a rating too: more than scores changed
            rating = rnd.choice(session.exec(select(Rating)).all())
            rating.value = Decimal(rnd.randint(60, 100))
            session.add(rating)
        session.commit()


def test_warm_inputs_equal_a_full_read_after_random_changes(
    jinfeng: Jinfeng, monkeypatch: pytest.MonkeyPatch
) -> None:
    rnd = random.Random(2015)
    sources.INPUTS.clear()
    warm_inputs(jinfeng)  # held in memory from here on
    partial: list[int] = []
    read = inputs_module.read_scores

    def counting(session: Any, scheme_id: Any, unit_ids: Any = None) -> Any:
        if unit_ids is not None:
            partial.append(len(unit_ids))
        return read(session, scheme_id, unit_ids)

    monkeypatch.setattr(inputs_module, "read_scores", counting)
    for step in range(8):
        change_randomly(jinfeng, rnd)
        warm = warm_inputs(jinfeng)
        assert len(partial) == step + 1  # brought up to date from the change log
        assert 1 <= partial[-1] <= 3  # reading only the changed units
        full = full_inputs(jinfeng)
        assert warm.version == full.version
        assert warm.lines_keys == full.lines_keys
        for period in ("Q2", "annual"):
            # only the changed units re-tallied, merged with the others' held tallies
            tally = sources.TALLIES.tally(jinfeng.tenant.id, warm, period)
            held = engine_compute(warm.scheme, warm.data, period, tally=tally)
            fresh = engine_compute(full.scheme, full.data, period)
            assert results_to_dict(held) == results_to_dict(fresh)
            for unit in fresh.units:
                assert held.breakdown(unit.unit) == fresh.breakdown(unit.unit)


def test_a_recompute_after_one_change_stores_only_that_units_lines(jinfeng: Jinfeng) -> None:
    db, tenant = jinfeng.database, jinfeng.tenant
    first = compute(db, tenant, "annual", jinfeng.office).run
    with db.tenant_session(tenant.id) as session:
        score = session.exec(
            select(Score).where(col(Score.actual).is_not(None)).order_by(col(Score.seq))
        ).first()
        assert score is not None
        changed_unit = score.unit_id
        score.actual = (score.actual or Decimal(0)) / 3
        session.add(score)
        session.commit()
    second = compute(db, tenant, "annual", jinfeng.office).run
    with db.tenant_session(tenant.id) as session:
        units = session.exec(select(ResultUnit).where(ResultUnit.run_id == second.id)).all()
        own = session.exec(
            select(ResultLines.unit_code).where(ResultLines.run_id == second.id)
        ).all()
        changed = next(u for u in units if u.unit_id == changed_unit)
        assert changed.lines_run_id is None  # its lines are new
        assert all(u.lines_run_id == first.id for u in units if u is not changed)
        assert own == [changed.unit_code]  # the one unit whose lines are stored anew
        keys = [(second.id, u.unit_code) for u in units]
        stored = queries.lines_of(session, keys)
    # the drill-down read through the shared lines equals the engine's own breakdown
    inputs = full_inputs(jinfeng)
    results = engine_compute(inputs.scheme, inputs.data, "annual")
    for (_, code), lines in zip(keys, stored, strict=True):
        expected = [
            (x.indicator, x.period, x.score, x.status.value) for x in results.breakdown(code)
        ]
        assert [(x.indicator_code, x.period, x.score, x.status) for x in lines] == expected


def test_inputs_held_for_one_tenant_never_serve_another(jinfeng: Jinfeng) -> None:
    """Two tenants with the same scheme code: each reads its own inputs and change log."""
    from jixiao.schemes.interchange import import_files
    from jixiao.schemes.models import SchemeInputChange
    from tests.factories import EXAMPLE, everything, make_tenant

    other = make_tenant(jinfeng.database, "西夏区")
    with jinfeng.database.tenant_session(other.id) as session:
        import_files(session, EXAMPLE / "scheme.yaml", EXAMPLE / "data.yaml", everything(other))
        session.commit()
    sources.INPUTS.clear()
    mine = warm_inputs(jinfeng)
    with jinfeng.database.tenant_session(other.id) as session:
        score = session.exec(select(Score).where(col(Score.actual).is_not(None))).first()
        assert score is not None
        score.actual = (score.actual or Decimal(0)) + 7
        session.add(score)
        session.commit()
    with jinfeng.database.tenant_session(other.id) as session:
        theirs = sources.load_inputs(session, SCHEME)
        their_log = session.exec(select(SchemeInputChange)).all()
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        my_log = session.exec(select(SchemeInputChange)).all()
    assert theirs.scheme_id != mine.scheme_id
    assert theirs.version != mine.version  # their change is theirs alone
    assert warm_inputs(jinfeng).version == mine.version
    assert {row.tenant_id for row in their_log} == {other.id}
    assert {row.tenant_id for row in my_log} == {jinfeng.tenant.id}


def test_a_row_the_quick_check_refuses_goes_through_the_engines_parser(
    jinfeng: Jinfeng, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.schemes import stored_data

    expected = full_inputs(jinfeng)

    def refuse(rows: Any, _plans: Any) -> Any:
        raise stored_data.RowRefused(rows[0])

    monkeypatch.setattr(stored_data, "build_entries", refuse)
    parsed = full_inputs(jinfeng)  # the parser accepts every stored row: same inputs
    assert parsed.version == expected.version
    assert parsed.data == expected.data
