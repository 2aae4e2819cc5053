"""Interchange formats: `jixiao.scheme/1`, `jixiao.data/1` in, `jixiao.results/1` out."""

from jixiao.engine.formats.data import DATA_FORMAT, load_data, parse_data
from jixiao.engine.formats.issues import FormatError, Issue, IssueCode, ValidationErrors
from jixiao.engine.formats.reading import parse_text, read_document
from jixiao.engine.formats.results import RESULTS_FORMAT, dump_results, results_to_dict
from jixiao.engine.formats.scheme import SCHEME_FORMAT, load_scheme, parse_scheme

__all__ = [
    "DATA_FORMAT",
    "RESULTS_FORMAT",
    "SCHEME_FORMAT",
    "FormatError",
    "Issue",
    "IssueCode",
    "ValidationErrors",
    "dump_results",
    "load_data",
    "load_scheme",
    "parse_data",
    "parse_scheme",
    "parse_text",
    "read_document",
    "results_to_dict",
]
