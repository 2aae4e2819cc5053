"""Benchmark of the stored path: `jixiao results compute` against `jixiao simulate` (issue 13).

For each size (N units × 60 leaves × 4 quarters, ~230 score rows a unit) on a fresh PostgreSQL
database with the app role (row-level security in force), measured in the same run:

- floor: `jixiao simulate SCHEME DATA --period annual`, the whole process, on the same files;
- fresh: `jixiao results compute … --period annual`, the whole process, nothing stored yet;
- changed: the same after one score changed (a new run; only that unit's lines are written);
- unchanged: the same again (whole process) and `compute_run` inside one process (the part
  that knows nothing changed; target ≤ 50 ms);
- the size of a stored run (rows and bytes of result_unit / result_line) and of its audit.

Prints each figure, its ratio to the floor (target fresh ≤ 2×) and the time per 1,000 units,
so the curve's linearity shows. Run: `.venv/bin/python bench/recompute.py [--units 500,1500,3000]`.
CI runs it at `--units 50`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psycopg
from engine import line
from pgworld import SCHEME, TENANT, World, app_database, drop_database, jixiao, world
from sqlmodel import col, select

FRESH_TARGET = 2.0
UNCHANGED_TARGET_MS = 50.0


def change_one_score(app_url: str) -> None:
    """Lower one ratio actual by a third through the application (the revision moves)."""
    from jixiao.scoring.models import Score

    database, tenant_id = app_database(app_url)
    try:
        with database.tenant_session(tenant_id) as session:
            score = session.exec(
                select(Score).where(col(Score.actual).is_not(None)).order_by(col(Score.seq))
            ).first()
            assert score is not None
            assert score.actual is not None
            score.actual = score.actual / 3
            session.add(score)
            session.commit()
    finally:
        database.dispose()


def unchanged_in_process(app_url: str, repeat: int) -> float:
    """Best time of `compute_run` with nothing changed, inside one process (session included)."""
    from jixiao.audit.service import SYSTEM
    from jixiao.scoring.runs import service

    database, tenant_id = app_database(app_url)
    try:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            with database.tenant_session(tenant_id) as session:
                computed = service.compute_run(session, SCHEME, "annual", actor=SYSTEM)
                session.commit()
            times.append(time.perf_counter() - start)
            assert not computed.created
        return min(times)
    finally:
        database.dispose()


def run_size(app_url: str) -> tuple[int, int, int, int, int]:
    """(unit rows, lines stored anew, bytes of both, audit events, audit bytes) of the newest
    run (lines shared with an earlier run are not counted again)."""
    with psycopg.connect(app_url) as conn:
        tenant = conn.execute("SELECT id FROM tenant WHERE code = %s", (TENANT,)).fetchone()
        assert tenant is not None
        conn.execute("SELECT set_config('jixiao.tenant_id', %s, true)", (str(tenant[0]),))
        run = conn.execute("SELECT run_id FROM result_pointer WHERE period = 'annual'").fetchone()
        assert run is not None
        units, unit_bytes = conn.execute(
            "SELECT count(*), coalesce(sum(pg_column_size(u.*)), 0) FROM result_unit u"
            " WHERE run_id = %s",
            run,
        ).fetchone() or (0, 0)
        lines, line_bytes = conn.execute(
            "SELECT coalesce(sum(json_array_length(l.lines)), 0),"
            " coalesce(sum(pg_column_size(l.*)), 0) FROM result_lines l WHERE run_id = %s",
            run,
        ).fetchone() or (0, 0)
        events, event_bytes = conn.execute(
            "SELECT count(*), coalesce(sum(pg_column_size(a.*)), 0) FROM audit_event a"
            " WHERE target_id = %s",
            (str(run[0]),),
        ).fetchone() or (0, 0)
    return units, lines, unit_bytes + line_bytes, events, event_bytes


def measure(size: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        name = f"jixiao_bench_recompute_{size}"
        built: World = world(size, Path(tmp), name)
        try:
            env = built.env
            floor = min(
                jixiao(env, "simulate", built.scheme_path, built.data_path)[0]
                for _ in range(repeat)
            )
            compute = ["results", "compute", "--tenant", TENANT, "--scheme", SCHEME]
            fresh, _ = jixiao(env, *compute)
            fresh_size = run_size(built.app_url)
            change_one_score(built.app_url)
            changed, _ = jixiao(env, *compute)
            changed_size = run_size(built.app_url)
            again = min(jixiao(env, *compute)[0] for _ in range(repeat))
            inner = unchanged_in_process(built.app_url, max(repeat, 3))
        finally:
            drop_database(name)
    print(f"\n{size:,} units ({built.import_seconds:.1f} s to import)")
    line("floor   jixiao simulate (annual, whole process)", f"{floor:.3f} s")
    line("fresh   jixiao results compute (nothing stored)", f"{fresh:.3f} s")
    line("changed jixiao results compute (one score changed)", f"{changed:.3f} s")
    line("again   jixiao results compute (unchanged)", f"{again:.3f} s")
    line("inner   compute_run, unchanged (in process)", f"{inner * 1000:.1f} ms")
    verdict = "ok" if fresh / floor <= FRESH_TARGET else "OVER"
    line("fresh/floor", f"{fresh / floor:.2f}", f"(target <= {FRESH_TARGET:g}: {verdict})")
    line("changed/floor", f"{changed / floor:.2f}")
    ok = "ok" if inner * 1000 <= UNCHANGED_TARGET_MS else "OVER"
    line("unchanged in process", f"{inner * 1000:.1f} ms", f"(target <= 50 ms: {ok})")
    for label, (units, lines, stored, events, event_bytes) in (
        ("fresh run", fresh_size),
        ("run after one change", changed_size),
    ):
        line(
            f"stored: {label}",
            f"{stored / 1e6:.1f} MB",
            f"{units:,} unit rows, {lines:,} lines stored; audit {events} event(s),"
            f" {event_bytes:,} bytes",
        )
    return {"fresh": fresh, "floor": floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", default="500,1500,3000", help="sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(part) for part in args.units.split(",")]
    figures = {size: measure(size, args.repeat) for size in sizes}
    if len(sizes) > 1:
        print("\nlinearity (seconds per 1,000 units)")
        for size, found in figures.items():
            per = 1000 / size
            line(
                f"{size:,} units",
                f"{found['fresh'] * per:.2f} s",
                f"simulate {found['floor'] * per:.2f} s",
            )


if __name__ == "__main__":
    main()
