"""Benchmark of the engine's own path: `jixiao simulate` as a whole process.

Builds the city-scale scheme and data of bench/engine.py (3,000 units, ~700,000 score entries at
the default size) into a temporary folder and prints, measured in the same run:

- floor: `orjson.loads` of the data file's bytes, and Python's own start-up (`python -c pass`);
- `jixiao --help`: start-up of the command (target <= 0.3 s, without the ORM or GraphQL);
- `jixiao simulate SCHEME DATA` for `annual` and `--period Q2`, the whole process measured from
  outside (target <= 3x the orjson floor); its output is checked to be results for every unit.

Run: `.venv/bin/python bench/simulate.py [--units 3000] [--repeat 3]` (CI: `--units 50
--repeat 1`).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import orjson

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from engine import best, build_data_doc, build_scheme_doc, line  # noqa: E402

JIXIAO = [sys.executable, "-c", "import sys; from jixiao.cli import run; run()"]
START_TARGET = 0.3
SIMULATE_TARGET = 3.0


def write_files(units: int, folder: Path) -> tuple[Path, Path]:
    """The benchmark's scheme and data files (JSON, as orjson writes them)."""
    scheme_doc = build_scheme_doc(units)
    data_doc = build_data_doc(scheme_doc, random.Random(2015))
    for leaf in scheme_doc["scheme"]["indicators"][0]["children"]:
        del leaf["_kind"]
    scheme_path, data_path = folder / "scheme.json", folder / "data.json"
    scheme_path.write_bytes(orjson.dumps(scheme_doc))
    data_path.write_bytes(orjson.dumps(data_doc))
    return scheme_path, data_path


def run(command: Sequence[str]) -> tuple[float, bytes]:
    """Wall time of a whole process, and its standard output (it must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, done.stdout


def best_run(repeat: int, command: Sequence[str]) -> tuple[float, bytes]:
    """The best wall time of `repeat` runs."""
    runs = [run(command) for _ in range(repeat)]
    return min(elapsed for elapsed, _ in runs), runs[-1][1]


def verdict(value: float, target: float) -> str:
    """`ok` or `OVER` against a target."""
    return "ok" if value <= target else "OVER"


def main() -> None:
    """Write the files, then time the floor, the start-up and the whole simulate process."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scheme_path, data_path = write_files(args.units, Path(folder))
        raw = data_path.read_bytes()
        entries = len(orjson.loads(raw)["scores"])
        print(f"data: {args.units} units, {entries:,} score entries, {len(raw) / 1e6:.1f} MB JSON")
        print()
        floor, _ = best(args.repeat, lambda: orjson.loads(raw))
        python, _ = best_run(args.repeat, [sys.executable, "-c", "pass"])
        start, _ = best_run(args.repeat, [*JIXIAO, "--help"])
        simulate = [*JIXIAO, "simulate", str(scheme_path), str(data_path)]
        annual, annual_out = best_run(args.repeat, simulate)
        quarter, quarter_out = best_run(args.repeat, [*simulate, "--period", "Q2"])
        for output, period in ((annual_out, "annual"), (quarter_out, "Q2")):
            results = json.loads(output)
            assert results["period"] == period
            assert len(results["units"]) == args.units

        line("floor   orjson.loads(bytes)", f"{floor:.3f} s", f"best of {args.repeat}")
        line("floor   python -c pass", f"{python:.3f} s")
        line(
            "start   jixiao --help",
            f"{start:.3f} s",
            f"<= {START_TARGET} s: {verdict(start, START_TARGET)}",
        )
        line("process jixiao simulate (annual)", f"{annual:.3f} s")
        line("process jixiao simulate --period Q2", f"{quarter:.3f} s")
        print()
        for label, value in (("annual", annual), ("Q2", quarter)):
            ratio = value / floor
            line(
                f"simulate/floor  {label}",
                f"{ratio:.2f}",
                f"<= {SIMULATE_TARGET:g}: {verdict(ratio, SIMULATE_TARGET)}",
            )
        line("start/python", f"{start / python:.2f}")


if __name__ == "__main__":
    main()
