"""Benchmark of the appraisal engine on a city-scale scheme.

3,000 units, 60 leaf indicators, 4 periods, ~700,000 score entries in a JSON data file written
to a temporary folder. Prints, measured in the same run:

- floor: `orjson.loads` of the file's bytes (the fastest JSON parser; nothing else);
- load: our loaders, the exact path (`load_data`: json with Decimal) and the fast path
  (orjson, floats turned into Decimal through their shortest repr, then `parse_data`, which
  validates every entry against the scheme);
- compute: `compute(scheme, data, period)` alone for `annual` and for `Q2`;
- memory (tracemalloc): the parsed data and the engine's own peak on top of it.

Run: `.venv/bin/python bench/engine.py [--units 3000] [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import orjson

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jixiao.engine import Scheme, compute, load_data, parse_data, parse_scheme  # noqa: E402

T = TypeVar("T")
PERIODS = ["Q1", "Q2", "Q3", "Q4"]
QUARTERLY = dict.fromkeys(PERIODS, 0.25)


def build_scheme_doc(units: int) -> dict[str, Any]:
    """60 leaves: 45 scored every quarter, 15 in Q4 only; 10 manual leaves have two scorers."""
    groups = []
    for g in range(30):
        department = g < 20
        groups.append(
            {
                "code": f"g{g:02d}",
                "name": f"分组{g:02d}",
                "grades": [
                    {"name": "优秀", "award": True},
                    {"name": "良好"},
                    {"name": "达标"},
                    {"name": "不达标"},
                ],
                "grading": {"method": "ratio", "ratio": [3, 5, 2]},
                "fail_below": 60 if department else None,
                "fail_grade": "不达标" if department else None,
                "bonus": {
                    "base_per_head": 1500,
                    "coefficients": {"优秀": 1.2, "良好": 1, "达标": 0.8},
                },
            }
        )
    unit_list = [
        {
            "code": f"u{i:04d}",
            "name": f"单位{i:04d}",
            "kind": "department" if i % 30 < 20 else ("town" if i % 2 else "subdistrict"),
            "group": f"g{i % 30:02d}",
            "headcount": 10 + i % 70,
        }
        for i in range(units)
    ]
    leaves: list[dict[str, Any]] = []
    kinds = (
        ["manual2"] * 10
        + ["ratio"] * 9
        + ["linear"] * 8
        + ["pass_fail"] * 6
        + ["deduction"] * 6
        + ["manual"] * 6
        + ["ratio_low"] * 6
        + ["rank"] * 5
        + ["binding"] * 4
    )
    for n, kind in enumerate(kinds):
        leaf: dict[str, Any] = {"code": f"L{n:02d}", "name": f"指标{n:02d}", "points": 1}
        quarterly = n % 4 != 3  # 45 quarterly, 15 in Q4 only
        leaf["periods"] = QUARTERLY if quarterly else {"Q4": 1}
        if kind in ("manual2", "manual"):
            leaf["method"] = "manual"
            leaf["key_project"] = n % 5 == 0
        elif kind == "ratio":
            leaf.update(method="ratio", target=100)
        elif kind == "ratio_low":
            leaf.update(method="ratio", target=3, lower_is_better=True)
        elif kind == "linear":
            leaf.update(method="linear", target=100, floor=60)
        elif kind in ("pass_fail", "binding"):
            leaf.update(method="pass_fail", binding=kind == "binding")
        elif kind == "deduction":
            leaf.update(method="deduction", per_incident=0.5)
        else:
            leaf.update(
                method="rank", table={str(r): round(1 - 0.05 * (r - 1), 2) for r in range(1, 8)}
            )
        leaf["_kind"] = kind
        leaves.append(leaf)
    points_left = 100 - len(leaves)
    for n in range(points_left):
        leaves[n % len(leaves)]["points"] += 1
    return {
        "format": "jixiao.scheme/1",
        "scheme": {
            "code": "city-2015",
            "name": "城市级基准方案",
            "year": 2015,
            "periods": PERIODS,
            "components": [
                {"code": "indicators", "name": "指标考核", "weight": 80},
                {"code": "leaders", "name": "领导评价", "weight": 10},
                {"code": "public", "name": "群众满意度", "weight": 10},
            ],
            "bonus_cap": 5,
            "key_project_bottom": 5,
            "groups": groups,
            "units": unit_list,
            "indicators": [{"code": "ALL", "name": "全部指标", "children": leaves}],
        },
    }


def build_data_doc(scheme_doc: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    body = scheme_doc["scheme"]
    scores: list[dict[str, Any]] = []
    for unit in body["units"]:
        u = unit["code"]
        for leaf in body["indicators"][0]["children"]:
            kind = leaf["_kind"]
            for period, share in leaf["periods"].items():
                entry: dict[str, Any] = {"unit": u, "indicator": leaf["code"], "period": period}
                available = leaf["points"] * share
                if kind in ("manual", "manual2"):
                    for scorer in ("lingdao1", "lingdao2")[: 2 if kind == "manual2" else 1]:
                        value = round(rnd.uniform(0.5, 1) * available, 2)
                        scores.append({**entry, "scorer": scorer, "value": value})
                    continue
                if kind in ("ratio", "linear"):
                    entry["actual"] = round(rnd.uniform(40, 120), 2)
                elif kind == "ratio_low":
                    entry["actual"] = round(rnd.uniform(0, 6), 2)
                elif kind == "pass_fail":
                    entry["met"] = rnd.random() > 0.1
                elif kind == "binding":
                    entry["met"] = rnd.random() > 0.002
                elif kind == "deduction":
                    entry["incidents"] = rnd.choice([0, 0, 0, 1, 2])
                else:
                    entry["rank"] = rnd.randint(1, 9)
                scores.append(entry)
    ratings = [
        {"unit": unit["code"], "component": component, "value": round(rnd.uniform(70, 100), 2)}
        for unit in body["units"]
        for component in ("leaders", "public")
        for _ in range(3)
    ]
    units = [unit["code"] for unit in body["units"]]
    adjustments = [
        {"unit": u, "kind": rnd.choice(["bonus", "deduction"]), "points": 1, "reason": "创新奖"}
        for u in rnd.sample(units, min(300, len(units)))
    ]
    city_items = [
        {"unit": u, "item": f"项目{n % 3}", "last": True}
        for n, u in enumerate(rnd.sample(units, min(60, len(units))))
    ]
    previous = [{"unit": u, "last_in_group": True} for u in rnd.sample(units, min(30, len(units)))]
    return {
        "format": "jixiao.data/1",
        "scheme": body["code"],
        "scores": scores,
        "ratings": ratings,
        "adjustments": adjustments,
        "city_items": city_items,
        "previous": previous,
    }


def decimals(value: Any) -> Any:
    """Deep copy with floats turned into Decimal (used for the small scheme document)."""
    if isinstance(value, dict):
        return {k: decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decimals(v) for v in value]
    if type(value) is float:
        return Decimal(repr(value))
    return value


def fast_data(raw: bytes) -> dict[str, Any]:
    """The fast path: orjson, then floats turned into Decimal in place through their shortest
    repr (exact for numbers written with up to 15 significant digits, as these files are)."""
    document = orjson.loads(raw)
    for section in ("scores", "ratings", "adjustments"):
        for entry in document.get(section, ()):
            for key, value in entry.items():
                if type(value) is float:
                    entry[key] = Decimal(repr(value))
    return document


def best(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def line(label: str, value: str, note: str = "") -> None:
    """One aligned line of the report."""
    print(f"{label:<50}{value:>10}  {note}".rstrip())


def measure_memory(scheme: Scheme, raw_bytes: bytes) -> None:
    """Parsed sizes and the engine's peak, with tracemalloc (apart: it slows everything)."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    parsed = orjson.loads(raw_bytes)
    raw_size = tracemalloc.get_traced_memory()[0] - base
    del parsed
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    data = parse_data(fast_data(raw_bytes), scheme, "data.json")
    gc.collect()
    typed_size = tracemalloc.get_traced_memory()[0] - base
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    kept = compute(scheme, data, "annual")
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine_peak = peak - before
    mib = 2**20
    line("memory  parsed JSON (orjson dicts)", f"{raw_size / mib:.1f} MiB")
    line("memory  parsed Data (typed, Decimal)", f"{typed_size / mib:.1f} MiB")
    line("memory  engine peak above Data (annual)", f"{engine_peak / mib:.1f} MiB")
    line("memory  results kept (incl. drill-down)", f"{(current - before) / mib:.1f} MiB")
    total = typed_size + engine_peak
    line("memory  (Data + engine peak) / Data", f"{total / typed_size:.2f}", "(target <= 2)")
    line("memory  (Data + engine peak) / parsed JSON", f"{total / raw_size:.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line("max RSS of the whole benchmark process", f"{rss:.1f} MiB")
    del kept, data


def main() -> None:
    """Generate the city-scale files, then time and measure."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-exact-load", action="store_true")
    args = parser.parse_args()
    scheme_doc = build_scheme_doc(args.units)
    data_doc = build_data_doc(scheme_doc, random.Random(2015))
    for leaf in scheme_doc["scheme"]["indicators"][0]["children"]:
        del leaf["_kind"]
    scheme = parse_scheme(decimals(json.loads(json.dumps(scheme_doc))), "scheme.json")
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        data_path.write_bytes(orjson.dumps(data_doc))
        del data_doc
        raw_bytes = data_path.read_bytes()
        entries = len(orjson.loads(raw_bytes)["scores"])
        print(
            f"scheme: {len(scheme.units)} units, {len(scheme.leaves())} leaf indicators, "
            f"{len(scheme.periods)} periods, {len(scheme.groups)} groups"
        )
        print(f"data:   {entries:,} score entries, {len(raw_bytes) / 1e6:.1f} MB JSON")
        print()
        floor, _ = best(args.repeat, lambda: orjson.loads(raw_bytes))
        fast_load, data = best(
            1, lambda: parse_data(fast_data(data_path.read_bytes()), scheme, "data.json")
        )
        exact_load = None
        if not args.skip_exact_load:
            exact_load, exact = best(1, lambda: load_data(data_path, scheme))
            assert exact == data, "the fast path must give the same Data as the exact path"
            del exact
        annual, results = best(args.repeat, lambda: compute(scheme, data, "annual"))
        quarter, _ = best(args.repeat, lambda: compute(scheme, data, "Q2"))

        line("floor   orjson.loads(bytes)", f"{floor:.3f} s", f"best of {args.repeat}")
        if exact_load is not None:
            line("load    load_data (json + Decimal, validated)", f"{exact_load:.3f} s")
        line("load    fast path (orjson + Decimal, validated)", f"{fast_load:.3f} s")
        line("compute annual", f"{annual:.3f} s", f"best of {args.repeat}")
        line("compute Q2", f"{quarter:.3f} s", f"best of {args.repeat}")
        print()
        line("engine/floor  annual", f"{annual / floor:.2f}", "(target <= 2)")
        line("engine/floor  Q2", f"{quarter / floor:.2f}", "(target <= 2)")
        line("(load+compute)/floor  annual", f"{(fast_load + annual) / floor:.2f}", "(fast path)")
        line("(load+compute)/floor  Q2", f"{(fast_load + quarter) / floor:.2f}", "(fast path)")
        flagged = sum(1 for unit in results.units if unit.flags)
        print(
            f"check: {len(results.units)} unit results, provisional={results.provisional}, "
            f"{flagged} with flags"
        )
        del results
        print()
        measure_memory(scheme, raw_bytes)


if __name__ == "__main__":
    main()
