"""The rules that entry checks against (`schemes.inputs.engine_rules`) are parsed once per
inputs revision and kept while only units' data changes; a change of the rules reads them again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, select

from jixiao.engine import Scheme
from jixiao.schemes import inputs as inputs_module
from jixiao.schemes.models import Indicator
from jixiao.schemes.models import Scheme as SchemeRow
from jixiao.scoring.models import Score
from tests.factories import SCHEME, Jinfeng


def rules(jinfeng: Jinfeng) -> Scheme:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        scheme, _ = inputs_module.engine_rules(session, SCHEME)
        return scheme


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules were parsed from the stored scheme."""
    calls: list[int] = []
    parse = inputs_module.parse_scheme

    def counting(*args: Any, **kwargs: Any) -> Scheme:
        calls.append(1)
        return parse(*args, **kwargs)

    monkeypatch.setattr(inputs_module, "parse_scheme", counting)
    inputs_module._RULES.clear()
    return calls


def seq_of(jinfeng: Jinfeng) -> int:
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        return session.exec(select(SchemeRow.inputs_seq).where(SchemeRow.code == SCHEME)).one()


def test_rules_are_kept_while_only_data_changes(jinfeng: Jinfeng, parsed: list[int]) -> None:
    first = rules(jinfeng)
    before = seq_of(jinfeng)
    assert rules(jinfeng) is first
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        score = session.exec(select(Score).where(col(Score.actual).is_not(None))).first()
        assert score is not None
        assert score.actual is not None
        score.actual += Decimal(1)  # data: the inputs revision moves, the rules do not
        session.add(score)
        session.commit()
    assert seq_of(jinfeng) > before
    assert rules(jinfeng) is first
    assert len(parsed) == 1


def test_a_changed_rule_is_read_again(jinfeng: Jinfeng, parsed: list[int]) -> None:
    first = rules(jinfeng)
    code = first.leaves()[0].code
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        indicator = session.exec(select(Indicator).where(Indicator.code == code)).one()
        indicator.name = "改过名的指标"
        session.add(indicator)
        session.commit()
    again = rules(jinfeng)
    assert again is not first
    assert {leaf.code: leaf.name for leaf in again.leaves()}[code] == "改过名的指标"
    assert len(parsed) == 2


def test_a_transaction_with_changes_of_its_own_reads_its_own_rules(
    jinfeng: Jinfeng, parsed: list[int]
) -> None:
    code = rules(jinfeng).leaves()[0].code
    with jinfeng.database.tenant_session(jinfeng.tenant.id) as session:
        indicator = session.exec(select(Indicator).where(Indicator.code == code)).one()
        indicator.name = "未提交的名字"
        session.add(indicator)
        scheme, _ = inputs_module.engine_rules(session, SCHEME)
        assert "未提交的名字" in {leaf.name for leaf in scheme.leaves()}
        session.rollback()
    assert "未提交的名字" not in {leaf.name for leaf in rules(jinfeng).leaves()}
