"""The appraisal engine (DOMAIN.md §4): typed model, interchange formats, pure computation.

Exact, deterministic, no I/O beyond reading the files it is given, and no dependency on storage:
nothing here imports the ORM, the database or any domain package (tests/test_architecture.py).
"""

from jixiao.engine.compute import PeriodError, compute
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
