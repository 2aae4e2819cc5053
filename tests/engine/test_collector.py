"""The collector's pause around large reads (`jixiao.engine.collector.collector_paused`).

Each check runs in a fresh interpreter: the test process itself is settled (frozen), and the
pause behaves differently there on purpose.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_what_the_pause_built_does_not_count_as_young_afterwards() -> None:
    # Without the ageing the young count stands at 200,000 after the pause, and the first
    # allocation starts a collection that walks every list built in it.
    out = _run(
        """
        import gc
        from jixiao.engine.collector import collector_paused
        walks = []
        gc.callbacks.append(lambda phase, info: phase == "start" and walks.append(info))
        with collector_paused(age=True):
            kept = [[n] for n in range(200_000)]
        more = [[n] for n in range(100)]
        print(gc.isenabled(), walks, gc.get_freeze_count(), len(kept))
        """
    )
    assert out == "True [] 0 200000"


def test_a_cycle_built_in_the_pause_is_still_collected() -> None:
    out = _run(
        """
        import gc, weakref
        from jixiao.engine.collector import collector_paused
        class Node: pass
        with collector_paused(age=True):
            a, b = Node(), Node()
            a.other, b.other = b, a
            probe = weakref.ref(a)
            del a, b
        gc.collect()
        print(probe() is None)
        """
    )
    assert out == "True"


def test_a_settled_process_keeps_its_frozen_objects_frozen() -> None:
    out = _run(
        """
        import gc
        from jixiao.engine.collector import collector_paused
        gc.freeze()
        frozen = gc.get_freeze_count()
        with collector_paused(age=True):
            kept = [[n] for n in range(1_000)]
        print(gc.isenabled(), gc.get_freeze_count() == frozen)
        """
    )
    assert out == "True True"


def test_the_pause_leaves_a_disabled_collector_disabled() -> None:
    out = _run(
        """
        import gc
        from jixiao.engine.collector import collector_paused
        gc.disable()
        with collector_paused(age=True):
            pass
        print(gc.isenabled())
        """
    )
    assert out == "False"


def test_without_age_the_pause_leaves_the_generations_alone() -> None:
    # What a settled server's recompute uses: asking how much is frozen walks it all.
    out = _run(
        """
        import gc
        from jixiao.engine.collector import collector_paused
        walks = []
        gc.callbacks.append(lambda phase, info: phase == "start" and walks.append(info))
        with collector_paused():
            kept = [[n] for n in range(50_000)]
        more = [[n] for n in range(100)]
        print(len(walks) > 0)
        """
    )
    assert out == "True"
