"""The cyclic garbage collector paused while hundreds of thousands of entries are read or
built (a data file, a scheme's stored inputs), and what the pause leaves behind."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, age: bool = False) -> Iterator[None]:
    """Pause the cyclic GC while reading or building hundreds of thousands of entries.

    Nothing built here forms a cycle, yet each burst of allocations makes the collector walk
    the whole loaded document again: at city scale that was 40 % of the load time, and the
    collections triggered while reading the small sections after the scores cost a second more.

    `age`, for a command that ends soon after (`jixiao simulate`): what the pause built is
    moved into the oldest generation (`_age_young_objects`).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if age:
                _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """Move what was built while the collector was paused into its oldest generation.

    Every container allocated in the pause is counted as young: the first allocation after it
    would walk them all (70 ms after a city-scale `simulate`, whose output follows). Freezing
    and unfreezing moves every tracked object into the oldest generation in constant time and
    resets the young count; full collections still find their garbage. Only where nothing is
    frozen: in a settled process (`platform/heap.py`) unfreezing would undo the freeze. (Asking
    walks the frozen objects, a millisecond in a settled process: hence only when asked.)
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
