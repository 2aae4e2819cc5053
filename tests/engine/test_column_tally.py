"""A data file read a column at a time gives what the entry-by-entry path gives, to the digit.

`load_data` keeps a well-formed JSON file's score entries as columns (`ScoreColumns`) and the
tally reads them leaf by leaf (`column_tally.py`); the entry-by-entry validation of `data.py`
(the path that gives the messages) builds one `ScoreEntry` per entry and the tally takes them one
by one. Both must agree on the entries, on the tally
of every scope and on the published results, for every scoring method (bench/engine.py's
generator uses all of them, binding indicators and two scorers on some leaves).
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest

from bench.engine import build_data_doc, build_scheme_doc
from jixiao.engine import compute, dump_results, load_data, parse_data, parse_scheme
from jixiao.engine.columns import ScoreColumns
from jixiao.engine.formats.data import _DataReader
from jixiao.engine.formats.fast_json import with_decimals
from jixiao.engine.formats.fields import Checker
from jixiao.engine.indicators import tally_scores
from jixiao.engine.model import Data, Scheme


def _documents(units: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    scheme_doc = build_scheme_doc(units)
    data_doc = build_data_doc(scheme_doc, random.Random(seed))
    for leaf in scheme_doc["scheme"]["indicators"][0]["children"]:
        del leaf["_kind"]
    rnd = random.Random(seed)
    scores = data_doc["scores"]
    rnd.shuffle(scores)  # file order is the caller's: nothing may depend on it
    for entry in rnd.sample(scores, len(scores) // 10):
        if "met" in entry:
            entry["met"] = False  # binding failures in every period, some outside the scope
        if "rank" in entry:
            entry["rank"] = rnd.choice([1, 5, 40])  # ranks outside the table score 0
        if "actual" in entry:
            entry["actual"] = rnd.choice([0, -3.5, 1e-7, 250.25])  # edges of each method
    del scores[: len(scores) // 20]  # missing entries
    return scheme_doc, data_doc


def _both(tmp_path: Path, units: int, seed: int) -> tuple[Scheme, Data, Data]:
    scheme_doc, data_doc = _documents(units, seed)
    scheme = parse_scheme(with_decimals(scheme_doc))
    path = tmp_path / "data.json"
    path.write_bytes(orjson.dumps(data_doc))
    by_columns = load_data(path, scheme)
    document = with_decimals(data_doc)
    parsed = parse_data(document, scheme)
    one_by_one = _DataReader(Checker("data"), scheme).scores(document["scores"])
    return scheme, by_columns, replace(parsed, scores=one_by_one)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_columns_tally_and_results_equal_the_entry_path(tmp_path: Path, seed: int) -> None:
    scheme, by_columns, by_entries = _both(tmp_path, 40, seed)
    assert isinstance(by_columns.scores, ScoreColumns)
    assert isinstance(by_entries.scores, tuple)
    leaves = scheme.leaves()
    for scope in [tuple(scheme.periods), *((period,) for period in scheme.periods)]:
        columns = tally_scores(leaves, by_columns.scores, scope)
        entries = tally_scores(leaves, by_entries.scores, scope)
        assert columns == entries
        assert columns.failed_binding, "the data must exercise binding failures"
    for period in ("annual", *scheme.periods):
        assert dump_results(compute(scheme, by_columns, period)) == dump_results(
            compute(scheme, by_entries, period)
        )
    # read one by one, the columns are the entries of the file, in its order
    assert by_columns.scores == by_entries.scores
    assert list(by_columns.scores) == list(by_entries.scores)
    assert by_columns.scores[7] == by_entries.scores[7]
    assert len(by_columns.scores) == len(by_entries.scores)
    assert by_columns == by_entries
    assert hash(by_columns.scores) == hash(by_entries.scores)
