"""The appraisal engine (DOMAIN.md §4): typed model, interchange formats, pure computation."""

from jixiao.scoring.engine import PeriodError, compute
from jixiao.scoring.formats import (
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
from jixiao.scoring.model import Data, Scheme
from jixiao.scoring.results import Flag, IndicatorLine, LineStatus, Results, UnitResult

__all__ = [
    "Data",
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
    "compute",
    "dump_results",
    "load_data",
    "load_scheme",
    "parse_data",
    "parse_scheme",
    "results_to_dict",
]
