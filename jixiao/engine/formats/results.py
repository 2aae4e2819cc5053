"""`jixiao.results/1`: the published results as a JSON document."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

from jixiao.engine.results import Results, UnitResult

RESULTS_FORMAT = "jixiao.results/1"


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def unit_to_dict(result: UnitResult) -> dict[str, Any]:
    """One unit's entry of `jixiao.results/1`, keys in the published order."""
    return {
        "unit": result.unit,
        "group": result.group,
        "components": {code: f"{value:.2f}" for code, value in result.components.items()},
        "bonus": _figure(result.bonus),
        "deductions": _figure(result.deductions),
        "total": f"{result.total:.2f}",
        "rank": result.rank,
        "overall_rank": result.overall_rank,
        "base_grade": result.base_grade,
        "grade": result.grade,
        "flags": list(result.flags),
        "bonus_amount": _figure(result.bonus_amount),
        "missing": list(result.missing),
        "explain": list(result.explain),
    }


def results_to_dict(results: Results) -> dict[str, Any]:
    """The `jixiao.results/1` document as plain JSON-ready values."""
    return {
        "format": RESULTS_FORMAT,
        "scheme": results.scheme,
        "period": results.period,
        "provisional": results.provisional,
        "units": [unit_to_dict(result) for result in results.units],
    }


def dump_results(results: Results) -> str:
    """`jixiao.results/1` text: indent 2, UTF-8 characters kept, final newline.

    orjson writes what `json.dumps(indent=2, ensure_ascii=False)` writes, byte for byte (a tenth
    of the time at city scale); a text it refuses (a lone surrogate) goes the `json` way.
    """
    document = results_to_dict(results)
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
