"""Tracing: one request gives HTTP, GraphQL and SQL spans in one trace; an arq job gives a span
its Redis calls nest in; and with no OTLP endpoint set nothing of OpenTelemetry is imported.

Spans go to the SDK's InMemorySpanExporter, through the same setup an exporting process uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from arq.worker import Worker
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from qraph import tracing
from qraph.app import create_app
from qraph.settings import Settings
from tests.e2e.test_live_updates import ROOT
from workers.queue import redis_settings

QUERY = "query Page { backends(first: 3) { totalCount edges { node { name qubits } } } }"


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    spans = InMemorySpanExporter()
    assert tracing.configure("qraph-test", exporter=spans)
    yield spans
    tracing.stop()  # the apps other modules build stay untraced


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    exporter.clear()
    yield exporter
    exporter.clear()


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    chain = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span)
    return chain


def _is_sql(span: ReadableSpan) -> bool:
    attributes = span.attributes or {}
    return "postgresql" in (attributes.get("db.system"), attributes.get("db.system.name"))


async def test_a_request_is_one_trace_of_http_graphql_and_sql_spans(
    spans: InMemorySpanExporter, settings: Settings
) -> None:
    # given an app built while tracing is on
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        spans.clear()  # the lifespan's own Redis calls are not the request's
        # when a page of backends is asked for
        response = await client.post("/graphql", json={"query": QUERY})
        assert response.status_code == 200 and "errors" not in response.json()
    finished = list(spans.get_finished_spans())
    by_id = {span.context.span_id: span for span in finished}
    # then there is one HTTP server span, and it is the root of the request's trace
    servers = [s for s in finished if s.kind is SpanKind.SERVER and s.parent is None]
    assert len(servers) == 1, [s.name for s in finished]
    server = servers[0]
    assert server.name == "POST /graphql"
    assert (server.attributes or {}).get("http.route", "/graphql") == "/graphql"
    request_spans = [s for s in finished if s.context.trace_id == server.context.trace_id]
    # a GraphQL operation span inside it, with resolver spans
    operations = [s for s in request_spans if s.name.startswith("GraphQL")]
    assert operations and all(server in _ancestors(s, by_id) for s in operations)
    assert any(s.name.startswith("GraphQL Resolving") for s in request_spans)
    # and the SQL statements nest in the operation
    sql = [s for s in request_spans if _is_sql(s)]
    assert sql, [s.name for s in request_spans]
    for statement in sql:
        assert operations[0] in _ancestors(statement, by_id) or any(
            op in _ancestors(statement, by_id) for op in operations
        )
    # and no span of the request escaped into another trace
    assert all(s.context.trace_id == server.context.trace_id for s in operations + sql)


async def test_health_probes_are_not_traced(spans: InMemorySpanExporter, settings: Settings):
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        spans.clear()
        assert (await client.get("/health")).status_code == 200
    assert not [s.name for s in spans.get_finished_spans() if "health" in s.name]


async def _touch_redis(ctx: dict[str, Any]) -> str:
    await ctx["redis"].set("qraph:tracing-test", "1")
    return "done"


async def test_an_arq_job_is_a_span_its_redis_calls_nest_in(
    spans: InMemorySpanExporter, redis_url: str
) -> None:
    # given a burst worker with Qraph's tracing hooks, and a job that calls Redis
    worker = Worker(
        functions=[_touch_redis],
        redis_settings=redis_settings(redis_url),
        burst=True,
        handle_signals=False,
        on_job_start=tracing.job_started,
        on_job_end=tracing.job_ended,
    )
    try:
        await worker.main()  # connects; nothing queued yet
        await worker.pool.enqueue_job("_touch_redis", _job_id="touch:1")
        spans.clear()
        # when the worker runs it
        await worker.main()
    finally:
        await worker.close()
    finished = list(spans.get_finished_spans())
    by_id = {span.context.span_id: span for span in finished}
    # then the job has a consumer span, and the job's SET is inside it
    jobs = [s for s in finished if s.name == "arq touch"]
    assert len(jobs) == 1 and jobs[0].kind is SpanKind.CONSUMER, [s.name for s in finished]
    assert (jobs[0].attributes or {}).get("messaging.message.id") == "touch:1"
    sets = [s for s in finished if s.name == "SET"]
    assert sets and jobs[0] in _ancestors(sets[0], by_id)


def test_without_an_endpoint_nothing_is_imported_or_wrapped():
    # given no OTLP endpoint in the environment
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env |= {"DATABASE_URL": "postgresql://x@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1"}
    probe = (
        "import sys\n"
        "from qraph.app import create_app\n"
        "import workers.settings\n"
        "app = create_app()\n"
        "assert not [m for m in sys.modules if m.startswith('opentelemetry')], 'imported'\n"
        "assert 'OpenTelemetryMiddleware' not in repr(app.user_middleware)\n"
        "print('untraced')\n"
    )
    # when the app and the worker's settings are built
    result = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    # then OpenTelemetry was never imported
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    assert result.stdout.decode().strip() == "untraced"
