"""The garbage collector of a process that runs for hours: `jixiao serve`'s API processes and
`jixiao worker`.

CPython's collector is triggered by allocations: every 700 net new container objects it walks
the youngest generation, every tenth time the next, and now and then all of them. A process
that holds the app, its schema, its models and its caches (hundreds of thousands of objects)
pays for the walk again and again while it answers, although none of that start-up state ever
becomes garbage. `settle` freezes what start-up built (the collector skips it from then on) and
walks the young generations ten times more rarely and the whole heap more rarely still. What it
costs is memory: cycles of garbage wait longer to be found (the test processes, which settle the
same way, peaked 18 % higher). Measured: `bench/deadline_day.py` in the README.
"""

from __future__ import annotations

import gc

# Net allocations between walks of the youngest generation (CPython: 700), and walks of one
# generation between walks of the next (CPython: 10 and 10).
THRESHOLDS = (10_000, 50, 100)


def settle() -> None:
    """Freeze the objects start-up made and set `THRESHOLDS` (once everything is built)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
