"""Observability: /metrics, /readyz beside /healthz, log lines with request, tenant and user,
jobs carrying the request's context and measured."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import dramatiq
import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from jixiao.app import create_app
from jixiao.platform import metrics
from jixiao.platform.config import Settings
from jixiao.platform.db import Database, migrate
from jixiao.platform.requestid import (
    JsonFormatter,
    RequestIdFilter,
    bind_party,
    request_id_var,
    tenant_var,
    user_var,
)
from jixiao.platform.schema_version import can_serve, head_revisions, known_revisions
from jixiao.workers.observe import OPTION, JobObserver
from tests.conftest import NO_RATE_LIMITS

VIEWER = {"query": "query Who { viewer { authenticated } }"}


def _client(database: Database, address: str = "127.0.0.1") -> TestClient:
    client = TestClient(create_app(database.settings, database=database), client=(address, 5000))
    client.get("/healthz")  # the CSRF cookie
    return client


def _post(client: TestClient, body: dict[str, object]) -> None:
    token = client.cookies.get("jixiao_csrf", "")
    assert client.post("/graphql", json=body, headers={"X-CSRF-Token": token}).status_code == 200


def _sample(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(part in line for part in wanted.split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_graphql_operations_by_name_and_errors(database: Database) -> None:
    client = _client(database)
    before = client.get("/metrics").text
    _post(client, VIEWER)
    _post(client, {"query": "{ viewer { authenticated } }"})
    _post(client, {"query": "{ noSuchField }"})  # invalid: no operation name is made up
    _post(client, {"query": "{ users(first: 1) { nodes { id } } }"})  # refused: not signed in
    after = client.get("/metrics")
    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    key = {"route": "graphql", "operation": "query:viewer", "status": "2xx"}
    grew = _sample(text, "jixiao_http_requests_total", **key) - _sample(
        before, "jixiao_http_requests_total", **key
    )
    assert grew == 2
    assert "noSuchField" not in text
    assert _sample(text, "jixiao_graphql_errors_total", operation="query:users") >= 1
    assert 'jixiao_http_request_seconds_bucket{le="0.005",operation="query:viewer"' in text
    assert "jixiao_db_pool_in_use" in text
    assert 'jixiao_queue_depth{queue="' in text


def test_metrics_are_not_served_to_the_world(sqlite_settings: Settings, tmp_path: Path) -> None:
    """Without a token only loopback clients are answered; with one, only its bearer."""
    database = Database(sqlite_settings)
    try:
        assert _client(database, "203.0.113.9").get("/metrics").status_code == 404
        guarded = Settings(
            env="test", data_dir=sqlite_settings.data_dir, metrics_token="s" * 32, **NO_RATE_LIMITS
        )
        client = TestClient(create_app(guarded, database=database), client=("127.0.0.1", 5000))
        assert client.get("/metrics").status_code == 404
        bad = client.get("/metrics", headers={"Authorization": "Bearer " + "t" * 32})
        assert bad.status_code == 404
        good = client.get("/metrics", headers={"Authorization": "Bearer " + "s" * 32})
        assert good.status_code == 200
        assert "jixiao_http_requests_total" in good.text
    finally:
        database.dispose()


def test_readiness_checks_the_database_and_its_migrations(
    sqlite_settings: Settings, tmp_path: Path
) -> None:
    database = Database(sqlite_settings)
    try:
        ready = _client(database).get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json() == {"status": "ready"}
    finally:
        database.dispose()
    # A database that was never migrated: alive, but not ready, and says why to the local probe.
    bare = Settings(env="test", data_dir=tmp_path / "bare", **NO_RATE_LIMITS)
    unmigrated = Database(bare)
    try:
        local = _client(unmigrated).get("/readyz")
        assert local.status_code == 503
        assert "jixiao migrate" in local.json()["problems"]["migrations"]
        remote = _client(unmigrated, "203.0.113.9").get("/readyz")
        assert remote.status_code == 503
        assert remote.json() == {"status": "unavailable"}  # no details for the world
        assert _client(unmigrated).get("/healthz").status_code == 200
    finally:
        unmigrated.dispose()


def test_readiness_during_a_rolling_upgrade(sqlite_settings: Settings) -> None:
    """A newer release migrated the database: this release's processes stay ready (its
    migrations only expanded the schema); a database behind this code is not ready."""
    database = Database(sqlite_settings)
    (head,) = head_revisions()
    try:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'f00d_next_release'"))
        assert _client(database).get("/readyz").status_code == 200
        older = sorted(known_revisions() - {head})[0]
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
        behind = _client(database).get("/readyz")
        assert behind.status_code == 503
        assert older in behind.json()["problems"]["migrations"]
    finally:
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        database.dispose()
    assert can_serve(frozenset({head}))
    assert can_serve(frozenset({"f00d_next_release"}))
    assert not can_serve(frozenset({older, "f00d_next_release"}))  # half known: refuse
    assert not can_serve(frozenset())


def test_readiness_names_an_unreachable_redis(tmp_path: Path) -> None:
    settings = Settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url="redis://127.0.0.1:1/0",
        **NO_RATE_LIMITS,
    )
    migrate(settings)
    database = Database(settings)
    try:
        answer = _client(database).get("/readyz")
        assert answer.status_code == 503
        assert set(answer.json()["problems"]) == {"redis"}
    finally:
        database.dispose()


def test_json_log_lines_carry_request_tenant_and_user() -> None:
    record = logging.LogRecord("jixiao.test", logging.WARNING, __file__, 1, "分数 %s", ("9",), None)
    tokens = [request_id_var.set("req-1234abcd")]
    try:
        bind_party("jinfeng", "office")
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(tokens[0])
        bind_party(None, None)
    assert line["message"] == "分数 9"
    assert (line["request_id"], line["tenant"], line["user"]) == (
        "req-1234abcd",
        "jinfeng",
        "office",
    )
    assert line["level"] == "WARNING"
    assert line["time"].endswith("Z")


def test_a_job_carries_the_request_context_and_is_measured() -> None:
    observer = JobObserver()
    message = dramatiq.Message(
        queue_name="default", actor_name="tests.observed", args=(), kwargs={}, options={}
    )
    token = request_id_var.set("req-from-api")
    bind_party("jinfeng", "office")
    try:
        observer.before_enqueue(dramatiq.get_broker(), message, 0)
    finally:
        request_id_var.reset(token)
        bind_party(None, None)
    assert message.options[OPTION] == {
        "request_id": "req-from-api",
        "tenant": "jinfeng",
        "user": "office",
    }
    # The worker: the same message as Redis hands it back.
    received = dramatiq.Message.decode(message.encode())
    before = metrics.JOBS.labels("tests.observed", "done")._value.get()
    observer.before_process_message(dramatiq.get_broker(), received)
    seen = (request_id_var.get(), tenant_var.get(), user_var.get())
    observer.after_process_message(dramatiq.get_broker(), received, result=None)
    assert seen == ("req-from-api", "jinfeng", "office")
    assert request_id_var.get() == "-"
    assert tenant_var.get() == "-"
    assert metrics.JOBS.labels("tests.observed", "done")._value.get() == before + 1


@pytest.mark.parametrize("value", ["xml", "JSON "])
def test_a_bad_log_format_is_refused_by_name(value: str) -> None:
    from jixiao.platform.config import SettingsError

    with pytest.raises(SettingsError, match="JIXIAO_LOG_FORMAT"):
        Settings.from_env({"JIXIAO_LOG_FORMAT": value})


def test_a_trace_follows_a_request_into_the_job_it_queues(database: Database) -> None:
    """A request continues its caller's traceparent as a span named by its operation; a job
    queued under a span carries the trace and runs as a child span of it in the worker."""
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind

    from jixiao.platform import tracing

    exporter = InMemorySpanExporter()
    tracing.configure_with(exporter, "jixiao-test", batch=False)
    try:
        caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        client = _client(database)
        token = client.cookies.get("jixiao_csrf", "")
        answer = client.post(
            "/graphql",
            json=VIEWER,
            headers={
                "X-CSRF-Token": token,
                "traceparent": f"00-{caller_trace}-00f067aa0ba902b7-01",
            },
        )
        assert answer.status_code == 200
        request_span = next(s for s in exporter.get_finished_spans() if s.name == "query:viewer")
        assert format(request_span.context.trace_id, "032x") == caller_trace
        assert request_span.kind == SpanKind.SERVER
        assert request_span.attributes["http.response.status_code"] == 200

        observer = JobObserver()
        message = dramatiq.Message(
            queue_name="default", actor_name="tests.traced", args=(), kwargs={}, options={}
        )
        with tracing.server_span("mutation:submitReport", {}) as parent:
            observer.before_enqueue(dramatiq.get_broker(), message, 0)
        received = dramatiq.Message.decode(message.encode())
        observer.before_process_message(dramatiq.get_broker(), received)
        observer.after_process_message(dramatiq.get_broker(), received, exception=ValueError())
        job = next(s for s in exporter.get_finished_spans() if s.name == "job tests.traced")
        assert job.context.trace_id == parent.get_span_context().trace_id
        assert job.parent is not None
        assert job.parent.span_id == parent.get_span_context().span_id
        assert job.kind == SpanKind.CONSUMER
        assert job.status.status_code.name == "ERROR"
    finally:
        tracing.disable()
