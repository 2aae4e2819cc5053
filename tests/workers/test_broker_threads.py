"""In-process brokers share one thread that enforces jobs' time limits (dramatiq starts one
per broker and never stops it: a test run had hundreds, each waking every second)."""

from __future__ import annotations

import threading

from jixiao.platform.config import Settings
from jixiao.platform.db import Database
from jixiao.workers.broker import setup_broker


def _watchers() -> int:
    return sum(type(t).__name__ == "_CtypesTimeoutManager" for t in threading.enumerate())


def test_in_process_brokers_share_one_time_limit_thread(tmp_path: object) -> None:
    settings = Settings(env="test", data_dir=tmp_path)  # type: ignore[arg-type]
    database = Database(settings)
    try:
        setup_broker(settings, database, mode="inprocess")
        before = _watchers()
        for _ in range(3):
            setup_broker(settings, database, mode="inprocess")
        assert before >= 1
        assert _watchers() == before
    finally:
        database.dispose()
