"""Jobs carry the context of the request that queued them, and workers measure them.

A job queued during a request carries that request's id, tenant and user in its message
options; the worker puts them back on its log lines while the job runs, so one request id
follows a change from the API to the worker (`platform/requestid.py`). Each job's duration and
outcome go to the metrics (`platform/metrics.py`): an API process with the in-process broker
shows them at `/metrics`, a `jixiao worker` process on `JIXIAO_WORKER_METRICS_PORT`. With
tracing on, the job carries the request's trace too and runs as a span of it.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import dramatiq
from dramatiq.middleware import Middleware

from jixiao.platform import metrics, tracing
from jixiao.platform.requestid import log_context, restore_log_context

OPTION = "jixiao_log"
TRACE = "jixiao_trace"  # the W3C trace context of the queuing request (platform/tracing.py)


class JobObserver(Middleware):
    def __init__(self) -> None:
        self._running = threading.local()

    def before_enqueue(self, broker: dramatiq.Broker, message: Any, delay: int) -> None:
        message.options[OPTION] = log_context()
        if trace := tracing.carrier():
            message.options[TRACE] = trace

    def before_process_message(self, broker: dramatiq.Broker, message: Any) -> None:
        tokens = restore_log_context(message.options.get(OPTION) or {})
        span = tracing.start_job_span(f"job {message.actor_name}", message.options.get(TRACE) or {})
        self._running.job = (time.perf_counter(), tokens, span)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: Any,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        self._finish(message, "failed" if exception is not None else "done", exception)

    def after_skip_message(self, broker: dramatiq.Broker, message: Any) -> None:
        self._finish(message, "skipped")

    def _finish(self, message: Any, outcome: str, failed: BaseException | None = None) -> None:
        started, tokens, span = getattr(self._running, "job", (None, [], None))
        self._running.job = (None, [], None)
        tracing.end_span(span, failed)
        if started is not None:
            metrics.JOB_SECONDS.labels(message.actor_name).observe(time.perf_counter() - started)
        metrics.JOBS.labels(message.actor_name, outcome).inc()
        for var, token in reversed(tokens):
            var.reset(token)


def queue_reader(broker: dramatiq.Broker) -> Any:
    """Each queue's waiting jobs and the age of its oldest, read at scrape time."""

    def read() -> list[tuple[str, int, float | None]]:
        found: list[tuple[str, int, float | None]] = []
        names = sorted(broker.get_declared_queues())
        client = getattr(broker, "client", None)
        if client is None:  # the in-process broker
            for name in names:
                queue = broker.queues[name]
                found.append((name, queue.qsize(), None))
            return found
        namespace = broker.namespace  # type: ignore[attr-defined]
        now_ms = time.time() * 1000
        for name in names:
            key = f"{namespace}:{name}"
            waiting = int(client.llen(key))
            age = None
            oldest = client.lindex(key, 0) if waiting else None
            if oldest is not None:
                payload = client.hget(f"{key}.msgs", oldest)
                if payload:
                    stamp = json.loads(payload).get("message_timestamp")
                    age = max(0.0, (now_ms - float(stamp)) / 1000) if stamp else None
            found.append((name, waiting, age))
        return found

    return read


__all__ = ["OPTION", "TRACE", "JobObserver", "queue_reader"]
