"""Traces (OpenTelemetry) from the API to the worker.

Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: then
each API process and worker sends its spans over OTLP/HTTP to that collector (Jaeger, Tempo,
SkyWalking's OTLP receiver…) under `OTEL_SERVICE_NAME` (default `jixiao-api` / `jixiao-worker`).
An HTTP request is a server span named by its GraphQL operation (`query:rankings`), continuing
a `traceparent` the caller sent; a job queued during it carries the trace in its message
options (`workers/observe.py`) and runs as a consumer span of the same trace, so one trace id
follows a score from the request that saved it to the recompute that used it. Nothing of
OpenTelemetry is imported while tracing is off.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_tracer: Any = None  # an opentelemetry Tracer once configured


def wanted() -> bool:
    return bool(
        os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def configure(service: str) -> bool:
    """Send this process's spans to the OTLP collector, when one is configured."""
    if not wanted():
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    configure_with(OTLPSpanExporter(), os.environ.get("OTEL_SERVICE_NAME") or service)
    return True


def configure_with(exporter: Any, service: str, batch: bool = True) -> None:
    """Trace with this exporter (tests give an in-memory one, unbatched)."""
    global _tracer
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    processor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    _tracer = provider.get_tracer("jixiao")


def disable() -> None:
    global _tracer
    _tracer = None


def enabled() -> bool:
    return _tracer is not None


@contextmanager
def server_span(name: str, headers: Mapping[str, str]) -> Iterator[Any]:
    """A request's span, continuing the caller's `traceparent` (None while tracing is off)."""
    if _tracer is None:
        yield None
        return
    from opentelemetry.trace import SpanKind
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    parent = TraceContextTextMapPropagator().extract(dict(headers))
    with _tracer.start_as_current_span(name, context=parent, kind=SpanKind.SERVER) as span:
        yield span


def carrier() -> dict[str, str]:
    """The current trace, for a job to carry (empty while tracing is off)."""
    if _tracer is None:
        return {}
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    found: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(found)
    return found


def start_job_span(name: str, carried: Mapping[str, str]) -> Any:
    """A job's span, child of the request that queued it; the caller ends it (`end_span`)."""
    if _tracer is None:
        return None
    from opentelemetry import context as otel_context
    from opentelemetry import trace
    from opentelemetry.trace import SpanKind
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    parent = TraceContextTextMapPropagator().extract(dict(carried))
    span = _tracer.start_span(name, context=parent, kind=SpanKind.CONSUMER)
    token = otel_context.attach(trace.set_span_in_context(span))
    return span, token


def end_span(started: Any, failed: BaseException | None = None) -> None:
    if started is None:
        return
    from opentelemetry import context as otel_context
    from opentelemetry.trace import Status, StatusCode

    span, token = started
    if failed is not None:
        span.record_exception(failed)
        span.set_status(Status(StatusCode.ERROR, type(failed).__name__))
    span.end()
    otel_context.detach(token)
