"""The appraisal engine (DOMAIN.md §4): typed model, interchange formats, pure computation.

Exact, deterministic, no I/O beyond reading the files it is given, and no dependency on storage:
nothing here imports the ORM, the database or any domain package (tests/test_architecture.py).
Importing the package loads nothing: each name is imported on first use (`jixiao --help` starts
without the engine).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jixiao.engine.computation import PeriodError, compute
    from jixiao.engine.formats import (
        FormatError,
        Issue,
        IssueCode,
        ValidationErrors,
        dump_results,
        load_data,
        load_scheme,
        parse_data,
        parse_scheme,
        results_to_dict,
    )
    from jixiao.engine.grading import competition_ranks, ratio_quotas
    from jixiao.engine.indicators import EntryError
    from jixiao.engine.model import Data, Scheme
    from jixiao.engine.results import Flag, IndicatorLine, LineStatus, Results, UnitResult

_HOMES = {
    "Data": "jixiao.engine.model",
    "EntryError": "jixiao.engine.indicators",
    "Flag": "jixiao.engine.results",
    "FormatError": "jixiao.engine.formats",
    "IndicatorLine": "jixiao.engine.results",
    "Issue": "jixiao.engine.formats",
    "IssueCode": "jixiao.engine.formats",
    "LineStatus": "jixiao.engine.results",
    "PeriodError": "jixiao.engine.computation",
    "Results": "jixiao.engine.results",
    "Scheme": "jixiao.engine.model",
    "UnitResult": "jixiao.engine.results",
    "ValidationErrors": "jixiao.engine.formats",
    "competition_ranks": "jixiao.engine.grading",
    "compute": "jixiao.engine.computation",
    "dump_results": "jixiao.engine.formats",
    "load_data": "jixiao.engine.formats",
    "load_scheme": "jixiao.engine.formats",
    "parse_data": "jixiao.engine.formats",
    "parse_scheme": "jixiao.engine.formats",
    "ratio_quotas": "jixiao.engine.grading",
    "results_to_dict": "jixiao.engine.formats",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Data",
    "EntryError",
    "Flag",
    "FormatError",
    "IndicatorLine",
    "Issue",
    "IssueCode",
    "LineStatus",
    "PeriodError",
    "Results",
    "Scheme",
    "UnitResult",
    "ValidationErrors",
    "competition_ranks",
    "compute",
    "dump_results",
    "load_data",
    "load_scheme",
    "parse_data",
    "parse_scheme",
    "ratio_quotas",
    "results_to_dict",
]
