"""Given the jinfeng-2015 example imported, the stored inputs give the expected results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.engine import compute, results_to_dict
from jixiao.schemes.inputs import engine_inputs
from tests.schemes.conftest import World


def _without_explain(document: dict[str, object]) -> dict[str, object]:
    units = document["units"]
    assert isinstance(units, list)
    for unit in units:
        unit.pop("explain", None)
    return document


def test_imported_example_computes_the_expected_results(imported: World, example_dir: Path) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        inputs = engine_inputs(session, "jinfeng-2015")
    for period in ("Q1", "Q2", "Q4", "annual"):
        expected = json.loads((example_dir / f"results.{period}.json").read_text("utf-8"))
        produced = results_to_dict(compute(inputs.scheme, inputs.data, period))
        assert _without_explain(produced) == _without_explain(expected), period


def test_the_version_is_stable_and_follows_the_inputs(imported: World) -> None:
    with imported.database.tenant_session(imported.tenant.id) as session:
        first = engine_inputs(session, "jinfeng-2015")
        again = engine_inputs(session, "jinfeng-2015")
    assert first.version == again.version
    assert len(first.version) == 64
    assert first.scheme_id == again.scheme_id


@pytest.mark.parametrize("code", ["nope"])
def test_an_unknown_scheme_is_not_found(world: World, code: str) -> None:
    from jixiao.platform.errors import NotFound

    with world.database.tenant_session(world.tenant.id) as session, pytest.raises(NotFound):
        engine_inputs(session, code)
